// The minutes store's remote signing on the page: a signature sent to the phone is waited for; "Hủy yêu cầu ký"
// sends minutesSignCancel for that signature, and the server's answer (failed, cancelled) ends the wait. The session
// is a stand-in answering as the server does (tests/integration/signing/remotePolling.test.ts runs the server side).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MinutesSignRemoteResult } from '../../../common/minutesView.ts';
import type { MeetingSession } from '../../../renderer/features/meeting/session.ts';
import { MinutesStore } from '../../../renderer/features/minutes/minutesStore.ts';

function fakeSession() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const requests: { name: string; payload: unknown }[] = [];
  const notify = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const session = {
    onJoined: () => () => undefined,
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    request: (name: string, payload: { signatureId?: string }) => {
      requests.push({ name, payload });
      if (name === 'minutesSignPrepare') return Promise.resolve({ signatureId: 'sig-1' });
      if (name === 'minutesSignRemote') return Promise.resolve({ state: 'waiting', expiresAt: '2026-12-07T02:00:00Z' });
      if (name === 'minutesSignCancel') {
        // The server stops asking the provider and tells the page how it ended.
        const result: MinutesSignRemoteResult = {
          signatureId: payload.signatureId!,
          state: 'failed',
          detail: 'cancelled',
        };
        setImmediate(() => notify('minutesSignRemoteResult', result));
        return Promise.resolve({});
      }
      return Promise.reject(new Error(`unexpected request ${name}`));
    },
  };
  return { session: session as unknown as MeetingSession, requests };
}

describe('minutes store: remote signing cancelled on the page', () => {
  it('sends minutesSignCancel for the waiting signature and stops waiting on the answer', async () => {
    const fake = fakeSession();
    const store = new MinutesStore();
    store.attach(fake.session);
    await store.signRemote('a'.repeat(64));
    assert.equal(store.getState().remote?.signatureId, 'sig-1');
    await store.cancelRemote();
    assert.deepEqual(fake.requests.at(-1), { name: 'minutesSignCancel', payload: { signatureId: 'sig-1' } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.getState().remote, null);
    assert.deepEqual(store.getState().remoteResult, { signatureId: 'sig-1', state: 'failed', detail: 'cancelled' });
    await store.cancelRemote(); // nothing waits any more: nothing sent
    assert.equal(fake.requests.filter((r) => r.name === 'minutesSignCancel').length, 1);
  });
});
