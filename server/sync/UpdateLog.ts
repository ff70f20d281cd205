// The annotation update log behind one interface (like tldraw's TLSyncStorage): append updates durably, load a
// document's snapshot and updates, compact a document's updates into one snapshot. Bytes only; what the bytes
// mean (Yjs) is the caller's business, passed in as the `merge` function. In-memory here, SQLite beside it.

export interface StoredUpdate {
  /** Position in the log, increasing, never reused: the id an acknowledgement carries. */
  seq: number;
  data: Uint8Array;
}

export interface StoredDoc {
  snapshot: Uint8Array | null;
  /** Updates logged after the snapshot, in log order. */
  updates: StoredUpdate[];
}

export interface AppendEntry {
  meetingId: string;
  /** The synchronised document's name (server/sync/docNames.ts). */
  doc: string;
  data: Uint8Array;
}

export interface CompactionResult {
  /** Updates up to and including this seq are now in the snapshot. */
  upToSeq: number;
  merged: number;
}

export interface UpdateLog {
  /**
   * Stores the entries in one atomic, durable step; resolves with their seqs in order once durable. The caller has
   * at most one append in flight, so entries are stored in the order they were appended.
   */
  append(entries: readonly AppendEntry[]): Promise<number[]>;
  load(doc: string): StoredDoc;
  /** Updates logged for the document since its last compaction. */
  pendingCount(doc: string): number;
  /**
   * Replaces the document's snapshot and every update logged so far by `merge(stored)`, atomically. Updates appended
   * after this call are untouched; null when there was nothing to compact.
   */
  compact(meetingId: string, doc: string, merge: (stored: StoredDoc) => Uint8Array): CompactionResult | null;
  /** Ends the log's own resources (a writer thread); nothing is appended after. */
  close(): Promise<void>;
}

/** For tests and tools: the same contract, nothing on disk. */
export class MemoryUpdateLog implements UpdateLog {
  #seq = 0;
  readonly #docs = new Map<string, StoredDoc>();

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    return entries.map((entry) => {
      const seq = ++this.#seq;
      this.#doc(entry.doc).updates.push({ seq, data: new Uint8Array(entry.data) });
      return seq;
    });
  }

  async close(): Promise<void> {}

  load(doc: string): StoredDoc {
    const stored = this.#docs.get(doc);
    return { snapshot: stored?.snapshot ?? null, updates: [...(stored?.updates ?? [])] };
  }

  pendingCount(doc: string): number {
    return this.#docs.get(doc)?.updates.length ?? 0;
  }

  compact(_meetingId: string, doc: string, merge: (stored: StoredDoc) => Uint8Array): CompactionResult | null {
    const stored = this.load(doc);
    const last = stored.updates[stored.updates.length - 1];
    if (!last) return null;
    const snapshot = merge(stored);
    const target = this.#doc(doc);
    target.snapshot = snapshot;
    target.updates = target.updates.filter((u) => u.seq > last.seq);
    return { upToSeq: last.seq, merged: stored.updates.length };
  }

  #doc(doc: string): StoredDoc {
    let stored = this.#docs.get(doc);
    if (!stored) this.#docs.set(doc, (stored = { snapshot: null, updates: [] }));
    return stored;
  }
}
