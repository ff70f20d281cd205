// Storage before anything else: an update becomes live and reaches the others only once the log has it; what the log
// refuses (a full disk) is nowhere, so nothing acknowledged can ever be built on it. And what is live is what a
// restart or a compaction rebuilds from the log, on every layer, whatever an owner sends: updates without their base
// are refused (sync_out_of_order), damaged ones that would not read back the same are refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import * as Y from 'yjs';
import type { SyncRef } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import { syncDocKey } from '../../../server/sync/docNames.ts';
import type { SyncSubscriber } from '../../../server/sync/SyncRoom.ts';
import { SyncService } from '../../../server/sync/SyncService.ts';
import { MemoryUpdateLog, type AppendEntry } from '../../../server/sync/UpdateLog.ts';
import { writerFor } from './marks.ts';

class FakeSubscriber implements SyncSubscriber {
  readonly sent: Uint8Array[] = [];
  constructor(readonly participantId: string) {}
  live = () => true;
  send: SyncSubscriber['send'] = (_event, payload) => void this.sent.push(payload.update as Uint8Array);
}

/** A log that can be held (an append in flight) and made to fail as a full disk does. */
class FaultyLog extends MemoryUpdateLog {
  full = false;
  #held: Promise<void> | null = null;
  #release: (() => void) | null = null;

  hold(): void {
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  release(): void {
    this.#release?.();
    this.#held = null;
  }

  override async append(entries: readonly AppendEntry[]): Promise<number[]> {
    if (this.#held) await this.#held;
    if (this.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    return super.append(entries);
  }
}

const MINUTES: SyncRef = { layer: 'minutes' };
const EMPTY_SV = new Uint8Array([0]);

/** An editor's client of the minutes: its own Y.Doc, sending each change as the update Yjs makes of it. */
class Editor {
  readonly doc = new Y.Doc();
  readonly subscriber: FakeSubscriber;
  constructor(
    readonly sync: SyncService,
    id: string,
  ) {
    this.subscriber = new FakeSubscriber(id);
    Y.applyUpdate(this.doc, this.sync.open(this.key, this.subscriber, EMPTY_SV).update as Uint8Array);
  }
  get key() {
    return syncDocKey('m1', this.subscriber.participantId, MINUTES);
  }
  /** Takes what the server relayed so far. */
  catchUp(): void {
    for (const update of this.subscriber.sent.splice(0)) Y.applyUpdate(this.doc, update);
  }
  async type(text: string): Promise<unknown> {
    let update: Uint8Array | null = null;
    this.doc.once('update', (u: Uint8Array) => (update = u));
    const discussion = this.doc.getText('discussion');
    discussion.insert(discussion.length, text);
    return this.sync.update(this.key, this.subscriber, update!, writerFor(this.subscriber.participantId));
  }
  /** What the minutes path of the client does on (re)opening: send everything the server lacks. */
  async resendMissing(): Promise<unknown> {
    const serverState = this.sync.read(this.key, (d) => Y.encodeStateVector(d));
    const update = Y.encodeStateAsUpdate(this.doc, serverState);
    return this.sync.update(this.key, this.subscriber, update, writerFor(this.subscriber.participantId));
  }
}

const discussion = (sync: SyncService) =>
  sync.read(syncDocKey('m1', 'x', MINUTES), (d) => d.getText('discussion').toString());

async function refusedWith(promise: Promise<unknown>, code: string, reason?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppFailure, String(error));
    assert.equal(error.code, code, error.message);
    if (reason) assert.equal(error.reason, reason, error.message);
    return true;
  });
}

describe('sync service: storage before anything else', () => {
  it('applies and relays an update only once the log has it', async () => {
    const log = new FaultyLog();
    const sync = new SyncService(log);
    const [secretary, chair] = [new Editor(sync, 'secretary'), new Editor(sync, 'chair')];
    log.hold();
    const stored = secretary.type('Khai mạc ');
    await tick();
    await tick();
    assert.equal(chair.subscriber.sent.length, 0, 'not relayed while the append is in flight');
    assert.equal(discussion(sync), '', 'not live while the append is in flight');
    log.release();
    await stored;
    assert.equal(chair.subscriber.sent.length, 1);
    assert.equal(discussion(sync), 'Khai mạc ');
    await sync.shutdown();
  });

  it('keeps nothing of an update a full disk refused, so an acknowledged one never builds on it', async () => {
    // The scenario of docs/reliability.md: the secretary types with the disk full, space is freed, the chair types.
    const log = new FaultyLog();
    const sync = new SyncService(log);
    const [secretary, chair] = [new Editor(sync, 'secretary'), new Editor(sync, 'chair')];
    log.full = true;
    await refusedWith(secretary.type('THU KY '), 'unavailable', 'disk_full');
    assert.equal(chair.subscriber.sent.length, 0, 'the refused update went to nobody');
    assert.equal(discussion(sync), '');
    log.full = false;
    chair.catchUp();
    await chair.type('CHU TRI ');
    // The secretary's next keystrokes build on the refused text: refused until it is sent again, then taken.
    await refusedWith(secretary.type('2'), 'invalid_message', 'sync_out_of_order');
    await secretary.resendMissing();
    const live = discussion(sync);
    assert.match(live, /CHU TRI /);
    assert.match(live, /THU KY 2/);
    await sync.shutdown();
    assert.equal(discussion(new SyncService(log)), live, 'a restart reads what was live');
  });

  it('refuses with a refused batch the updates queued behind it for the same document', async () => {
    const log = new FaultyLog();
    const sync = new SyncService(log);
    const [secretary, chair] = [new Editor(sync, 'secretary'), new Editor(sync, 'chair')];
    log.hold();
    log.full = true;
    const first = secretary.type('một ');
    await tick();
    // Accepted onto the first while it is being written: it cannot be stored without it.
    const second = secretary.type('hai ');
    log.release();
    await refusedWith(first, 'unavailable', 'disk_full');
    await refusedWith(second, 'unavailable', 'disk_full');
    log.full = false;
    assert.equal(discussion(sync), '');
    assert.equal(log.pendingCount(chair.key.name), 0);
    await chair.type('ba ');
    assert.equal(discussion(sync), 'ba ');
    await sync.shutdown();
  });
});

