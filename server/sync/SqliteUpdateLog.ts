// The update log in the embedded SQLite database (WAL). An append is one transaction, committed with
// synchronous=FULL by default: in WAL mode that fsyncs the log at every commit, so an acknowledged update survives
// not only a killed process (NORMAL already does) but a power cut. The shared connection stays at its own setting
// (NORMAL) for everything else; the level is raised for the append only. Appends are batched by the caller
// (SyncService), so one fsync covers every update that arrived in the same turn of the event loop.
import type { Database } from '../storage/database.ts';
import type { AppendEntry, CompactionResult, StoredDoc, UpdateLog } from './UpdateLog.ts';

export type SyncDurability = 'full' | 'normal';

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

  constructor(db: Database, durability: SyncDurability = 'full') {
    this.#db = db;
    this.#level = LEVEL[durability];
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

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    return this.appendNow(entries);
  }

  async close(): Promise<void> {}

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
    // One transaction: the rows merged are exactly the rows deleted. better-sqlite3 runs it synchronously, so no
    // append can land between reading and deleting; one appended later has a larger seq and is kept.
    return this.#db.transaction(() => {
      const stored = this.load(doc);
      const last = stored.updates[stored.updates.length - 1];
      if (!last) return null;
      const snapshot = merge(stored);
      this.#upsertSnapshot.run(doc, meetingId, snapshot, last.seq, new Date().toISOString());
      this.#deleteUpTo.run(doc, last.seq);
      return { upToSeq: last.seq, merged: stored.updates.length };
    })();
  }
}
