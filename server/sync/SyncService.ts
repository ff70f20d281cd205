// The annotation sync service: loads synchronised documents on first use, applies and relays updates, stores each
// one in the update log before it is acknowledged, and compacts the log. Stores are batched: every update that
// arrives in one turn of the event loop is written in one transaction (one fsync), and each sender's promise
// resolves only after that transaction committed.
import type * as Y from 'yjs';
import { AppFailure } from '../../common/errors.ts';
import type { SyncDocKey } from './docNames.ts';
import { loadDoc, mergeStored, SyncRoom, type OpenAnswer, type SyncSubscriber } from './SyncRoom.ts';
import type { AppendEntry, UpdateLog } from './UpdateLog.ts';
import { logger } from '../log.ts';

const log = logger('sync');

export interface SyncServiceOptions {
  /** Compact a document once this many updates are logged since its last compaction. */
  compactAfter: number;
  /** Keep a document in memory this long after its last subscriber left. */
  idleUnloadMs: number;
}

interface Pending {
  entry: AppendEntry;
  room: SyncRoom;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

export class SyncService {
  readonly log: UpdateLog;
  readonly #options: SyncServiceOptions;
  readonly #rooms = new Map<string, SyncRoom>();
  readonly #bySubscriber = new Map<SyncSubscriber, Set<SyncRoom>>();
  #queue: Pending[] = [];
  #flushScheduled = false;
  #closed = false;

  constructor(log: UpdateLog, options: Partial<SyncServiceOptions> = {}) {
    this.log = log;
    this.#options = { compactAfter: 500, idleUnloadMs: 30_000, ...options };
  }

  /** Documents now in memory (for tests and the health endpoint). */
  get loaded(): number {
    return this.#rooms.size;
  }

  open(key: SyncDocKey, subscriber: SyncSubscriber, stateVector: Uint8Array): OpenAnswer {
    const room = this.#room(key);
    const answer = room.open(subscriber, stateVector);
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = null;
    let rooms = this.#bySubscriber.get(subscriber);
    if (!rooms) this.#bySubscriber.set(subscriber, (rooms = new Set()));
    rooms.add(room);
    return answer;
  }

  /** Applies and relays the update; resolves with its log seq once it is durably stored. */
  update(key: SyncDocKey, subscriber: SyncSubscriber, update: Uint8Array): Promise<number> {
    if (this.#closed) throw new AppFailure('internal', 'the server is shutting down; send the update again later');
    const room = this.#opened(key, subscriber);
    room.apply(subscriber, update);
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({ entry: { meetingId: key.meetingId, doc: key.name, data: update }, room, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * A change made by the server itself (SyncRoom.change): applied, relayed to every subscriber and stored like a
   * client's update. Resolves with its log seq once stored, or null when the change changed nothing.
   */
  serverChange(key: SyncDocKey, fn: (doc: Y.Doc) => void): Promise<number | null> {
    if (this.#closed) throw new AppFailure('internal', 'the server is shutting down');
    const room = this.#room(key);
    const update = room.change(fn);
    if (room.subscribers.size === 0 && !room.unloadTimer) {
      room.unloadTimer = setTimeout(() => this.#unload(room), this.#options.idleUnloadMs);
      room.unloadTimer.unref();
    }
    if (!update) return Promise.resolve(null);
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({ entry: { meetingId: key.meetingId, doc: key.name, data: update }, room, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Reads the document as it is now: the loaded one, or one rebuilt from the log (not kept in memory). */
  read<T>(key: SyncDocKey, fn: (doc: Y.Doc) => T): T {
    const room = this.#rooms.get(key.name);
    if (room) return fn(room.doc);
    const doc = loadDoc(this.log.load(key.name));
    try {
      return fn(doc);
    } finally {
      doc.destroy();
    }
  }

  awareness(key: SyncDocKey, subscriber: SyncSubscriber, update: Uint8Array): void {
    this.#opened(key, subscriber).applyAwareness(subscriber, update);
  }

  close(key: SyncDocKey, subscriber: SyncSubscriber): void {
    const room = this.#rooms.get(key.name);
    if (!room) return;
    this.#leave(room, subscriber);
  }

  /** The connection is gone: it leaves every document it had open. */
  unsubscribeAll(subscriber: SyncSubscriber): void {
    for (const room of this.#bySubscriber.get(subscriber) ?? []) this.#leave(room, subscriber);
    this.#bySubscriber.delete(subscriber);
  }

  /** Writes every queued update now (one transaction) and settles their promises. */
  flush(): void {
    this.#flushScheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    let seqs: number[];
    try {
      seqs = this.log.append(batch.map((p) => p.entry));
    } catch (error) {
      log.error('storing updates failed', error);
      const failure = new AppFailure('internal', 'the update could not be stored; it will be sent again');
      for (const p of batch) p.reject(failure);
      return;
    }
    batch.forEach((p, i) => p.resolve(seqs[i]!));
    const grown = new Set<SyncRoom>();
    for (const p of batch) {
      p.room.logged += 1;
      if (p.room.logged >= this.#options.compactAfter) grown.add(p.room);
    }
    // After the acknowledgements: compaction is not on the path of a stroke.
    if (grown.size > 0) setImmediate(() => grown.forEach((room) => this.compact(room.key)));
  }

  /** Merges the document's logged updates into its snapshot. Safe at any time (see UpdateLog.compact). */
  compact(key: SyncDocKey): void {
    const result = this.log.compact(key.meetingId, key.name, mergeStored);
    const room = this.#rooms.get(key.name);
    if (room && result) room.logged = Math.max(0, room.logged - result.merged);
  }

  /** Stores what is queued, compacts and unloads everything. */
  shutdown(): void {
    this.flush();
    this.#closed = true;
    for (const room of this.#rooms.values()) {
      if (room.logged > 0) this.compact(room.key);
      room.destroy();
    }
    this.#rooms.clear();
    this.#bySubscriber.clear();
  }

  #room(key: SyncDocKey): SyncRoom {
    let room = this.#rooms.get(key.name);
    if (!room) {
      room = new SyncRoom(key, this.log.load(key.name));
      this.#rooms.set(key.name, room);
    }
    return room;
  }

  #opened(key: SyncDocKey, subscriber: SyncSubscriber): SyncRoom {
    const room = this.#rooms.get(key.name);
    if (!room || !room.subscribers.has(subscriber)) {
      throw new AppFailure('invalid_message', 'open the document (syncOpen) before sending to it');
    }
    return room;
  }

  #leave(room: SyncRoom, subscriber: SyncSubscriber): void {
    room.leave(subscriber);
    this.#bySubscriber.get(subscriber)?.delete(room);
    if (room.subscribers.size > 0 || room.unloadTimer) return;
    room.unloadTimer = setTimeout(() => this.#unload(room), this.#options.idleUnloadMs);
    room.unloadTimer.unref();
  }

  #unload(room: SyncRoom): void {
    room.unloadTimer = null;
    if (room.subscribers.size > 0 || this.#rooms.get(room.key.name) !== room) return;
    // Queued updates reach the log first, so that a later reload of this document sees them.
    this.flush();
    if (room.logged > 0) this.compact(room.key);
    room.destroy();
    this.#rooms.delete(room.key.name);
  }
}
