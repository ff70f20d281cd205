import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MeetingState } from '../../../common/meeting.ts';
import type { JoinResponse } from '../../../common/protocol.ts';
import {
  applyFloorChanged,
  applyFloorTimeUp,
  applyJoinState,
  applyMutedByChair,
  applyUnmuteAnswer,
  currentAgendaItem,
  initialFloorView,
  myPosition,
  needsChairToUnmute,
  roleOf,
  stageFocus,
} from '../../../renderer/features/floor/floorState.ts';
import { spotlightGeometry } from '../../../renderer/features/floor/spotlightLayout.ts';
import { elapsedMs, formatDuration, remainingMs } from '../../../renderer/features/floor/time.ts';

const agenda = {
  items: [
    { id: 'a', title: 'Khai mạc', presenter: 'Chủ trì', durationMinutes: 5, documentId: null },
    { id: 'b', title: 'Báo cáo', presenter: 'Văn phòng', durationMinutes: 20, documentId: null },
  ],
  currentIndex: 1,
  startedAt: '2026-11-23T02:00:00.000Z',
  endsAt: '2026-11-23T02:20:00.000Z',
};

const state = (extra: Partial<MeetingState> = {}): MeetingState => ({
  locked: false,
  endedAt: null,
  agenda,
  floor: null,
  spotlightPeerId: null,
  queue: [],
  micPolicy: { muteOnJoin: false, selfUnmute: true },
  mutedByChair: false,
  openVote: null,
  ...extra,
});

const join = (extra: Partial<JoinResponse> = {}): JoinResponse => ({
  self: {
    id: 'delegate-1',
    name: 'Nguyễn Văn Thành',
    role: 'delegate',
    connectionPoint: 'Lào Cai',
    micOn: true,
    camOn: true,
  },
  meeting: { id: 'm', title: 'Giao ban', startsAt: '2026-11-23T02:00:00.000Z', place: 'Hà Nội' },
  routerRtpCapabilities: {},
  peers: [],
  activeSpeakerId: null,
  selfRole: 'delegate',
  state: state(),
  ...extra,
});

const request = (peerId: string) => ({ peerId, name: peerId, connectionPoint: null, topic: null, raisedAt: '' });
const floor = (peerId: string) => ({ peerId, name: peerId, startedAt: '2026-11-23T02:00:00.000Z', endsAt: null });

test('the join answer sets role, agenda, floor, queue and the chair’s mute', () => {
  const view = applyJoinState(initialFloorView, join({ state: state({ mutedByChair: true, locked: true }) }));
  assert.equal(view.selfId, 'delegate-1');
  assert.equal(view.role, 'delegate');
  assert.equal(view.locked, true);
  assert.equal(view.mutedByChair, true);
  assert.equal(view.agenda?.currentIndex, 1);
});

test('the role comes from selfRole, else from the peer (a guest is laid out as a delegate)', () => {
  assert.equal(roleOf({ self: join().self, selfRole: 'secretary' }), 'secretary');
  assert.equal(roleOf({ self: { ...join().self, guest: true } }), 'guest');
  assert.equal(roleOf({ self: join().self }), 'delegate');
});

test('being given the floor lifts the chair’s mute; someone else’s floor does not', () => {
  const muted = applyMutedByChair(applyJoinState(initialFloorView, join()), false);
  assert.equal(needsChairToUnmute(muted), true);
  assert.equal(applyFloorChanged(muted, floor('delegate-2')).mutedByChair, true);
  const mine = applyFloorChanged(muted, floor('delegate-1'));
  assert.equal(mine.mutedByChair, false);
  assert.equal(mine.timeUp, false);
});

test('time up applies to the current speaker only and clears with the next floor', () => {
  const view = applyFloorChanged(applyJoinState(initialFloorView, join()), floor('delegate-2'));
  assert.equal(applyFloorTimeUp(view, 'delegate-3'), view);
  const up = applyFloorTimeUp(view, 'delegate-2');
  assert.equal(up.timeUp, true);
  assert.equal(applyFloorChanged(up, floor('delegate-3')).timeUp, false);
});

test('an unmute answer clears the request; only an allowed one clears the mute', () => {
  const muted = { ...applyMutedByChair(initialFloorView, false), unmuteAsked: true };
  assert.deepEqual(
    [applyUnmuteAnswer(muted, false).mutedByChair, applyUnmuteAnswer(muted, false).unmuteAsked],
    [true, false],
  );
  assert.equal(applyUnmuteAnswer(muted, true).mutedByChair, false);
  assert.equal(needsChairToUnmute(applyMutedByChair(initialFloorView, true)), false, 'self-unmute allowed');
});

test('the stage shows the floor first, then the spotlight, and only someone present', () => {
  const present = new Set(['a', 'b']);
  assert.equal(stageFocus({ floor: floor('a'), spotlightPeerId: 'b' }, present), 'a');
  assert.equal(stageFocus({ floor: null, spotlightPeerId: 'b' }, present), 'b');
  assert.equal(stageFocus({ floor: floor('gone'), spotlightPeerId: 'b' }, present), 'b');
  assert.equal(stageFocus({ floor: null, spotlightPeerId: null }, present), null);
});

test('my place in the queue is 1-based', () => {
  const view = { ...initialFloorView, selfId: 'c', queue: [request('a'), request('b'), request('c')] };
  assert.equal(myPosition(view), 3);
  assert.equal(myPosition({ ...view, selfId: 'z' }), null);
});

test('the current agenda item with its number', () => {
  assert.deepEqual(currentAgendaItem(agenda)?.number, 2);
  assert.equal(currentAgendaItem({ ...agenda, currentIndex: null }), null);
  assert.equal(currentAgendaItem(null), null);
});

test('durations and clock arithmetic', () => {
  assert.equal(formatDuration(0), '00:00');
  assert.equal(formatDuration(65_400), '01:05');
  assert.equal(formatDuration(3_723_000), '1:02:03');
  assert.equal(formatDuration(-5000), '00:00');
  const start = '2026-11-23T02:00:00.000Z';
  assert.equal(elapsedMs(start, Date.parse(start) + 1500), 1500);
  assert.equal(elapsedMs(null, 0), 0);
  assert.equal(remainingMs(start, Date.parse(start) + 2000), -2000);
  assert.equal(remainingMs(null, 0), null);
});

test('spotlight geometry: the main tile takes what the filmstrip leaves, at 16:9', () => {
  const g = spotlightGeometry({ width: 1200, height: 800, others: 5, gap: 12 });
  assert.equal(g.stripTileWidth, 208);
  assert.equal(g.stripHeight, 117);
  assert.ok(g.mainHeight + g.stripHeight + 12 <= 800);
  assert.ok(g.mainWidth <= 1200);
  const alone = spotlightGeometry({ width: 1600, height: 900, others: 0, gap: 12 });
  assert.deepEqual([alone.mainWidth, alone.stripHeight], [1600, 0]);
  assert.equal(spotlightGeometry({ width: 0, height: 0, others: 3, gap: 12 }).mainWidth, 0);
});
