// The update log in the embedded SQLite database (WAL). An append is one transaction, committed with
// synchronous=FULL by default: in WAL mode that fsyncs the log at every commit, so an acknowledged update survives
// not only a killed process (NORMAL already does) but a power cut. The appends run on a thread of their own
// (append.worker.mjs) with its own connection to the same file, so that the fsync (tens of milliseconds under load)
// never holds the event loop; the append's promise resolves once the commit returned there. Loads and compactions
// stay on the shared connection, which keeps its own setting (NORMAL). Appends are batched by the caller
// (SyncService, one batch at a time), so one fsync covers every update that arrived while the previous one was
// being written. An in-memory database (tests) has no file for a second connection: it appends on the calling thread.
import { Worker } from 'node:worker_threads';
import type { Database } from '../storage/database.ts';
import { logger } from '../log.ts';
import type { AppendEntry, CompactionResult, StoredDoc, UpdateLog } from './UpdateLog.ts';

export type SyncDurability = 'full' | 'normal';

/** Where appends are written: on their own thread (the default for a database file), or on the calling one. */
export type AppendThread = 'worker' | 'inline';

const WORKER_URL = new URL('./append.worker.mjs', import.meta.url);
const log = logger('sync');

type Answer = { id: number; seqs: number[] } | { id: number; error: { message: string; code: string | null } };

/** The error the writer thread reported, with the SQLite code that says what it was (SQLITE_FULL: a full disk). */
function failureOf(error: { message: string; code: string | null }): Error {
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

const LEVEL: Record<SyncDurability, number> = { normal: 1, full: 2 };

/** Runs `fn` with at least this synchronous level on the connection, then restores the connection's own. */
function withSynchronous<T>(db: Database, wanted: number, fn: () => T): T {
  // Inside an enclosing transaction SQLite refuses the change; that transaction's commit decides.
  if (db.inTransaction) return fn();
  const previous = db.pragma('synchronous', { simple: true }) as number;
  if (previous >= wanted) return fn();
  db.pragma(`synchronous = ${wanted}`);
  try {
    return fn();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}

export class SqliteUpdateLog implements UpdateLog {
  readonly #db: Database;
  readonly #level: number;
  readonly #insert;
  readonly #selectUpdates;
  readonly #selectSnapshot;
  readonly #count;
  readonly #upsertSnapshot;
  readonly #deleteUpTo;
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #waiting = new Map<number, { resolve: (seqs: number[]) => void; reject: (error: Error) => void }>();

  constructor(db: Database, durability: SyncDurability = 'full', thread: AppendThread = 'worker') {
    this.#db = db;
    this.#level = LEVEL[durability];
    if (thread === 'worker' && !db.memory) this.#startWorker(db.name);
    this.#insert = db.prepare('INSERT INTO sync_updates (meeting_id, doc, data, received_at) VALUES (?, ?, ?, ?)');
    this.#selectUpdates = db.prepare('SELECT seq, data FROM sync_updates WHERE doc = ? ORDER BY seq');
    this.#selectSnapshot = db.prepare('SELECT data FROM sync_snapshots WHERE doc = ?');
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM sync_updates WHERE doc = ?');
    this.#upsertSnapshot = db.prepare(
      `INSERT INTO sync_snapshots (doc, meeting_id, data, up_to_seq, compacted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET data = excluded.data, up_to_seq = excluded.up_to_seq,
         compacted_at = excluded.compacted_at`,
    );
    this.#deleteUpTo = db.prepare('DELETE FROM sync_updates WHERE doc = ? AND seq <= ?');
  }

  append(entries: readonly AppendEntry[]): Promise<number[]> {
    const worker = this.#worker;
    if (!worker || entries.length === 0) {
      try {
        return Promise.resolve(this.appendNow(entries));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const id = ++this.#nextId;
    return new Promise<number[]>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      // While an append is on its way, its answer keeps the process alive; otherwise the thread does not.
      worker.ref();
      worker.postMessage({ id, entries: entries.map((e) => ({ meetingId: e.meetingId, doc: e.doc, data: e.data })) });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage({ type: 'close' });
    await exited;
  }

  /** The append on the calling thread. */
  appendNow(entries: readonly AppendEntry[]): number[] {
    if (entries.length === 0) return [];
    const at = new Date().toISOString();
    const run = this.#db.transaction(() =>
      entries.map((e) => Number(this.#insert.run(e.meetingId, e.doc, e.data, at).lastInsertRowid)),
    );
    return withSynchronous(this.#db, this.#level, () => run());
  }

  load(doc: string): StoredDoc {
    const snapshot = this.#selectSnapshot.get(doc) as { data: Buffer } | undefined;
    const updates = (this.#selectUpdates.all(doc) as { seq: number; data: Buffer }[]).map((r) => ({
      seq: r.seq,
      data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength),
    }));
    return { snapshot: snapshot ? new Uint8Array(snapshot.data) : null, updates };
  }

  pendingCount(doc: string): number {
    return (this.#count.get(doc) as { n: number }).n;
  }

  compact(meetingId: string, doc: string, merge: (stored: StoredDoc) => Uint8Array): CompactionResult | null {
    // One transaction, which takes the write lock before it reads (IMMEDIATE): the rows merged are exactly the rows
    // deleted, and an append of the writer thread waits for it and lands after, with a larger seq, kept.
    return this.#db.transaction(() => {
      const stored = this.load(doc);
      const last = stored.updates[stored.updates.length - 1];
      if (!last) return null;
      const snapshot = merge(stored);
      this.#upsertSnapshot.run(doc, meetingId, snapshot, last.seq, new Date().toISOString());
      this.#deleteUpTo.run(doc, last.seq);
      return { upToSeq: last.seq, merged: stored.updates.length };
    }).immediate();
  }

  #startWorker(file: string): void {
    const worker = new Worker(WORKER_URL, { workerData: { file, synchronous: this.#level } });
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const waiting = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      if (this.#waiting.size === 0) worker.unref();
      if (!waiting) return;
      if ('seqs' in answer) waiting.resolve(answer.seqs);
      else waiting.reject(failureOf(answer.error));
    });
    const lost = (why: Error) => {
      if (this.#worker !== worker) return;
      // The thread is gone: what it had is not known to be stored, and appends go on on this thread.
      log.error('the update log writer thread stopped; appending on the main thread from now on', why);
      this.#worker = null;
      for (const waiting of this.#waiting.values()) waiting.reject(why);
      this.#waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the update log writer thread exited (${code})`)));
    this.#worker = worker;
  }
}
