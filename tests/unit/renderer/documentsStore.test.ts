// The documents store across a rejoin: a server that restarted has forgotten the presenter and counts the
// presenter state's `seq` from 0 again; what it answers on the rejoin must replace the older server's state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PresenterState } from '../../../common/documents.ts';
import type { JoinResponse } from '../../../common/protocol.ts';
import { DocumentsStore } from '../../../renderer/features/documents/documentsStore.ts';
import type { MeetingSession } from '../../../renderer/features/meeting/session.ts';

const presenter = (seq: number, presenterId: string | null = 'chair'): PresenterState => ({
  presenterId,
  presenterName: presenterId ? 'Chủ trì' : null,
  view: null,
  seq,
  updatedAt: '',
});

/** Just what DocumentsStore.attach uses of a MeetingSession; `server` is what the current server answers. */
function fakeSession(server: { presenter: PresenterState }) {
  const joined = new Set<(join: JoinResponse) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const session = {
    onJoined: (listener: (join: JoinResponse) => void) => (joined.add(listener), () => joined.delete(listener)),
    subscribe: () => () => undefined,
    getState: () => ({ status: 'joined' }),
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    request: (name: string) =>
      Promise.resolve(
        name === 'presenterState' ? server.presenter : { documents: [], limits: { maxBytes: 1, maxPages: 1 } },
      ),
  };
  return {
    session: session as unknown as MeetingSession,
    async join() {
      const answer = { self: { id: 'delegate-1', name: 'Đại biểu' }, selfRole: 'delegate' } as unknown as JoinResponse;
      for (const listener of joined) listener(answer);
      await new Promise((resolve) => setImmediate(resolve));
    },
    notify(event: string, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

describe('documents store across a server restart', () => {
  it('takes the restarted server’s presenter state, then follows its changes again', async () => {
    const server = { presenter: presenter(0, null) };
    const fake = fakeSession(server);
    const store = new DocumentsStore();
    store.attach(fake.session);
    await fake.join();
    for (let seq = 1; seq <= 7; seq++) fake.notify('presenterChanged', presenter(seq));
    assert.equal(store.getState().presenter?.seq, 7);
    // A late notification older than the state held is still dropped.
    fake.notify('presenterChanged', presenter(3));
    assert.equal(store.getState().presenter?.seq, 7);

    // The server is killed and restarted: nobody presents, seq starts again.
    server.presenter = presenter(0, null);
    await fake.join();
    assert.equal(store.getState().presenter?.presenterId, null, 'the forgotten presenter is forgotten here too');
    fake.notify('presenterChanged', presenter(1));
    assert.equal(store.getState().presenter?.seq, 1, 'the new server’s changes are followed');
    assert.equal(store.getState().presenter?.presenterId, 'chair');
  });
});
