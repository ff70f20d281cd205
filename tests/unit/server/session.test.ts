// A signalling session's scope: what a connection holds registers a cleanup with it, and closing the session (on
// disconnect) runs each cleanup once, newest first, whatever one of them throws; a slot's value is the session's own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PeerSocket } from '../../../server/rooms/Peer.ts';
import { Session, sessionSlot } from '../../../server/signalling/context.ts';

// The session only keeps its socket for the handlers; nothing here sends on it.
const session = () => new Session({} as PeerSocket);

describe('signalling session scope', () => {
  it('runs every cleanup once when it closes, the newest first', () => {
    const s = session();
    const ran: string[] = [];
    s.onClose(() => ran.push('rate buckets'));
    s.onClose(() => ran.push('sync'));
    s.onClose(() => ran.push('knock'));
    s.close();
    s.close();
    assert.deepEqual(ran, ['knock', 'sync', 'rate buckets']);
    assert.equal(s.closed, true);
  });

  it('does not run a cancelled cleanup', () => {
    const s = session();
    const ran: string[] = [];
    const cancel = s.onClose(() => ran.push('first knock'));
    s.onClose(() => ran.push('second knock'));
    cancel();
    s.close();
    assert.deepEqual(ran, ['second knock']);
  });

  it('runs a cleanup registered after the close at once (a request that ended after the disconnect)', () => {
    const s = session();
    s.close();
    let ran = 0;
    s.onClose(() => ran++);
    assert.equal(ran, 1);
  });

  it('runs the other cleanups when one throws, and logs the failure', (t) => {
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => void logged.push(args));
    const s = session();
    const ran: string[] = [];
    s.onClose(() => ran.push('before'));
    s.onClose(() => {
      throw new Error('the document is gone');
    });
    s.onClose(() => ran.push('after'));
    s.close();
    assert.deepEqual(ran, ['after', 'before']);
    assert.equal(logged.length, 1);
  });

  it('gives each session its own value of a slot, made on first use, and forgets it at close', () => {
    let made = 0;
    const counter = sessionSlot('counter', () => ({ id: ++made }));
    const a = session();
    const b = session();
    assert.equal(a.get(counter), a.get(counter));
    assert.notEqual(a.get(counter), b.get(counter));
    assert.equal(made, 2);
    a.close();
    assert.equal(a.get(counter).id, 3, 'a closed session starts from nothing');
  });

  it('forgets the joined peer and room at close', () => {
    const s = session();
    s.close();
    assert.equal(s.peer, null);
    assert.equal(s.room, null);
  });
});
