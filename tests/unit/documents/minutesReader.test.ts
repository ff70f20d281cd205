// A reader opening locked minutes (a connection point, after filing) is not told of an error: at opening the minutes'
// client sends what the server lacks, which always carries the document's delete set (a state vector does not cover
// deletions); the server refuses it to a reader (minutes_locked), and that refusal concerns nothing the reader wrote.
// A refused edit of the reader's own is still said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import type { SyncTransport } from '../../../renderer/features/documents/syncClient.ts';
import { DocSync } from '../../../renderer/features/documents/syncClient.ts';

/** The server's minutes: text typed, then partly deleted (so its delete set is not empty). */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('discussion').insert(0, 'Hội nghị thống nhất đánh giá kết quả tháng 11');
  doc.getText('discussion').delete(0, 9);
  return doc;
}

function lockedServer(server: Y.Doc): { transport: SyncTransport; updates: Uint8Array[] } {
  const updates: Uint8Array[] = [];
  const transport = {
    async request(name: string, payload: { stateVector?: Uint8Array; update?: Uint8Array }) {
      if (name === 'syncOpen') {
        return {
          update: Y.encodeStateAsUpdate(server, payload.stateVector),
          stateVector: Y.encodeStateVector(server),
          awareness: null,
        };
      }
      if (name === 'syncUpdate') {
        updates.push(payload.update!);
        throw Object.assign(new Error('the minutes are filed and can no longer be edited'), { code: 'minutes_locked' });
      }
      throw new Error(`unexpected ${name}`);
    },
    on: () => () => undefined,
    onJoined: (listener: () => void) => {
      setTimeout(listener, 0);
      return () => undefined;
    },
  } as unknown as SyncTransport;
  return { transport, updates };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

test("a reader opening locked minutes gets the text and no error; the reader's own refused edit is said", async (t) => {
  const server = serverDoc();
  const { transport, updates } = lockedServer(server);
  const sync = new DocSync(transport, { layer: 'minutes' }, { batchMs: 1, retryMs: 10 });
  t.after(() => sync.destroy());
  const errors: unknown[] = [];
  sync.on('error', (e) => errors.push(e));
  await settle();
  assert.equal(sync.doc.getText('discussion').toString(), 'thống nhất đánh giá kết quả tháng 11');
  assert.equal(updates.length, 1, 'what the server lacked (its delete set) was offered once');
  assert.deepEqual(errors, [], 'nothing of the reader’s was refused');

  sync.doc.getText('discussion').insert(0, 'X');
  await settle();
  assert.equal(errors.length, 1, 'a refused edit of the reader’s own is said');
});
