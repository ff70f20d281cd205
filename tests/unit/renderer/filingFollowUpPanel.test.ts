// The filed record's panel in the minutes (FilingFollowUpPanel), rendered by React itself: every package sent with
// its kind, "Cập nhật" and "Thu hồi" only where common/minutesFiling.ts offers them (the chair and the secretary, a
// record filed to the edXML axis, nothing waiting, not recalled), and "Đã thu hồi" once the recall went out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { followUpsOffered, followUpState, type FiledPackage } from '../../../common/minutesFiling.ts';
import type { FilingStatus, MinutesView } from '../../../common/minutesView.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import { FilingFollowUpPanel } from '../../../renderer/features/minutes/FilingFollowUpPanel.tsx';
import { I18nProvider } from '../../../renderer/i18n/I18nProvider.tsx';
import { translate } from '../../../renderer/i18n/translate.ts';

const AT = '2026-11-23T07:00:00.000Z';
const sent = (kind: FiledPackage['kind'], reason: string | null = null): FiledPackage => ({
  kind,
  sentAt: AT,
  state: 'filed',
  reason,
  lastError: null,
});

function filing(packages: FiledPackage[], target = 'edxml'): FilingStatus {
  return {
    state: 'filed',
    target,
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    receipt: { archive: target, id: '000.00.01.G06,2026/11/23,15/BB-VPB', location: null, filedAt: AT, version: null },
    receiverStatuses: [],
    refileOffered: false,
    followUps: { packages, state: followUpState(packages) },
  };
}

const view = (f: FilingStatus): MinutesView => ({
  id: 'bien-ban-1',
  meetingId: 'giao-ban-1',
  state: 'filed',
  number: '15',
  signatures: [],
  history: [],
  versions: [],
  coEditorIds: [],
  comments: [],
  filing: f,
  archive: f.target,
  updatedAt: AT,
});

function render(f: FilingStatus, role: MeetingRole): string {
  const panel = createElement(FilingFollowUpPanel, {
    view: view(f),
    t: (key, params) => translate('vi', key, params),
    canFollowUp: followUpsOffered(role, f),
    busy: false,
    onSend: async () => true,
  });
  return renderToStaticMarkup(createElement(I18nProvider, null, panel));
}

const kinds = (html: string) =>
  [...html.matchAll(/data-testid="filing-package" data-kind="([a-z]+)"/g)].map((m) => m[1]);

describe('the filed record’s panel', () => {
  it('offers "Cập nhật" and "Thu hồi" to the chair and the secretary only', () => {
    const filed = filing([sent('new')]);
    for (const role of ['chair', 'secretary'] as const) {
      const html = render(filed, role);
      assert.match(html, /data-testid="filing-update"[^>]*>Cập nhật</, role);
      assert.match(html, /data-testid="filing-recall"[^>]*>Thu hồi</, role);
    }
    for (const role of ['delegate', 'guest'] as const) {
      const html = render(filed, role);
      assert.doesNotMatch(html, /filing-update|filing-recall/, role);
      assert.deepEqual(kinds(html), ['new'], `${role} still sees what was sent`);
    }
  });

  it('offers nothing for a record filed elsewhere than the edXML axis, or while a package waits', () => {
    assert.doesNotMatch(render(filing([sent('new')], 'embedded'), 'chair'), /filing-recall/);
    const waiting = filing([sent('new'), { ...sent('update'), sentAt: null, state: 'queued' }]);
    const html = render(waiting, 'secretary');
    assert.doesNotMatch(html, /filing-recall/);
    assert.match(html, /data-testid="filing-followup-state"[^>]*>Đang gửi bản cập nhật</);
    assert.match(html, /đang chờ gửi/);
  });

  it('lists every package sent and says "Đã thu hồi" once recalled, with nothing more to do', () => {
    const recalled = filing([sent('new'), sent('resend'), sent('update', 'Bổ sung'), sent('recall', 'Gửi nhầm')]);
    const html = render(recalled, 'chair');
    assert.deepEqual(kinds(html), ['new', 'resend', 'update', 'recall']);
    assert.match(html, /data-followup-state="recalled"/);
    assert.match(html, /data-testid="filing-followup-state"[^>]*>Đã thu hồi</);
    assert.match(html, /Gửi nhầm/);
    assert.doesNotMatch(html, /filing-update|filing-recall/);
  });
});
