// The sync service at its API, without sockets: storage first, then relaying and acknowledgement (batched), private layers
// that only their owner can ever reach, awareness ownership, refusals of malformed input, compaction.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { DocRef } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import type { NotificationMap } from '../../../common/protocol.ts';
import { syncDocKey } from '../../../server/sync/docNames.ts';
import type { SyncSubscriber } from '../../../server/sync/SyncRoom.ts';
import { SyncService } from '../../../server/sync/SyncService.ts';
import { MemoryUpdateLog, type AppendEntry } from '../../../server/sync/UpdateLog.ts';
import { markBy, writerFor } from './marks.ts';

type Sent = { event: keyof NotificationMap; payload: NotificationMap['syncRemoteUpdate'] };

class FakeSubscriber implements SyncSubscriber {
  readonly sent: Sent[] = [];
  alive = true;
  constructor(readonly participantId: string) {}
  live(): boolean {
    return this.alive;
  }
  send: SyncSubscriber['send'] = (event, payload) => {
    this.sent.push({ event, payload: payload as Sent['payload'] });
  };
}

const SHARED: DocRef = { documentId: 'doc-1', version: 1, layer: 'shared' };
const PRIVATE: DocRef = { documentId: 'doc-1', version: 1, layer: 'private' };
const EMPTY_SV = new Uint8Array([0]);

/** A stroke by delegate-1 (the writer of every update in this file). */
function strokeUpdate(id: string, doc = new Y.Doc()): Uint8Array {
  let update: Uint8Array | null = null;
  doc.once('update', (u: Uint8Array) => (update = u));
  doc.getMap('strokes').set(id, markBy('delegate-1', id));
  return update!;
}

const WRITER = writerFor('delegate-1');

function expectFailure(fn: () => unknown, code: string, reason?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppFailure);
    assert.equal(error.code, code);
    if (reason) assert.equal(error.reason, reason);
    return true;
  });
}

function setup(options = {}) {
  const log = new MemoryUpdateLog();
  const appends: AppendEntry[][] = [];
  const append = log.append.bind(log);
  log.append = (entries) => {
    appends.push([...entries]);
    return append(entries);
  };
  return { log, appends, sync: new SyncService(log, { idleUnloadMs: 10, ...options }) };
}

describe('sync service: shared layer', () => {
  it('stores an update, then relays it to the others and acknowledges it, in one batch per tick', async () => {
    const { sync, log, appends } = setup();
    const a = new FakeSubscriber('delegate-1');
    const b = new FakeSubscriber('delegate-2');
    const keyA = syncDocKey('m1', a.participantId, SHARED);
    const keyB = syncDocKey('m1', b.participantId, SHARED);
    assert.equal(keyA.name, keyB.name, 'one shared document for everyone');
    sync.open(keyA, a, EMPTY_SV);
    sync.open(keyB, b, EMPTY_SV);
    const acks = Promise.all([
      sync.update(keyA, a, strokeUpdate('s1'), WRITER),
      sync.update(keyA, a, strokeUpdate('s2'), WRITER),
    ]);
    assert.equal(b.sent.length, 0, 'not relayed before it is stored');
    assert.equal(log.pendingCount(keyA.name), 0, 'not yet stored: the acknowledgement waits');
    const seqs = await acks;
    assert.equal(b.sent.length, 2, 'relayed once stored');
    assert.equal(a.sent.length, 0, 'not echoed to the sender');
    assert.equal(appends.length, 1, 'both updates in one transaction');
    assert.deepEqual(
      seqs.map((r) => r.seq),
      [1, 2],
    );
    assert.equal(log.pendingCount(keyA.name), 2);
    await sync.shutdown();
  });

  it('answers sync step 1 with exactly what the client lacks', async () => {
    const { sync } = setup();
    const a = new FakeSubscriber('delegate-1');
    const key = syncDocKey('m1', a.participantId, SHARED);
    sync.open(key, a, EMPTY_SV);
    await sync.update(key, a, strokeUpdate('s1'), WRITER);
    const late = new Y.Doc();
    const answer = sync.open(
      syncDocKey('m1', 'delegate-2', SHARED),
      new FakeSubscriber('delegate-2'),
      Y.encodeStateVector(late),
    );
    Y.applyUpdate(late, answer.update as Uint8Array);
    assert.deepEqual([...late.getMap('strokes').keys()], ['s1']);
    await sync.shutdown();
  });

  it('refuses a malformed update before it touches the document or the log', async () => {
    const { sync, log } = setup();
    const a = new FakeSubscriber('delegate-1');
    const key = syncDocKey('m1', a.participantId, SHARED);
    sync.open(key, a, EMPTY_SV);
    expectFailure(() => sync.update(key, a, new Uint8Array([200, 1, 2, 3, 4, 5]), WRITER), 'invalid_message');
    await tick();
    assert.equal(log.pendingCount(key.name), 0);
    await sync.shutdown();
  });

  it('refuses updates to a document the connection has not opened', () => {
    const { sync } = setup();
    const a = new FakeSubscriber('delegate-1');
    expectFailure(
      () => sync.update(syncDocKey('m1', 'delegate-1', SHARED), a, strokeUpdate('x'), WRITER),
      'invalid_message',
    );
  });

  it('forgets a connection that is gone instead of sending to it', async () => {
    const { sync } = setup();
    const a = new FakeSubscriber('delegate-1');
    const b = new FakeSubscriber('delegate-2');
    sync.open(syncDocKey('m1', 'delegate-1', SHARED), a, EMPTY_SV);
    sync.open(syncDocKey('m1', 'delegate-2', SHARED), b, EMPTY_SV);
    b.alive = false;
    await sync.update(syncDocKey('m1', 'delegate-1', SHARED), a, strokeUpdate('s1'), WRITER);
    assert.equal(b.sent.length, 0);
    await sync.shutdown();
  });

  it('compacts after the configured number of updates without losing any', async () => {
    const { sync, log } = setup({ compactAfter: 5 });
    const a = new FakeSubscriber('delegate-1');
    const key = syncDocKey('m1', a.participantId, SHARED);
    sync.open(key, a, EMPTY_SV);
    const doc = new Y.Doc();
    for (let i = 0; i < 12; i++) await sync.update(key, a, strokeUpdate(`s${i}`, doc), WRITER);
    await tick();
    assert.ok(log.pendingCount(key.name) < 5, `compacted (${log.pendingCount(key.name)} left)`);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, sync.open(key, new FakeSubscriber('delegate-1'), EMPTY_SV).update as Uint8Array);
    assert.equal(fresh.getMap('strokes').size, 12);
    await sync.shutdown();
  });
});

