// The shared layer's authorship rules at the sync service's API, with hand-made Yjs updates: a participant adds
// marks as itself and changes or deletes only its own, replies to others' notes in its own name, the chair or the
// presenter clears anyone's; a refused update is applied, stored and relayed nowhere, and the next ones are still
// judged against the true state. Private layers and the minutes are not under these rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import * as Y from 'yjs';
import type { Mark } from '../../../common/annotations.ts';
import type { DocRef } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import type { NotificationMap } from '../../../common/protocol.ts';
import { syncDocKey, type SyncDocKey } from '../../../server/sync/docNames.ts';
import { ByteBudget } from '../../../server/sync/quotas.ts';
import type { SyncSubscriber, SyncWriter } from '../../../server/sync/SyncRoom.ts';
import { SyncService } from '../../../server/sync/SyncService.ts';
import { MemoryUpdateLog } from '../../../server/sync/UpdateLog.ts';
import { markBy, nameOf, writerFor } from './marks.ts';

class FakeSubscriber implements SyncSubscriber {
  readonly sent: { event: keyof NotificationMap }[] = [];
  constructor(readonly participantId: string) {}
  live = () => true;
  send: SyncSubscriber['send'] = (event) => void this.sent.push({ event });
}

const SHARED: DocRef = { documentId: 'doc-1', version: 1, layer: 'shared' };
const EMPTY_SV = new Uint8Array([0]);

/** One participant's client: a Y.Doc following the server, sending each change as one update. */
class Client {
  readonly doc = new Y.Doc();
  readonly subscriber: FakeSubscriber;
  readonly key: SyncDocKey;

  constructor(
    readonly sync: SyncService,
    readonly writer: SyncWriter,
  ) {
    this.subscriber = new FakeSubscriber(writer.actor.id);
    this.key = syncDocKey('m1', writer.actor.id, SHARED);
    Y.applyUpdate(this.doc, this.sync.open(this.key, this.subscriber, EMPTY_SV).update as Uint8Array);
  }

  get marks(): Y.Map<unknown> {
    return this.doc.getMap('strokes');
  }

  /** The update `change` makes, without sending it. */
  updateOf(change: (marks: Y.Map<unknown>, doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    this.doc.transact(() => change(this.marks, this.doc));
    return Y.encodeStateAsUpdate(this.doc, before);
  }

  send(change: (marks: Y.Map<unknown>, doc: Y.Doc) => void) {
    return this.sync.update(this.key, this.subscriber, this.updateOf(change), this.writer);
  }

  /** Catches up with the server (after a refusal, a client starts over from the server's state). */
  fresh(): Client {
    return new Client(this.sync, this.writer);
  }
}

function refused(fn: () => unknown, code: string, reason?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppFailure, String(error));
    assert.equal(error.code, code, error.message);
    if (reason) assert.equal(error.reason, reason, error.message);
    return true;
  });
}

function setup() {
  const log = new MemoryUpdateLog();
  const sync = new SyncService(log, { idleUnloadMs: 10 });
  const serverMarks = () => sync.read(syncDocKey('m1', 'x', SHARED), (doc) => doc.getMap('strokes').toJSON());
  return { log, sync, serverMarks };
}

