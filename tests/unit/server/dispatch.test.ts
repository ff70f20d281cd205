// How the signalling edge classifies what a handler throws: a known failure reaches the client with its code; any
// other error (a TypeError from a bug, a plain Error) is `internal`, answered with a generic message and logged with
// its stack. Nothing is guessed from an error's class: `media_error` is the room's to raise (server/rooms/Room.ts).
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { AppFailure } from '../../../common/errors.ts';
import type { Ack } from '../../../common/protocol.ts';
import type { Services } from '../../../server/services.ts';
import type { HandlerMap, Session } from '../../../server/signalling/context.ts';
import { dispatch } from '../../../server/signalling/dispatch.ts';
import { RateLimiter } from '../../../server/signalling/RateLimiter.ts';

/** Dispatches one `leave` request to a handler that throws `thrown`; returns the answer and what was logged. */
async function answerTo(t: TestContext, thrown: unknown): Promise<{ ack: Ack<unknown>; logged: unknown[][] }> {
  const logged: unknown[][] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => void logged.push(args));
  const handlers = {
    leave: async () => {
      throw thrown;
    },
  } as unknown as HandlerMap;
  // The handler above touches neither the session nor the services.
  const session = { socket: null, peer: null, room: null } as unknown as Session;
  const ack = await dispatch('leave', {}, session, {} as Services, handlers, new RateLimiter(10));
  return { ack, logged };
}

describe('signalling dispatch: errors', () => {
  it('answers a TypeError thrown by a handler as internal, without its message, and logs it with its stack', async (t) => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const { ack, logged } = await answerTo(t, bug);
    assert.deepEqual(ack, { ok: false, error: { code: 'internal', detail: 'unexpected failure' } });
    const entry = logged.find((args) => args.some((a) => a === bug));
    assert.ok(entry, 'the error itself is logged, so its stack is printed');
    assert.match(entry.slice(0, 2).join(' '), /^\[phonghop:signalling\] leave failed$/, 'the log names the request');
    assert.ok(bug.stack?.includes('dispatch.test.ts'), 'the logged error carries the stack of where it was thrown');
  });

  it('answers a plain Error as internal too (not as a media failure)', async (t) => {
    const { ack, logged } = await answerTo(t, new Error('database is locked'));
    assert.deepEqual(ack, { ok: false, error: { code: 'internal', detail: 'unexpected failure' } });
    assert.equal(logged.length, 1);
  });

  it('answers a thrown non-error as internal and logs it', async (t) => {
    const { ack, logged } = await answerTo(t, 'a string');
    assert.equal(ack.ok === false && ack.error.code, 'internal');
    assert.equal(logged.length, 1);
  });

  it('passes a known failure through with its code, reason and detail, and does not log it', async (t) => {
    const refusal = new AppFailure('forbidden', 'the meeting is locked', 'meeting_locked');
    const { ack, logged } = await answerTo(t, refusal);
    assert.deepEqual(ack, {
      ok: false,
      error: { code: 'forbidden', detail: 'the meeting is locked', reason: 'meeting_locked' },
    });
    assert.equal(logged.length, 0);
  });

  it('passes a media failure raised by the room through as media_error', async (t) => {
    const { ack, logged } = await answerTo(t, new AppFailure('media_error', 'invalid rtpParameters'));
    assert.equal(ack.ok === false && ack.error.code, 'media_error');
    assert.equal(logged.length, 0);
  });
});
