// The rules of screen sharing and recording shared by server and renderer, and what a change of the server's
// share state means for this participant's own share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addRequest,
  DEFAULT_MEDIA_POLICY,
  mayControlRecording,
  mayShareScreen,
  shareDecision,
} from '../../../common/screenShare.ts';
import { ownShareAfter } from '../../../renderer/features/screenShare/shareView.ts';

const policy = DEFAULT_MEDIA_POLICY;
const sharer = (peerId: string) => ({ peerId, name: peerId, connectionPoint: null, startedAt: '' });
const request = (peerId: string) => ({ peerId, name: peerId, connectionPoint: null, askedAt: '' });

test('the chair and the secretary share; connection points when allowed; guests never', () => {
  assert.ok(mayShareScreen('chair', policy) && mayShareScreen('secretary', policy));
  assert.ok(!mayShareScreen('delegate', policy));
  assert.ok(mayShareScreen('delegate', { ...policy, delegatesMayShare: true }));
  assert.ok(!mayShareScreen('guest', { ...policy, delegatesMayShare: true }));
});

test('the chair records; the secretary with leave; nobody when the meeting forbids it', () => {
  assert.ok(mayControlRecording('chair', policy));
  assert.ok(!mayControlRecording('secretary', policy));
  assert.ok(mayControlRecording('secretary', { ...policy, secretaryMayRecord: true }));
  assert.ok(!mayControlRecording('delegate', { ...policy, secretaryMayRecord: true }));
  assert.ok(!mayControlRecording('chair', { ...policy, recordingAllowed: false }));
});

test('one share at a time: a second request waits, the chair takes over', () => {
  const busy = { sharer: sharer('d1'), waiting: [] };
  assert.equal(shareDecision({ sharer: null, waiting: [] }, 'd2', 'delegate'), 'share');
  assert.equal(shareDecision(busy, 'd2', 'delegate'), 'wait');
  assert.equal(shareDecision(busy, 'd1', 'delegate'), 'share');
  assert.equal(shareDecision(busy, 'chair', 'chair'), 'share');
  assert.deepEqual(addRequest(addRequest([], request('d2')), request('d2')).length, 1);
});

test('our own share follows the server: granted, stopped by the chair, declined', () => {
  const waiting = { selfId: 'd2', mine: 'waiting' as const };
  assert.equal(ownShareAfter(waiting, { sharer: sharer('d2'), waiting: [] }), 'produce');
  assert.equal(ownShareAfter(waiting, { sharer: sharer('d1'), waiting: [request('d2')] }), 'keep');
  assert.equal(ownShareAfter(waiting, { sharer: sharer('d1'), waiting: [] }), 'stop');
  const sharing = { selfId: 'd1', mine: 'sharing' as const };
  assert.equal(ownShareAfter(sharing, { sharer: sharer('d1'), waiting: [] }), 'keep');
  assert.equal(ownShareAfter(sharing, { sharer: null, waiting: [] }), 'stop');
  assert.equal(ownShareAfter({ selfId: 'd1', mine: 'idle' }, { sharer: null, waiting: [] }), 'keep');
});
