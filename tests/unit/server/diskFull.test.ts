// A full disk is said plainly: whatever a write threw for want of space (ENOSPC, EDQUOT, SQLite's SQLITE_FULL,
// directly or as the cause of another error) reaches the client as `unavailable` + disk_full over signalling and
// HTTP alike, and is still logged; any other unexpected error stays a bare `internal`. (With a real full disk:
// tests/integration/reliability/diskFull.test.ts.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Services } from '../../../server/services.ts';
import { httpStatus } from '../../../server/http/respond.ts';
import { DISK_FULL_ERROR, isDiskFull, toAppError } from '../../../server/errors.ts';
import type { HandlerMap, Session } from '../../../server/signalling/context.ts';
import { dispatch } from '../../../server/signalling/dispatch.ts';
import { RateLimiter } from '../../../server/signalling/RateLimiter.ts';

const coded = (code: string, message = 'write failed') => Object.assign(new Error(message), { code });

describe('a full disk', () => {
  it('is recognised by its code, or by its cause', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL']) assert.equal(isDiskFull(coded(code)), true, code);
    assert.equal(isDiskFull(new Error('storing failed', { cause: coded('SQLITE_FULL') })), true);
    for (const other of [coded('EACCES'), coded('SQLITE_BUSY'), new Error('x'), 'ENOSPC', null]) {
      assert.equal(isDiskFull(other), false, String(other));
    }
  });

  it('is answered as unavailable + disk_full (HTTP 503); anything else unknown stays internal', () => {
    const error = toAppError(coded('SQLITE_FULL', 'database or disk is full'));
    assert.deepEqual(error, { ...DISK_FULL_ERROR });
    assert.equal(httpStatus(error), 503);
    assert.deepEqual(toAppError(coded('EACCES')), { code: 'internal', detail: 'unexpected failure' });
  });

  it('reaches a signalling client as disk_full and is logged', async (t) => {
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => void logged.push(args));
    const handlers = {
      sendChat: async () => {
        throw coded('SQLITE_FULL', 'database or disk is full');
      },
    } as unknown as HandlerMap;
    const session = { socket: null, peer: null, room: null } as unknown as Session;
    const payload = { text: 'Xin chào', audience: 'all' };
    const ack = await dispatch('sendChat', payload, session, {} as Services, handlers, new RateLimiter(10));
    assert.deepEqual(ack, { ok: false, error: { ...DISK_FULL_ERROR } });
    assert.equal(logged.length, 1, 'the administrator finds it in the log');
  });
});
