// The annotation sync service: loads synchronised documents on first use, applies and relays updates, stores each
// one in the update log before it is acknowledged, and compacts the log. Stores are batched: every update that
// arrives in one turn of the event loop is written in one transaction (one fsync), and each sender's promise
// resolves only after that transaction committed. Each update is paid from its sender's byte budget, and a
// document's stored size is capped (server/sync/quotas.ts).
import * as Y from 'yjs';
import { AppFailure } from '../../common/errors.ts';
import type { SyncDocKey } from './docNames.ts';
import { DEFAULT_SYNC_QUOTAS } from './quotas.ts';
import type { ClearedMark } from './SharedLayerGuard.ts';
import { loadDoc, mergeStored, SyncRoom, type OpenAnswer, type SyncSubscriber, type SyncWriter } from './SyncRoom.ts';
import type { AppendEntry, UpdateLog } from './UpdateLog.ts';
import { logger } from '../log.ts';

const log = logger('sync');

export interface SyncServiceOptions {
  /** Compact a document once this many updates are logged since its last compaction. */
  compactAfter: number;
  /** Keep a document in memory this long after its last subscriber left. */
  idleUnloadMs: number;
  /** Stored bytes (snapshot + logged updates) beyond which a document takes no more content. */
  maxDocumentBytes: number;
}

export interface UpdateResult {
  /** The update's position in the log: it is stored. */
  seq: number;
  /** Others' marks the writer cleared (chair or presenter), for the meeting's audit log. */
  cleared: ClearedMark[];
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
    this.#options = {
      compactAfter: 500,
      idleUnloadMs: 30_000,
      maxDocumentBytes: DEFAULT_SYNC_QUOTAS.maxDocumentBytes,
      ...options,
    };
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

  /**
   * Pays for, checks, applies and relays the writer's update; resolves once it is durably stored. Refusals throw
   * before anything is applied, stored or relayed.
   */
  update(key: SyncDocKey, subscriber: SyncSubscriber, update: Uint8Array, writer: SyncWriter): Promise<UpdateResult> {
    if (this.#closed) throw new AppFailure('internal', 'the server is shutting down; send the update again later');
    const room = this.#opened(key, subscriber);
    writer.budget.spend(update.byteLength, 'syncUpdate');
    this.#checkRoom(room, update);
    const cleared = room.apply(subscriber, update, writer);
    return this.#store(room, update).then((seq) => ({ seq, cleared }));
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
    return this.#store(room, update);
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
    for (const p of batch) p.room.queuedBytes -= p.entry.data.byteLength;
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
      p.room.loggedBytes += p.entry.data.byteLength;
      if (p.room.logged >= this.#options.compactAfter) grown.add(p.room);
    }
    // After the acknowledgements: compaction is not on the path of a stroke.
    if (grown.size > 0) setImmediate(() => grown.forEach((room) => this.compact(room.key)));
  }

  /** Merges the document's logged updates into its snapshot. Safe at any time (see UpdateLog.compact). */
  compact(key: SyncDocKey): void {
    let snapshotBytes = 0;
    const result = this.log.compact(key.meetingId, key.name, (stored) => {
      const snapshot = mergeStored(stored);
      snapshotBytes = snapshot.byteLength;
      return snapshot;
    });
    const room = this.#rooms.get(key.name);
    if (!room || !result) return;
    room.logged = Math.max(0, room.logged - result.merged);
    // Appends are synchronous (flush): every update logged so far is in the snapshot now.
    room.snapshotBytes = snapshotBytes;
    room.loggedBytes = 0;
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

  /** Queues the update for the next flush; resolves with its seq once stored. */
  #store(room: SyncRoom, update: Uint8Array): Promise<number> {
    room.queuedBytes += update.byteLength;
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({
        entry: { meetingId: room.key.meetingId, doc: room.key.name, data: update },
        room,
        resolve,
        reject,
      });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * The size cap: an update that would take the stored document beyond it is refused, unless it only deletes (what
   * makes room). Compaction may shrink what is stored (deleted content goes), so a full document is compacted once
   * before refusing.
   */
  #checkRoom(room: SyncRoom, update: Uint8Array): void {
    const max = this.#options.maxDocumentBytes;
    if (room.storedBytes + update.byteLength <= max) return;
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new AppFailure('invalid_message', 'syncUpdate: the update is not a valid Yjs update');
    }
    if (decoded.structs.length === 0) return;
    if (room.logged > 0) this.compact(room.key);
    if (room.storedBytes + update.byteLength <= max) return;
    throw new AppFailure(
      'too_large',
      `the document holds ${room.storedBytes} bytes; with this update it would pass its limit of ${max}`,
      'sync_document_full',
      { size: room.storedBytes, updateBytes: update.byteLength, maxBytes: max },
    );
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
