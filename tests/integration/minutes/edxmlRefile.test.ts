// "Gửi lại" after a receiver's refusal, through the real server (ARCHIVE_ADAPTER=edxml, the agency's PKCS#12): a
// rejection status package dropped into the inbox makes the minutes' bar — the renderer's own LifecycleBar, rendered
// by React over each participant's view from the server — show "Gửi lại" to the secretary and to nobody else;
// filing again is refused to the delegate, the guest and the chair (filing is the secretary's step); the secretary's
// request, which the button sends, writes a second package (valid, signed) and the record's history lists both.
// Needs openssl, libxml2-utils, xmlsec1, poppler-utils and fonts-liberation2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { refileOfferedTo } from '../../../common/minutesFiling.ts';
import { minutesActions, type MinutesView } from '../../../common/minutesView.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import { readEdxmlPackage } from '../../../server/archive/edxml.ts';
import { LifecycleBar } from '../../../renderer/features/minutes/LifecycleBar.tsx';
import { MinutesStore } from '../../../renderer/features/minutes/minutesStore.ts';
import { I18nProvider } from '../../../renderer/i18n/I18nProvider.tsx';
import { translate } from '../../../renderer/i18n/translate.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { TestClient } from '../../helpers/signallingClient.ts';
import { assertConformant, statusMessage, type AgencyCertificate } from './edxmlCast.ts';
import { startEdxmlMeeting, stopEdxmlMeeting, type EdxmlMeeting } from './edxmlMeeting.ts';
import { writeFinaliseAndSign, type Cast } from './minutesCast.ts';

let meeting: EdxmlMeeting | undefined;
let dir = '';
let cert: AgencyCertificate;
let t: TestServer;
let c: Cast;
let guest: TestClient;

const archive = () => t.server.services.config.minutes.archive.edxml;
const packages = () =>
  (existsSync(archive().dir) ? readdirSync(archive().dir) : []).filter((f) => f.endsWith('.edxml')).sort();

/** The minutes' bar as this role sees it: the component the workspace renders, with the workspace's own rules. */
function bar(view: MinutesView, role: MeetingRole, id: string): string {
  const store = new MinutesStore();
  store.update((s) => ({ ...s, opened: true, view }));
  const element = createElement(LifecycleBar, {
    store,
    t: (key, params) => translate('vi', key, params),
    actions: role === 'guest' ? [] : minutesActions(view, { id, role }),
    canRefile: refileOfferedTo(role, view.filing),
    canSign: role === 'chair' || role === 'secretary',
    beforeStep: async () => {},
    onError: () => {},
    numberHint: '15',
  });
  return renderToStaticMarkup(createElement(I18nProvider, null, element));
}

/** The text of the filing button, or null when the bar has none. */
const fileButton = (html: string): string | null => /data-testid="minutes-file"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;

before(async () => {
  meeting = await startEdxmlMeeting('edxml-refile-');
  ({ dir, cert, t, c } = meeting);
  ({ guest } = await meeting.clients.admitGuest(c.chair.client, c.seeded.guestLink(), 'Khách mời'));
});
after(async () => {
  await stopEdxmlMeeting(meeting);
});

describe('"Gửi lại" after a refusal', () => {
  let documentId = '';
  let refused: MinutesView;

  it('a rejection status shows "Gửi lại" to the secretary, and to nobody else', async () => {
    await writeFinaliseAndSign(c);
    const filed = c.secretary.client.waitFor('minutesChanged', (v) => v.state === 'filed', 15_000);
    await c.secretary.request('minutesFile', {});
    const first = await filed;
    documentId = first.filing!.receipt!.id;
    assert.equal(fileButton(bar(first, 'secretary', 'secretary')), null, 'nothing to file before a refusal');

    const offered = c.delegate.client.waitFor('minutesChanged', (v) => v.filing?.refileOffered === true, 5_000);
    writeFileSync(
      join(archive().inbox, 'status-02.xml'),
      statusMessage({ documentId, code: '02', timestamp: '2026/11/23 14:30:00', description: 'Sai nơi nhận' }),
    );
    refused = await offered;
    assert.equal(fileButton(bar(refused, 'secretary', 'secretary')), 'Gửi lại');
    for (const [role, id] of [
      ['chair', 'chair'],
      ['delegate', 'delegate-1'],
      ['guest', 'guest'],
    ] as const) {
      assert.equal(fileButton(bar(refused, role, id)), null, `no "Gửi lại" for the ${role}`);
    }
  });

  it('is refused to the delegate, the guest and the chair', async () => {
    await assert.rejects(c.delegate.request('minutesFile', {}), { code: 'forbidden' });
    const asGuest = await guest.request('minutesFile', {});
    assert.equal(!asGuest.ok && asGuest.error.code, 'forbidden');
    await assert.rejects(c.chair.request('minutesFile', {}), { code: 'forbidden' });
    assert.equal(packages().length, 1, 'nothing filed again');
    const { minutes } = await c.secretary.request('minutesOpen', {});
    assert.equal(minutes.filing!.refileOffered, true, 'still offered to the secretary');
  });

  it('pressing it files again: a second package, and the history shows both', async () => {
    const again = c.chair.client.waitFor(
      'minutesChanged',
      (v) => v.filing?.followUps.packages.filter((p) => p.state === 'filed').length === 2,
      15_000,
    );
    // What the button does (LifecycleBar: store.file() sends minutesFile).
    await c.secretary.request('minutesFile', {});
    const view = await again;
    assert.deepEqual(
      view.filing!.followUps.packages.map((p) => [p.kind, p.state]),
      [
        ['new', 'filed'],
        ['resend', 'filed'],
      ],
    );
    assert.ok(view.filing!.followUps.packages.every((p) => p.sentAt !== null));
    assert.equal(view.filing!.refileOffered, false);
    assert.equal(fileButton(bar(view, 'secretary', 'secretary')), null, 'the refusal is answered');
    assert.ok(
      view.filing!.receiverStatuses.some((s) => s.code === '02'),
      'the refusal stays in the history',
    );

    const names = packages();
    assert.equal(names.length, 2, 'a new package');
    for (const name of names) {
      const xml = readFileSync(join(archive().dir, name), 'utf8');
      assertConformant(xml, dir, cert.caPath, `again-${name}`);
      assert.equal(readEdxmlPackage(xml).documentId, documentId, 'the same document, sent again');
    }
  });
});
