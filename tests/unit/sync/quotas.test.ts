// Sync quotas: the connection's byte budget (a token bucket in bytes, on a clock the test moves) and the stored size
// cap of a document at the sync service, which refuses content beyond it but never a deletion, and counts what
// compaction gives back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import * as Y from 'yjs';
import type { DocRef } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import type { NotificationMap } from '../../../common/protocol.ts';
import { syncDocKey } from '../../../server/sync/docNames.ts';
import { ByteBudget } from '../../../server/sync/quotas.ts';
import type { SyncSubscriber } from '../../../server/sync/SyncRoom.ts';
import { SyncService } from '../../../server/sync/SyncService.ts';
import { MemoryUpdateLog } from '../../../server/sync/UpdateLog.ts';
import { markBy, writerFor } from './marks.ts';

class FakeSubscriber implements SyncSubscriber {
  readonly sent: { event: keyof NotificationMap }[] = [];
  constructor(readonly participantId: string) {}
  live = () => true;
  send: SyncSubscriber['send'] = (event) => void this.sent.push({ event });
}

const SHARED: DocRef = { documentId: 'doc-1', version: 1, layer: 'shared' };

function failure(fn: () => unknown): AppFailure {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppFailure, String(error));
    return error;
  }
  return assert.fail('expected a refusal');
}

describe('byte budget', () => {
  it('lets a burst through, then refuses with how long to wait, and refills at its rate', () => {
    let now = 0;
    const budget = new ByteBudget(1000, 4000, () => now);
    budget.spend(3000, 'test');
    budget.spend(1000, 'test');
    const refused = failure(() => budget.spend(500, 'test'));
    assert.equal(refused.code, 'rate_limited');
    assert.equal(refused.params?.retryAfterMs, 500);
    now = 499;
    assert.equal(failure(() => budget.spend(500, 'test')).code, 'rate_limited', 'a refusal costs nothing');
    now = 500;
    budget.spend(500, 'test');
    now = 60_000;
    assert.equal(budget.available, 4000, 'never more than a burst');
  });

  it('lets a full bucket pay for more than a burst, and charges work into debt', () => {
    let now = 0;
    const budget = new ByteBudget(1000, 4000, () => now);
    budget.spend(6000, 'test');
    assert.equal(budget.available, -2000);
    now = 3000;
    budget.charge(2000);
    assert.equal(budget.available, -1000);
    assert.equal(failure(() => budget.spend(1, 'test')).params?.retryAfterMs, 1001);
  });
});

describe('sync service: quotas', () => {
  function setup(maxDocumentBytes: number) {
    const log = new MemoryUpdateLog();
    const sync = new SyncService(log, { idleUnloadMs: 10, maxDocumentBytes });
    const writer = writerFor('delegate-1');
    const me = new FakeSubscriber('delegate-1');
    const other = new FakeSubscriber('delegate-2');
    const key = syncDocKey('m1', 'delegate-1', SHARED);
    let doc = new Y.Doc();
    Y.applyUpdate(doc, sync.open(key, me, new Uint8Array([0])).update as Uint8Array);
    /** After a refusal the client starts over from the server's state (what DocSync does). */
    const resync = () => {
      doc = new Y.Doc();
      Y.applyUpdate(doc, sync.open(key, me, new Uint8Array([0])).update as Uint8Array);
    };
    sync.open(syncDocKey('m1', 'delegate-2', SHARED), other, new Uint8Array([0]));
    const updateOf = (change: (m: Y.Map<unknown>) => void) => {
      const before = Y.encodeStateVector(doc);
      change(doc.getMap('strokes'));
      return Y.encodeStateAsUpdate(doc, before);
    };
    const send = (u: Uint8Array) => sync.update(key, me, u, writer);
    const big = (id: string) => markBy('delegate-1', id, { points: Array.from({ length: 100 }, (_, i) => i / 101) });
    return { log, sync, key, other, updateOf, send, big, resync };
  }

  it('refuses content beyond the document’s size, stores and relays nothing of it, still takes deletions', async () => {
    const { sync, log, key, other, updateOf, send, big, resync } = setup(3000);
    let refusal: AppFailure | null = null;
    const taken: string[] = [];
    for (let i = 0; i < 10 && !refusal; i++) {
      const update = updateOf((m) => m.set(`m${i}`, big(`m${i}`)));
      try {
        await send(update);
        taken.push(`m${i}`);
      } catch (error) {
        refusal = error as AppFailure;
      }
    }
    assert.ok(refusal, 'refused before ten marks of ~1 KB');
    assert.deepEqual([refusal.code, refusal.reason], ['too_large', 'sync_document_full']);
    assert.equal(refusal.params?.maxBytes, 3000);
    assert.ok(taken.length >= 1);
    await tick();
    assert.equal(other.sent.length, taken.length, 'the refused update was not relayed');
    const stored = sync.read(key, (d) => [...d.getMap('strokes').keys()]);
    assert.deepEqual(stored.sort(), taken.sort());
    resync();
    // Deleting makes room (the deleted content goes at compaction), and a deletion is never refused.
    for (const id of taken) await send(updateOf((m) => m.delete(id)));
    assert.ok(log.pendingCount(key.name) > 0, 'the deletions are logged');
    await send(updateOf((m) => m.set('again', big('again'))));
    assert.deepEqual(
      sync.read(key, (d) => [...d.getMap('strokes').keys()]),
      ['again'],
    );
    await sync.shutdown();
  });

  it('refuses an update beyond the sender’s budget before applying it', async () => {
    const { sync, key, other, updateOf } = setup(1_000_000);
    const me = new FakeSubscriber('delegate-1');
    sync.open(key, me, new Uint8Array([0]));
    const first = updateOf((m) => m.set('a', markBy('delegate-1', 'a')));
    const budget = new ByteBudget(10, first.byteLength + 10, () => 0);
    const writer = writerFor('delegate-1', { budget });
    await sync.update(key, me, first, writer);
    const relayed = other.sent.length;
    const refused = failure(() =>
      sync.update(
        key,
        me,
        updateOf((m) => m.set('b', markBy('delegate-1', 'b'))),
        writer,
      ),
    );
    assert.equal(refused.code, 'rate_limited');
    assert.equal(other.sent.length, relayed);
    assert.equal(
      sync.read(key, (d) => d.getMap('strokes').has('b')),
      false,
    );
    await sync.shutdown();
  });
});