describe('sync service: private layers', () => {
  it("refuses a request naming another participant's private layer", () => {
    expectFailure(
      () => syncDocKey('m1', 'delegate-2', { ...PRIVATE, owner: 'delegate-1' }),
      'forbidden',
      'private_layer',
    );
    assert.equal(syncDocKey('m1', 'delegate-1', { ...PRIVATE, owner: 'delegate-1' }).owner, 'delegate-1');
  });

  it('gives each participant their own private document for the same reference', () => {
    const mine = syncDocKey('m1', 'delegate-1', PRIVATE);
    const theirs = syncDocKey('m1', 'delegate-2', PRIVATE);
    assert.notEqual(mine.name, theirs.name);
    assert.match(mine.name, /\/private\/delegate-1$/);
  });

  it('never sends one participant’s private strokes to another, whatever they open', async () => {
    const { sync } = setup();
    const owner = new FakeSubscriber('delegate-1');
    const ownerOtherDevice = new FakeSubscriber('delegate-1');
    const other = new FakeSubscriber('delegate-2');
    sync.open(syncDocKey('m1', 'delegate-1', PRIVATE), owner, EMPTY_SV);
    sync.open(syncDocKey('m1', 'delegate-1', PRIVATE), ownerOtherDevice, EMPTY_SV);
    const otherOpen = sync.open(syncDocKey('m1', 'delegate-2', PRIVATE), other, EMPTY_SV);
    sync.open(syncDocKey('m1', 'delegate-2', SHARED), other, EMPTY_SV);
    await sync.update(syncDocKey('m1', 'delegate-1', PRIVATE), owner, strokeUpdate('secret'), WRITER);
    assert.equal(ownerOtherDevice.sent.length, 1, "the owner's other connection receives it");
    assert.equal(other.sent.length, 0);
    const view = new Y.Doc();
    Y.applyUpdate(view, sync.open(syncDocKey('m1', 'delegate-2', PRIVATE), other, EMPTY_SV).update as Uint8Array);
    assert.equal(view.getMap('strokes').size, 0);
    assert.ok((otherOpen.update as Uint8Array).byteLength <= 2);
    await sync.shutdown();
  });

  it('refuses awareness on a private layer: nobody else is there', async () => {
    const { sync } = setup();
    const owner = new FakeSubscriber('delegate-1');
    const key = syncDocKey('m1', 'delegate-1', PRIVATE);
    sync.open(key, owner, EMPTY_SV);
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ cursor: null });
    expectFailure(
      () => sync.awareness(key, owner, encodeAwarenessUpdate(awareness, [awareness.clientID])),
      'invalid_message',
    );
    awareness.destroy();
    await sync.shutdown();
  });
});

describe('sync service: awareness', () => {
  it('relays cursors, keeps each state to the connection that set it, and clears it when that one leaves', async () => {
    const { sync } = setup();
    const a = new FakeSubscriber('delegate-1');
    const b = new FakeSubscriber('delegate-2');
    const key = syncDocKey('m1', 'delegate-1', SHARED);
    sync.open(key, a, EMPTY_SV);
    sync.open(syncDocKey('m1', 'delegate-2', SHARED), b, EMPTY_SV);
    const mine = new Awareness(new Y.Doc());
    mine.setLocalState({ user: { peerId: 'delegate-1' }, cursor: { page: 1, x: 0.5, y: 0.5 }, laser: null });
    const update = encodeAwarenessUpdate(mine, [mine.clientID]);
    sync.awareness(key, a, update);
    assert.equal(b.sent.filter((s) => s.event === 'syncRemoteAwareness').length, 1);
    expectFailure(() => sync.awareness(syncDocKey('m1', 'delegate-2', SHARED), b, update), 'forbidden');
    sync.close(key, a);
    assert.equal(b.sent.filter((s) => s.event === 'syncRemoteAwareness').length, 2, 'the removal is relayed');
    mine.destroy();
    await sync.shutdown();
  });
});