/** A seeded generator (the same sequences in every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const sorted = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
  );
const view = (doc: Y.Doc) => `${sorted(doc.getMap('strokes').toJSON())} ${doc.getText('note').toString()}`;

describe('sync service: a rebuilt document is the live one', () => {
  // Measured with the previous server (updates merged on load, no checks): 30 of 100 such sequences read differently
  // after a restart; with the log applied in order but no checks, 9 to 15 of 100 after a compaction.
  it("on a private layer, after 100 random sequences of its owner's honest, baseless and damaged updates", async () => {
    const random = rng(1548499605);
    const refusals = new Map<string, number>();
    for (let run = 0; run < 100; run++) {
      const log = new MemoryUpdateLog();
      const sync = new SyncService(log, { compactAfter: 1_000_000 });
      const owner = new FakeSubscriber('delegate-1');
      const key = syncDocKey('m1', 'delegate-1', { documentId: 'd', version: 1, layer: 'private' });
      sync.open(key, owner, EMPTY_SV);
      const client = new Y.Doc();
      const fork = () => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(client));
        return copy;
      };
      const updateOf = (doc: Y.Doc, change: (d: Y.Doc) => void) => {
        let update: Uint8Array = new Uint8Array();
        doc.once('update', (u: Uint8Array) => (update = u));
        change(doc);
        return update;
      };
      const insert = (d: Y.Doc, text: string) => d.getText('note').insert(random.int(0, d.getText('note').length), text);
      for (let i = 0; i < 60; i++) {
        const op = random.next();
        let update: Uint8Array;
        if (op < 0.3) update = updateOf(client, (d) => d.getMap('strokes').set(`m${i}`, { page: 1, points: [i] }));
        else if (op < 0.5) update = updateOf(client, (d) => insert(d, `[${i}]`));
        else if (op < 0.6) {
          const keys = [...client.getMap('strokes').keys()];
          if (keys.length === 0) continue;
          update = updateOf(client, (d) => d.getMap('strokes').delete(keys[random.int(0, keys.length - 1)]!));
        } else if (op < 0.7) {
          // Without its base: the second of two changes of another client, sent alone.
          const other = fork();
          other.getMap('strokes').set(`x${i}`, 1);
          update = updateOf(other, (d) => d.getMap('strokes').set(`y${i}`, 2));
        } else {
          // Damaged: an honest change with a few bits flipped; half the time the client keeps the honest one.
          const other = fork();
          other.clientID = client.clientID;
          const honest = updateOf(other, (d) =>
            random.next() < 0.5 ? d.getMap('strokes').set(`m${i}`, { page: 2 }) : insert(d, `<${i}>`),
          );
          if (random.next() < 0.5) Y.applyUpdate(client, honest);
          update = honest.slice();
          for (let f = random.int(1, 4); f > 0; f--) update[random.int(0, update.length - 1)]! ^= 1 << random.int(0, 7);
        }
        try {
          await sync.update(key, owner, update, writerFor('delegate-1'));
        } catch (error) {
          const why = error instanceof AppFailure ? `${error.code}/${error.reason ?? ''}` : String(error);
          refusals.set(why, (refusals.get(why) ?? 0) + 1);
        }
      }
      const live = sync.read(key, view);
      const restarted = new SyncService(log);
      assert.equal(restarted.read(key, view), live, `run ${run}: a restart rebuilds the live document`);
      restarted.compact(key);
      assert.equal(new SyncService(log).read(key, view), live, `run ${run}: so does a compaction`);
      await sync.shutdown();
    }
    assert.ok((refusals.get('invalid_message/sync_out_of_order') ?? 0) > 0, JSON.stringify([...refusals]));
  });
});
