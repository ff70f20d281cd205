// The annotation sync service: loads synchronised documents on first use, checks each update, stores it in the
// update log, and only then applies it to the live document, relays it and acknowledges it; and compacts the log.
// What the log refuses (a full disk) is therefore nowhere: not live, not relayed, not built on by anyone. Stores are
// group-committed: one batch is written at a time (one transaction, one fsync, off the event loop with the SQLite
// log), and every update that arrives meanwhile goes into the next one; per document, updates are stored, applied and
// relayed in the order they were accepted. Each update is paid from its sender's byte budget, and a document's
// stored size is capped (server/sync/quotas.ts).
import * as Y from 'yjs';
import { AppFailure } from '../../common/errors.ts';
import { DISK_FULL_ERROR, isDiskFull } from '../errors.ts';
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
  /** Who sent it (not relayed back to them); null for the server's own change. */
  from: SyncSubscriber | null;
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
  /** The batch being written, if any: one at a time, so that the log's order is the order of acceptance. */
  #writing: Promise<void> | null = null;
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
   * Pays for and checks the writer's update, stores it, then applies and relays it; resolves once it is durably
   * stored and live. Refusals throw before anything is stored; a failed store rejects with nothing of it live.
   */
  update(key: SyncDocKey, subscriber: SyncSubscriber, update: Uint8Array, writer: SyncWriter): Promise<UpdateResult> {
    if (this.#closed) throw new AppFailure('internal', 'the server is shutting down; send the update again later');
    const room = this.#opened(key, subscriber);
    writer.budget.spend(update.byteLength, 'syncUpdate');
    this.#checkRoom(room, update);
    const cleared = room.accept(subscriber, update, writer);
    return this.#store(room, update, subscriber).then((seq) => ({ seq, cleared }));
  }

  /**
   * A change made by the server itself (SyncRoom.change): stored like a client's update, then applied and relayed to
   * every subscriber. Resolves with its log seq once stored, or null when the change changed nothing.
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
    return this.#store(room, update, null);
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

  /** Starts writing what is queued, unless a batch is being written (what is queued then goes next). */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#writing || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = this.#write(batch).finally(() => {
      this.#writing = null;
      this.flush();
    });
  }

  /** Resolves once everything queued so far is stored (or refused). */
  async drain(): Promise<void> {
    while (this.#writing || this.#queue.length > 0) {
      this.flush();
      await this.#writing;
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    for (const p of batch) p.room.queuedBytes -= p.entry.data.byteLength;
    let seqs: number[];
    try {
      seqs = await this.log.append(batch.map((p) => p.entry));
    } catch (error) {
      this.#refuse(batch, error);
      return;
    }
    const grown = new Set<SyncRoom>();
    batch.forEach((p, i) => {
      p.room.logged += 1;
      p.room.loggedBytes += p.entry.data.byteLength;
      if (p.room.logged >= this.#options.compactAfter) grown.add(p.room);
      // Stored: now it may be seen, built on and acknowledged.
      p.room.commit(p.entry.data, p.from);
      p.resolve(seqs[i]!);
    });
    if (grown.size === 0) return;
    // After the acknowledgements have gone out: compaction is not on the path of a stroke. Still inside this write,
    // so that no append is in flight while a document's logged updates are merged.
    await new Promise((resolve) => setImmediate(resolve));
    for (const room of grown) {
      if (this.#rooms.get(room.key.name) === room) this.compact(room.key);
    }
  }

  /**
   * The log did not take the batch: nothing of it is live. Its documents drop what they accepted and had not stored
   * (queued updates built on the refused ones are refused with them).
   */
  #refuse(batch: Pending[], error: unknown): void {
    log.error('storing updates failed', error);
    const failure = isDiskFull(error)
      ? new AppFailure(DISK_FULL_ERROR.code, DISK_FULL_ERROR.detail, DISK_FULL_ERROR.reason)
      : new AppFailure('internal', 'the update could not be stored; send it again');
    const rooms = new Set(batch.map((p) => p.room));
    const dropped = this.#queue.filter((p) => rooms.has(p.room));
    this.#queue = this.#queue.filter((p) => !rooms.has(p.room));
    for (const p of dropped) p.room.queuedBytes -= p.entry.data.byteLength;
    for (const room of rooms) room.abort();
    for (const p of [...batch, ...dropped]) p.reject(failure);
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
    // Compactions run between batches (or for a document with nothing on its way): every update logged for it so
    // far is in the snapshot now.
    room.snapshotBytes = snapshotBytes;
    room.loggedBytes = 0;
  }

  /** Stores what is queued, compacts and unloads everything, and closes the log. */
  async shutdown(): Promise<void> {
    this.#closed = true;
    await this.drain();
    for (const room of this.#rooms.values()) {
      if (room.logged > 0) this.compact(room.key);
      room.destroy();
    }
    this.#rooms.clear();
    this.#bySubscriber.clear();
    await this.log.close();
  }

  #room(key: SyncDocKey): SyncRoom {
    let room = this.#rooms.get(key.name);
    if (!room) {
      room = new SyncRoom(key, this.log.load(key.name));
      this.#rooms.set(key.name, room);
    }
    return room;
  }

  /** Queues the accepted update for the next batch; resolves with its seq once stored and live. */
  #store(room: SyncRoom, update: Uint8Array, from: SyncSubscriber | null): Promise<number> {
    room.queuedBytes += update.byteLength;
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({
        entry: { meetingId: room.key.meetingId, doc: room.key.name, data: update },
        room,
        from,
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
    if (room.staged > 0) {
      // Updates on their way to the log become live first, so that a later reload of this document sees them.
      room.unloadTimer = setTimeout(() => this.#unload(room), this.#options.idleUnloadMs);
      room.unloadTimer.unref();
      return;
    }
    if (room.logged > 0) this.compact(room.key);
    room.destroy();
    this.#rooms.delete(room.key.name);
  }
}
