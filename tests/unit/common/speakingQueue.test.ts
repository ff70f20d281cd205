// The speaking queue: order of raising, reordering by the chair, positions the requester sees.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { move, positionOf, raise, remove } from '../../../common/speakingQueue.ts';
import type { SpeakingRequest } from '../../../common/meeting.ts';

const req = (peerId: string, topic: string | null = null): SpeakingRequest => ({
  peerId,
  name: peerId,
  connectionPoint: null,
  topic,
  raisedAt: '2026-01-01T00:00:00Z',
});
const ids = (q: SpeakingRequest[]) => q.map((r) => r.peerId);

describe('speaking queue', () => {
  it('keeps the order of raised hands and gives 1-based positions', () => {
    const q = raise(raise(raise([], req('a')), req('b')), req('c'));
    assert.deepEqual(ids(q), ['a', 'b', 'c']);
    assert.equal(positionOf(q, 'c'), 3);
    assert.equal(positionOf(q, 'x'), null);
  });

  it('raising again keeps the place and updates the topic', () => {
    const q = raise(raise(raise([], req('a')), req('b')), req('a', 'Ngân sách'));
    assert.deepEqual(ids(q), ['a', 'b']);
    assert.equal(q[0]!.topic, 'Ngân sách');
  });

  it('moves a request, clamping the position; removes one', () => {
    const q = [req('a'), req('b'), req('c')];
    assert.deepEqual(ids(move(q, 'c', 0)), ['c', 'a', 'b']);
    assert.deepEqual(ids(move(q, 'a', 99)), ['b', 'c', 'a']);
    assert.deepEqual(ids(move(q, 'zz', 0)), ['a', 'b', 'c']);
    assert.deepEqual(ids(remove(q, 'b')), ['a', 'c']);
  });
});
