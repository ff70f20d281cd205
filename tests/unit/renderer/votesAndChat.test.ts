import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage, VoteInfo } from '../../../common/meeting.ts';
import {
  applyHistory as applyChatHistory,
  applyMessage,
  initialChatView,
  parseTargetKey,
  targetKey,
  targetPayload,
} from '../../../renderer/features/chat/chatState.ts';
import { initialPanel, panelTabs, togglePanel } from '../../../renderer/features/meeting/panelTabs.ts';
import {
  applyHistory,
  applyOpenOnJoin,
  applyProgress,
  applyVoteClosed,
  applyVoteOpened,
  cleanOptions,
  initialVoteView,
  liveCounts,
  outcome,
  tallyRows,
} from '../../../renderer/features/votes/voteState.ts';

const vote = (id: string, extra: Partial<VoteInfo> = {}): VoteInfo => ({
  id,
  question: 'Thông qua kế hoạch?',
  options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'],
  secret: false,
  agendaItemId: null,
  openedAt: '',
  deadline: '',
  closedAt: null,
  result: null,
  ...extra,
});
const result = (counts: number[], leading: number[]) => ({ counts, cast: 3, eligible: 4, leading, ballots: null });

test('a vote opens with no ballot, progresses for the chair, and closes into the announcement and history', () => {
  let view = applyVoteOpened(initialVoteView, vote('v1'));
  view = { ...view, myChoice: 1 };
  assert.equal(applyVoteOpened(view, vote('v1')).myChoice, 1, 'the same vote again keeps the ballot');
  view = applyProgress(view, { voteId: 'v1', cast: 1, eligible: 4, counts: [0, 1, 0], ballots: null });
  assert.equal(view.progress?.cast, 1);
  assert.equal(applyProgress(view, { voteId: 'other', cast: 9, eligible: 9, counts: [], ballots: null }), view);
  const closed = vote('v1', { closedAt: 'x', result: result([2, 1, 0], [0]) });
  view = applyVoteClosed(view, closed);
  assert.deepEqual([view.open, view.progress, view.announced?.id, view.history.length], [null, null, 'v1', 1]);
  const next = applyVoteOpened(view, vote('v2'));
  assert.deepEqual([next.myChoice, next.announced], [null, null], 'a new vote clears the old ballot and result');
});

test('rejoining: a vote still open is kept with its ballot, a vote gone is dropped; history keeps closed votes', () => {
  const open = { ...applyVoteOpened(initialVoteView, vote('v1')), myChoice: 0 };
  assert.equal(applyOpenOnJoin(open, vote('v1')).myChoice, 0);
  assert.equal(applyOpenOnJoin(open, null).open, null);
  assert.deepEqual(
    applyHistory(initialVoteView, [vote('a', { closedAt: 'x' }), vote('b')]).history.map((v) => v.id),
    ['a'],
  );
});

test('the chair sees live counts of a named vote only; a secret vote shows its counts with the result', () => {
  const named = vote('v1');
  assert.deepEqual(liveCounts(named, null), [0, 0, 0], 'before the first ballot: zero bars');
  const progress = { voteId: 'v1', cast: 2, eligible: 4, counts: [1, 1, 0], ballots: null };
  assert.deepEqual(liveCounts(named, progress), [1, 1, 0]);
  const secret = vote('v2', { secret: true });
  assert.equal(liveCounts(secret, null), null);
  assert.equal(liveCounts(secret, { ...progress, voteId: 'v2', counts: null }), null);
  // Even a server that still sent counts would not have them drawn during a secret vote.
  assert.equal(liveCounts(secret, { ...progress, voteId: 'v2' }), null);
});

test('tally rows: shares of the ballots cast, leaders flagged (ties included)', () => {
  const rows = tallyRows(['A', 'B', 'C'], [2, 2, 0]);
  assert.deepEqual(
    rows.map((r) => [r.count, Math.round(r.percent), r.leading]),
    [
      [2, 50, true],
      [2, 50, true],
      [0, 0, false],
    ],
  );
  assert.equal(
    tallyRows(['A', 'B'], [0, 0]).some((r) => r.leading),
    false,
  );
});

test('the outcome in words', () => {
  assert.deepEqual(outcome(vote('v', { result: result([2, 1, 0], [0]) })), { kind: 'leading', label: 'Tán thành' });
  assert.deepEqual(outcome(vote('v', { result: result([1, 1, 0], [0, 1]) })), { kind: 'tie' });
  assert.deepEqual(outcome(vote('v', { result: result([0, 0, 0], []) })), { kind: 'none' });
});

test('options typed by the chair are trimmed and de-duplicated', () => {
  assert.deepEqual(cleanOptions([' Tán thành ', '', 'tán thành', 'Không tán thành']), ['Tán thành', 'Không tán thành']);
});

const message = (id: string, fromId: string, sentAt: string): ChatMessage => ({
  id,
  sentAt,
  fromId,
  fromName: fromId,
  audience: 'all',
  toId: null,
  text: id,
});

test('chat: history merges with messages that came meanwhile; unread counts only others’ unseen messages', () => {
  let view = applyMessage(initialChatView, message('m3', 'b', '2026-01-01T00:00:03Z'), 'me', false);
  view = applyChatHistory(view, [
    message('m1', 'a', '2026-01-01T00:00:01Z'),
    message('m3', 'b', '2026-01-01T00:00:03Z'),
  ]);
  assert.deepEqual(
    view.messages.map((m) => m.id),
    ['m1', 'm3'],
  );
  assert.equal(view.unread, 1);
  view = applyMessage(view, message('m4', 'me', '2026-01-01T00:00:04Z'), 'me', false);
  assert.equal(view.unread, 1, 'my own message is read');
  view = applyMessage(view, message('m5', 'c', '2026-01-01T00:00:05Z'), 'me', true);
  assert.equal(view.unread, 1, 'a message arriving while the chat is open is read');
  assert.equal(applyMessage(view, message('m5', 'c', ''), 'me', false), view, 'duplicates ignored');
});

test('chat targets map to the request and to a select value and back', () => {
  assert.deepEqual(targetPayload({ audience: 'direct', toPeerId: 'd1' }, 'x'), {
    text: 'x',
    audience: 'direct',
    toPeerId: 'd1',
  });
  assert.deepEqual(targetPayload({ audience: 'hosts' }, 'x'), { text: 'x', audience: 'hosts' });
  for (const target of [{ audience: 'all' }, { audience: 'hosts' }, { audience: 'direct', toPeerId: 'p:1' }] as const)
    assert.deepEqual(parseTargetKey(targetKey(target)), target);
});

test('side panel tabs follow the permission table', () => {
  assert.deepEqual(panelTabs('chair'), ['status', 'queue', 'controls', 'votes', 'chat']);
  assert.deepEqual(panelTabs('secretary'), ['status', 'queue', 'votes', 'chat']);
  assert.deepEqual(panelTabs('delegate'), ['queue', 'chat']);
  assert.deepEqual(panelTabs('guest'), ['queue', 'chat']);
  assert.deepEqual(initialPanel('chair'), { open: true, tab: 'status' });
  assert.deepEqual(initialPanel('delegate'), { open: false, tab: 'chat' });
  assert.deepEqual(togglePanel({ open: true, tab: 'chat' }, 'chat'), { open: false, tab: 'chat' });
  assert.deepEqual(togglePanel({ open: true, tab: 'chat' }, 'queue'), { open: true, tab: 'queue' });
});
