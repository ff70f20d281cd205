import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knockFailureStatus } from '../../../renderer/features/lobby/waitingRoom.ts';

test('a refused knock tells a locked or ended meeting apart from a failure worth retrying', () => {
  assert.equal(knockFailureStatus({ code: 'forbidden', reason: 'meeting_locked' }), 'locked');
  assert.equal(knockFailureStatus({ code: 'forbidden', reason: 'meeting_ended' }), 'ended');
  assert.equal(knockFailureStatus({ code: 'rate_limited', reason: undefined }), 'failed');
  assert.equal(knockFailureStatus({ code: 'disconnected', reason: undefined }), 'failed');
});
