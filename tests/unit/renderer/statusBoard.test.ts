import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StatusEntry } from '../../../common/meeting.ts';
import {
  applyAlert,
  applyEntry,
  applyUnmuteRequest,
  dismissAlert,
  formatBitrate,
  formatPercent,
  initialStatusView,
  isFlagged,
  removeUnmuteRequest,
  severityOf,
  shortPointName,
  sortForBoard,
  summarize,
} from '../../../renderer/features/status/statusState.ts';

const entry = (id: string, extra: Partial<StatusEntry> = {}): StatusEntry => ({
  participantId: id,
  name: `Đại biểu ${id}`,
  role: 'delegate',
  connectionPoint: `Điểm cầu UBND tỉnh ${id}`,
  presence: 'online',
  micOn: true,
  camOn: true,
  mutedByChair: false,
  handRaised: false,
  network: null,
  quality: 'good',
  joinedAt: null,
  lastSeen: null,
  ...extra,
});

test('problems first: lost, poor network, absent, away, then everyone else in meeting order', () => {
  const rows = sortForBoard([
    entry('a'),
    entry('b', { presence: 'absent', quality: 'unknown' }),
    entry('c', { quality: 'fair' }),
    entry('d', { presence: 'dropped' }),
    entry('e', { quality: 'poor' }),
    entry('f', { presence: 'left' }),
    entry('g'),
  ]);
  assert.deepEqual(
    rows.map((r) => r.participantId),
    ['d', 'e', 'b', 'f', 'a', 'c', 'g'],
  );
});

test('fair and good share a rank, so a wavering network does not reorder rows', () => {
  const before = sortForBoard([entry('a', { quality: 'fair' }), entry('b')]).map((r) => r.participantId);
  const after = sortForBoard([entry('a'), entry('b', { quality: 'fair' })]).map((r) => r.participantId);
  assert.deepEqual(before, after);
});

test('severity reads presence before quality', () => {
  assert.equal(severityOf(entry('a', { presence: 'dropped', quality: 'good' })), 'lost');
  assert.equal(severityOf(entry('a', { presence: 'removed' })), 'away');
  assert.equal(severityOf(entry('a', { quality: 'unknown' })), 'ok');
});

test('the summary counts online, lost, poor and those not here', () => {
  assert.deepEqual(
    summarize([
      entry('a'),
      entry('b', { quality: 'poor' }),
      entry('c', { presence: 'dropped' }),
      entry('d', { presence: 'absent' }),
      entry('e', { presence: 'left' }),
    ]),
    { total: 5, online: 2, lost: 1, poor: 1, absent: 2 },
  );
});

test('an entry update replaces the row in place, a new participant (admitted guest) is appended', () => {
  const view = { ...initialStatusView, entries: [entry('a'), entry('b')] };
  const updated = applyEntry(view, entry('a', { micOn: false }));
  assert.deepEqual(
    updated.entries.map((e) => [e.participantId, e.micOn]),
    [
      ['a', false],
      ['b', true],
    ],
  );
  assert.equal(applyEntry(view, entry('guest-1', { role: 'guest' })).entries.length, 3);
});

test('alerts are kept newest last, flag their row for a while, and can be dismissed', () => {
  const alert = { participantId: 'a', name: 'A', connectionPoint: null, kind: 'poor_network' as const, at: '' };
  let view = applyAlert(initialStatusView, alert, 1, 1000);
  view = applyAlert(view, { ...alert, participantId: 'b', kind: 'rejoined' }, 2, 1000);
  assert.deepEqual(
    view.alerts.map((a) => a.id),
    [1, 2],
  );
  assert.equal(isFlagged(view, entry('a'), 2000), true);
  assert.equal(isFlagged(view, entry('a'), 1000 + 31_000), false, 'the highlight fades');
  assert.equal(isFlagged(view, entry('c', { presence: 'dropped' }), 0), true, 'a lost point stays highlighted');
  const recovered = applyAlert(view, { ...alert, kind: 'network_recovered' }, 3, 3000);
  assert.equal(isFlagged(recovered, entry('a'), 3500), false);
  assert.deepEqual(
    dismissAlert(view, 1).alerts.map((a) => a.id),
    [2],
  );
  let many = initialStatusView;
  for (let i = 0; i < 50; i++) many = applyAlert(many, { ...alert, participantId: `p${i}` }, i, 0);
  assert.equal(many.alerts.length, 20);
});

test('a newer alert about the same point replaces the older; a recovered network only clears it', () => {
  const alert = { participantId: 'a', name: 'A', connectionPoint: null, kind: 'poor_network' as const, at: '' };
  let view = applyAlert(initialStatusView, alert, 1, 0);
  view = applyAlert(view, { ...alert, kind: 'dropped' }, 2, 0);
  assert.deepEqual(
    view.alerts.map((a) => [a.id, a.kind]),
    [[2, 'dropped']],
  );
  view = applyAlert(applyAlert(view, alert, 3, 0), { ...alert, kind: 'network_recovered' }, 4, 0);
  assert.deepEqual(view.alerts, []);
});

test('unmute requests: one per participant, removed once answered', () => {
  let view = applyUnmuteRequest(initialStatusView, { peerId: 'a', name: 'A', at: '1' });
  view = applyUnmuteRequest(view, { peerId: 'a', name: 'A', at: '2' });
  assert.equal(view.unmuteRequests.length, 1);
  assert.equal(removeUnmuteRequest(view, 'a').unmuteRequests.length, 0);
});

test('connection point names are shortened for the board', () => {
  assert.equal(shortPointName('Điểm cầu UBND tỉnh Lào Cai'), 'Lào Cai');
  assert.equal(shortPointName('Điểm cầu UBND TP Đà Nẵng'), 'TP Đà Nẵng');
  assert.equal(shortPointName('Điểm cầu Trung ương'), 'Trung ương');
  assert.equal(shortPointName('Sở Y tế'), 'Sở Y tế');
  assert.equal(shortPointName(null), null);
});

test('figures use a decimal comma in Vietnamese', () => {
  assert.equal(formatPercent(0.44, 'vi'), '0,4');
  assert.equal(formatPercent(0.44, 'en'), '0.4');
  assert.equal(formatPercent(12.6, 'vi'), '13');
  assert.equal(formatBitrate(850.4, 'vi'), '850 kbps');
  assert.equal(formatBitrate(1234, 'vi'), '1,2 Mbps');
});