describe('shared layer: authorship', () => {
  it('takes a mark added in its sender’s name, and refuses one in someone else’s', async () => {
    const { sync, log, serverMarks } = setup();
    const [chair, delegate] = [new Client(sync, writerFor('chair')), new Client(sync, writerFor('delegate-1'))];
    await delegate.send((m) => m.set('d1', markBy('delegate-1', 'd1')));
    const before = log.pendingCount(delegate.key.name);
    const relayed = chair.subscriber.sent.length;
    const forger = delegate.fresh();
    refused(() => forger.send((m) => m.set('f1', markBy('chair', 'f1'))), 'forbidden', 'not_your_mark');
    const namer = delegate.fresh();
    refused(
      () => namer.send((m) => m.set('f2', { ...markBy('delegate-1', 'f2'), authorName: nameOf('chair') })),
      'forbidden',
      'not_your_mark',
    );
    await tick();
    assert.equal(log.pendingCount(delegate.key.name), before, 'nothing stored');
    assert.equal(chair.subscriber.sent.length, relayed, 'nothing relayed');
    assert.deepEqual(Object.keys(serverMarks()), ['d1']);
    await sync.shutdown();
  });

  it("refuses changing or deleting another's mark; the author does both", async () => {
    const { sync, serverMarks } = setup();
    const chair = new Client(sync, writerFor('chair'));
    await chair.send((m) => m.set('c1', markBy('chair', 'c1')));
    const delegate = new Client(sync, writerFor('delegate-1'));
    refused(() => delegate.send((m) => m.set('c1', markBy('delegate-1', 'c1'))), 'forbidden', 'not_your_mark');
    refused(
      () => delegate.fresh().send((m) => m.set('c1', { ...markBy('chair', 'c1'), color: '#000' })),
      'forbidden',
      'not_your_mark',
    );
    refused(() => delegate.fresh().send((m) => m.delete('c1')), 'forbidden', 'not_your_mark');
    assert.deepEqual(serverMarks().c1, markBy('chair', 'c1'));
    await chair.send((m) => m.set('c1', markBy('chair', 'c1', { points: [0.5, 0.5, 0.6, 0.6] })));
    assert.deepEqual((serverMarks().c1 as Mark).points, [0.5, 0.5, 0.6, 0.6]);
    refused(() => chair.fresh().send((m) => m.set('c1', markBy('delegate-1', 'c1'))), 'forbidden', 'not_your_mark');
    await chair.send((m) => m.delete('c1'));
    assert.deepEqual(serverMarks(), {});
    await sync.shutdown();
  });

  it("lets the chair or the presenter clear anyone's mark, and says whose, for the audit", async () => {
    const { sync, serverMarks } = setup();
    const delegate = new Client(sync, writerFor('delegate-1'));
    await delegate.send((m) => {
      m.set('d1', markBy('delegate-1', 'd1', { page: 3 }));
      m.set('d2', markBy('delegate-1', 'd2'));
    });
    const chair = new Client(sync, writerFor('chair', { mayClearAny: true }));
    const result = await chair.send((m) => m.delete('d1'));
    assert.deepEqual(result.cleared, [{ id: 'd1', author: 'delegate-1', authorName: nameOf('delegate-1'), page: 3 }]);
    refused(
      () => chair.send((m) => m.set('d2', { ...markBy('delegate-1', 'd2'), color: 'red' })),
      'forbidden',
      'not_your_mark',
    );
    const presenter = new Client(sync, writerFor('delegate-2', { mayClearAny: true }));
    assert.equal((await presenter.send((m) => m.delete('d2'))).cleared.length, 1);
    const own = await delegate.fresh().send((m) => m.set('d3', markBy('delegate-1', 'd3')));
    assert.deepEqual(own.cleared, []);
    assert.deepEqual(Object.keys(serverMarks()), ['d3']);
    await sync.shutdown();
  });

  it("lets anyone reply to a note in their own name, and nobody rewrite another's reply", async () => {
    const { sync, serverMarks } = setup();
    const author = new Client(sync, writerFor('delegate-1'));
    const note = markBy('delegate-1', 'n1', { kind: 'note', points: [0.5, 0.5], text: 'Số liệu?', replies: [] });
    await author.send((m) => m.set('n1', note));
    const other = new Client(sync, writerFor('delegate-2'));
    const reply = { author: 'delegate-2', authorName: nameOf('delegate-2'), text: 'Đã cập nhật', at: 1 };
    await other.send((m) => m.set('n1', { ...note, replies: [reply] }));
    assert.deepEqual((serverMarks().n1 as Mark).replies, [reply]);
    const forged = { author: 'chair', authorName: nameOf('chair'), text: 'Đồng ý', at: 2 };
    refused(() => other.send((m) => m.set('n1', { ...note, replies: [reply, forged] })), 'forbidden', 'not_your_mark');
    refused(() => author.fresh().send((m) => m.set('n1', { ...note, replies: [] })), 'forbidden', 'not_your_mark');
    refused(
      () => other.fresh().send((m) => m.set('n1', { ...note, text: 'khác', replies: [reply] })),
      'forbidden',
      'not_your_mark',
    );
    await sync.shutdown();
  });

  it('refuses what is not a mark, and anything beside the marks map', async () => {
    const { sync } = setup();
    const delegate = new Client(sync, writerFor('delegate-1'));
    refused(() => delegate.send((m) => m.set('x', { page: 1, points: [0.1] })), 'invalid_message');
    refused(
      () => delegate.fresh().send((m) => m.set('y', { ...markBy('delegate-1', 'y'), points: ['a'] })),
      'invalid_message',
    );
    refused(() => delegate.fresh().send((m) => m.set('z', markBy('delegate-1', 'other-id'))), 'invalid_message');
    refused(
      () => delegate.fresh().send((m) => m.set('nested', new Y.Map([['author', 'delegate-1']]))),
      'invalid_message',
    );
    refused(() => delegate.fresh().send((_m, doc) => doc.getArray('junk').push([1, 2, 3])), 'invalid_message');
    await sync.shutdown();
  });

  it('refuses an update whose base the server lacks, and takes it once the base arrives', async () => {
    const { sync, serverMarks } = setup();
    const delegate = new Client(sync, writerFor('delegate-1'));
    const first = delegate.updateOf((m) => m.set('a', markBy('delegate-1', 'a')));
    const second = delegate.updateOf((m) => m.set('b', markBy('delegate-1', 'b')));
    const send = (u: Uint8Array) => sync.update(delegate.key, delegate.subscriber, u, delegate.writer);
    refused(() => send(second), 'invalid_message', 'sync_out_of_order');
    await send(first);
    await send(second);
    assert.deepEqual(Object.keys(serverMarks()).sort(), ['a', 'b']);
    await sync.shutdown();
  });

  it('judges every update against the true state after a refusal, and charges its sender for it', async () => {
    const { sync, serverMarks } = setup();
    const chair = new Client(sync, writerFor('chair'));
    await chair.send((m) => m.set('c1', markBy('chair', 'c1', { points: Array(2000).fill(0.5) })));
    const budget = new ByteBudget(1000, 1_000_000, () => 0);
    const delegate = new Client(sync, writerFor('delegate-1', { budget }));
    const update = delegate.updateOf((m) => m.delete('c1'));
    assert.throws(() => sync.update(delegate.key, delegate.subscriber, update, delegate.writer));
    assert.ok(budget.available < 1_000_000 - update.byteLength - 10_000, 'the rebuild was paid for');
    // The refused deletion left no trace: the chair still changes its mark, the delegate still cannot.
    await chair.send((m) => m.set('c1', markBy('chair', 'c1', { color: '#111' })));
    assert.equal((serverMarks().c1 as Mark).color, '#111');
    refused(() => delegate.fresh().send((m) => m.delete('c1')), 'forbidden', 'not_your_mark');
    await delegate.fresh().send((m) => m.set('d1', markBy('delegate-1', 'd1')));
    assert.deepEqual(Object.keys(serverMarks()).sort(), ['c1', 'd1']);
    await sync.shutdown();
  });

  it('leaves private layers and the minutes to their own rules', async () => {
    const { sync } = setup();
    const owner = new FakeSubscriber('delegate-1');
    const key = syncDocKey('m1', 'delegate-1', { ...SHARED, layer: 'private' });
    sync.open(key, owner, EMPTY_SV);
    const doc = new Y.Doc();
    const before = Y.encodeStateVector(doc);
    doc.getMap('strokes').set('p1', { page: 1, points: [0.1] });
    doc.getArray('scratch').push(['anything']);
    await sync.update(key, owner, Y.encodeStateAsUpdate(doc, before), writerFor('delegate-1'));
    const minutes = syncDocKey('m1', 'secretary', { layer: 'minutes' });
    const secretary = new FakeSubscriber('secretary');
    sync.open(minutes, secretary, EMPTY_SV);
    const text = new Y.Doc();
    const from = Y.encodeStateVector(text);
    text.getMap('header').set('title', 'Biên bản');
    await sync.update(minutes, secretary, Y.encodeStateAsUpdate(text, from), writerFor('secretary'));
    await sync.shutdown();
  });
});
