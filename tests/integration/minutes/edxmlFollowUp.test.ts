// Updating and recalling a filed record from the product, through the real server (ARCHIVE_ADAPTER=edxml, the
// agency's PKCS#12): the request `minutesFollowUp` is refused to a delegate and a guest, and for a record not yet
// filed with a clear error; the secretary's update and the chair's recall each become a signed package in the
// outbox that names the original by its DocumentId, validates against the schema and verifies with xmlsec1; both
// are audit-logged, the record's view lists every package sent and says "recalled", and a recalled record takes no
// further update. Needs openssl, libxml2-utils, xmlsec1, poppler-utils and fonts-liberation2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MinutesView } from '../../../common/minutesView.ts';
import { readEdxmlPackage } from '../../../server/archive/edxml.ts';
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
/** The outbox's packages, oldest first. */
const packages = () =>
  (existsSync(archive().dir) ? readdirSync(archive().dir) : [])
    .filter((f) => f.endsWith('.edxml'))
    .map((f) => join(archive().dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);

/** The package whose Bussiness says it does this (BussinessDocType), read back. */
function packageOfType(type: string): { xml: string; info: ReturnType<typeof readEdxmlPackage> } {
  for (const path of packages()) {
    const xml = readFileSync(path, 'utf8');
    const info = readEdxmlPackage(xml);
    if (info.businessDocType === type) return { xml, info };
  }
  return assert.fail(`no package of BussinessDocType ${type} in the outbox`);
}

const followUpState = (v: MinutesView) => v.filing?.followUps.state;

before(async () => {
  meeting = await startEdxmlMeeting('edxml-follow-up-');
  ({ dir, cert, t, c } = meeting);
  ({ guest } = await meeting.clients.admitGuest(c.chair.client, c.seeded.guestLink(), 'Khách mời Báo Nhân Dân'));
});
after(async () => {
  await stopEdxmlMeeting(meeting);
});

describe('update and recall of a filed record, from the product', () => {
  let documentId = '';

  it('refuses a recall of a record that is not filed yet, saying so', async () => {
    await writeFinaliseAndSign(c);
    await assert.rejects(c.chair.request('minutesFollowUp', { kind: 'recall', reason: 'Gửi nhầm nơi nhận' }), {
      code: 'minutes_invalid_transition',
      reason: 'not_filed',
      message: /not been filed yet/,
    });
    assert.equal(packages().length, 0, 'nothing was written');
  });

  it('refuses a delegate and a guest, and a recall without its reason', async () => {
    const filed = c.chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 15_000);
    await c.secretary.request('minutesFile', {});
    documentId = (await filed).filing!.receipt!.id;
    const recall = { kind: 'recall', reason: 'Gửi nhầm nơi nhận' } as const;
    await assert.rejects(c.delegate.request('minutesFollowUp', recall), { code: 'forbidden' });
    const asGuest = await guest.request('minutesFollowUp', recall);
    assert.equal(asGuest.ok, false);
    assert.equal(!asGuest.ok && asGuest.error.code, 'forbidden');
    await assert.rejects(c.chair.request('minutesFollowUp', { kind: 'recall', reason: '  ' }), {
      code: 'invalid_message',
    });
    assert.equal(packages().length, 1, 'only the first filing');
    const view = await c.secretary.request('minutesOpen', {});
    assert.deepEqual(
      view.minutes.filing!.followUps.packages.map((p) => [p.kind, p.state]),
      [['new', 'filed']],
    );
    assert.equal(view.minutes.filing!.followUps.state, 'none');
  });

  it('sends the secretary’s update naming the original, validated and signed, and audits it', async () => {
    const updated = c.delegate.client.waitFor('minutesChanged', (v) => followUpState(v) === 'updated', 15_000);
    const pending = await c.secretary.request('minutesFollowUp', { kind: 'update', reason: 'Bổ sung nơi nhận' });
    assert.equal(pending.filing!.followUps.state, 'updatePending');
    const view = await updated;
    assert.deepEqual(
      view.filing!.followUps.packages.map((p) => [p.kind, p.state, p.reason]),
      [
        ['new', 'filed', null],
        ['update', 'filed', 'Bổ sung nơi nhận'],
      ],
    );
    const { xml, info } = packageOfType('2');
    assertConformant(xml, dir, cert.caPath, 'update.edxml');
    assert.equal(info.businessDocumentId, documentId, 'the update names the original by its DocumentId');
    assert.match(xml, /<edXML:BussinessDocReason>Bổ sung nơi nhận<\/edXML:BussinessDocReason>/);
    assert.equal(info.attachments.length, 1, 'the signed PDF goes again');
    const { entries } = await c.chair.request('auditLog', {});
    const entry = entries.find((e) => e.action === 'minutes.update');
    assert.equal(entry?.actorId, 'secretary');
    assert.match(entry?.detail ?? '', new RegExp(documentId.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  });

  it('sends the chair’s recall naming the original, shows "recalled", and takes no update after it', async () => {
    const recalled = c.secretary.client.waitFor('minutesChanged', (v) => followUpState(v) === 'recalled', 15_000);
    await c.chair.request('minutesFollowUp', { kind: 'recall', reason: 'Thu hồi do gửi nhầm nơi nhận' });
    const view = await recalled;
    assert.deepEqual(
      view.filing!.followUps.packages.map((p) => p.kind),
      ['new', 'update', 'recall'],
    );
    const { xml, info } = packageOfType('1');
    assertConformant(xml, dir, cert.caPath, 'recall.edxml');
    assert.equal(info.businessDocumentId, documentId, 'the recall names the original by its DocumentId');
    assert.equal(info.attachments.length, 0, 'a recall carries no file');
    assert.match(xml, /<edXML:BussinessDocReason>Thu hồi do gửi nhầm nơi nhận<\/edXML:BussinessDocReason>/);
    const { entries } = await c.secretary.request('auditLog', {});
    assert.equal(entries.find((e) => e.action === 'minutes.recall')?.actorId, 'chair');

    await assert.rejects(c.secretary.request('minutesFollowUp', { kind: 'update' }), {
      code: 'minutes_invalid_transition',
      reason: 'recalled',
    });
    assert.equal(packages().length, 3);
  });

  it('shows the receiver’s answer to the recall on the record', async () => {
    const answered = c.chair.client.waitFor(
      'minutesChanged',
      (v) => v.filing?.receiverStatuses.some((s) => s.code === '15') === true,
      5_000,
    );
    writeFileSync(
      join(archive().inbox, 'status-15.xml'),
      statusMessage({ documentId, code: '15', timestamp: '2026/11/24 09:00:00', description: 'Đồng ý thu hồi' }),
    );
    const view = await answered;
    assert.equal(view.filing!.followUps.state, 'recalled');
    assert.equal(view.state, 'filed');
  });
});
