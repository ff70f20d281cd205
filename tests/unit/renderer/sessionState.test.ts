import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JoinResponse } from '../../../common/protocol.ts';
import type { PeerInfo } from '../../../common/meetingInfo.ts';
import {
  addRemoteTrack,
  applyActiveSpeaker,
  applyJoin,
  applyPeerJoined,
  applyPeerLeft,
  applyPeerUpdated,
  initialState,
  removeRemoteTrack,
  setLocalMedia,
  setRemotePaused,
  tracksOfPeer,
  type RemoteTrack,
} from '../../../renderer/features/meeting/sessionState.ts';

const peer = (id: string, extra: Partial<PeerInfo> = {}): PeerInfo => ({
  id,
  name: id,
  role: 'delegate',
  connectionPoint: 'Điểm cầu Hà Giang',
  micOn: true,
  camOn: true,
  ...extra,
});

const track = (
  consumerId: string,
  peerId: string,
  kind: 'audio' | 'video',
  source: RemoteTrack['source'] = kind === 'audio' ? 'mic' : 'cam',
): RemoteTrack => ({
  consumerId,
  producerId: `p-${consumerId}`,
  peerId,
  kind,
  source,
  track: { id: consumerId } as unknown as MediaStreamTrack,
  paused: false,
});

const join = (extra: Partial<JoinResponse> = {}): JoinResponse => ({
  self: peer('me', { micOn: true, camOn: true }),
  meeting: { id: 'm', title: 'Giao ban', startsAt: '2026-11-23T09:00:00+07:00', place: 'Hà Nội' },
  routerRtpCapabilities: {},
  peers: [peer('a'), peer('b')],
  activeSpeakerId: 'a',
  ...extra,
});

const joined = () => applyJoin(initialState({ micOn: false, camOn: true, micTrack: null, camTrack: null }), join());

test('join fills the meeting, keeps local mic/cam state on self, and clears old remote tracks', () => {
  const before = addRemoteTrack(
    initialState({ micOn: false, camOn: true, micTrack: null, camTrack: null }),
    track('old', 'x', 'video'),
  );
  const state = applyJoin(before, join());
  assert.equal(state.status, 'joined');
  assert.equal(state.self?.micOn, false);
  assert.deepEqual(
    state.peers.map((p) => p.id),
    ['a', 'b'],
  );
  assert.equal(state.activeSpeakerId, 'a');
  assert.deepEqual(state.remote, []);
});

test('a peer joining twice is listed once; our own echo is ignored', () => {
  let state = joined();
  state = applyPeerJoined(state, peer('c'));
  state = applyPeerJoined(state, peer('c', { name: 'C mới' }));
  state = applyPeerJoined(state, peer('me'));
  assert.deepEqual(
    state.peers.map((p) => `${p.id}:${p.name}`),
    ['a:a', 'b:b', 'c:C mới'],
  );
});

test('peerUpdated changes a peer, and never overrides our own local mic state', () => {
  let state = joined();
  state = applyPeerUpdated(state, peer('a', { micOn: false }));
  assert.equal(state.peers[0]?.micOn, false);
  state = applyPeerUpdated(state, peer('me', { micOn: true, name: 'Tôi' }));
  assert.equal(state.self?.micOn, false);
  assert.equal(state.self?.name, 'Tôi');
});

test('peerLeft removes the peer, its tracks and its speaker highlight', () => {
  let state = addRemoteTrack(joined(), track('ca', 'a', 'audio'));
  state = addRemoteTrack(state, track('cb', 'b', 'audio'));
  state = applyPeerLeft(state, 'a');
  assert.deepEqual(
    state.peers.map((p) => p.id),
    ['b'],
  );
  assert.deepEqual(
    state.remote.map((r) => r.consumerId),
    ['cb'],
  );
  assert.equal(state.activeSpeakerId, null);
});

test('remote tracks are added once, paused, and removed', () => {
  let state = addRemoteTrack(joined(), track('v', 'a', 'video'));
  state = addRemoteTrack(state, track('v', 'a', 'video'));
  assert.equal(state.remote.length, 1);
  state = setRemotePaused(state, 'v', true);
  assert.equal(state.remote[0]?.paused, true);
  state = removeRemoteTrack(state, 'v');
  assert.equal(state.remote.length, 0);
  assert.equal(removeRemoteTrack(state, 'v'), state, 'removing twice changes nothing');
});

test('active speaker updates only when it changes', () => {
  const state = joined();
  assert.equal(applyActiveSpeaker(state, 'a'), state);
  assert.equal(applyActiveSpeaker(state, null).activeSpeakerId, null);
});

test('local media changes are reflected on self', () => {
  const state = setLocalMedia(joined(), { camOn: false });
  assert.equal(state.camOn, false);
  assert.equal(state.self?.camOn, false);
});

test("a peer's camera wins over its screen share for the tile", () => {
  let state = addRemoteTrack(joined(), track('s', 'a', 'video', 'screen'));
  state = addRemoteTrack(state, track('v', 'a', 'video', 'cam'));
  state = addRemoteTrack(state, track('m', 'a', 'audio'));
  const { audio, video } = tracksOfPeer(state, 'a');
  assert.equal(video?.consumerId, 'v');
  assert.equal(audio?.consumerId, 'm');
});

test("a peer's shared screen never takes the place of its camera in the tile", () => {
  const state = addRemoteTrack(joined(), track('s', 'a', 'video', 'screen'));
  assert.equal(tracksOfPeer(state, 'a').video, null);
});
