// Where an update is tried before anyone sees it. A room's live document holds exactly what is stored; this scratch
// copy runs ahead of it by the updates accepted and still on their way to the log. An update is applied here first
// and refused, leaving nothing behind, when it would not rebuild the same from the log: when it leaves changes
// waiting for a base the server lacks (applied later, they would land inside someone else's update), when the layer's
// rules refuse it, or when the document it produces would not encode and decode back to itself (what a restart and
// a compaction do). A refusal, and a store that failed, rebuild the copy from the live document and the updates
// still queued. The copy is always built from an encoding of the live document: a round trip by construction.
import * as Y from 'yjs';
import { AppFailure } from '../../common/errors.ts';

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);

/** JSON with every object's keys sorted: a map's key order is the order its entries were integrated, not content. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );

/** An update with nothing in it: merged with another, it makes Yjs write that one in its canonical form. */
const NOTHING = new Uint8Array([0, 0]);

/** Whether two updates hold the same structs and deletions: byte for byte, or once both are in canonical form. */
const sameChange = (a: Uint8Array, b: Uint8Array): boolean =>
  equalBytes(a, b) || equalBytes(Y.mergeUpdates([a, NOTHING]), Y.mergeUpdates([b, NOTHING]));

const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

/** Whether `doc` encodes to a state that decodes back to the same document (same encoding, same content). */
export function roundTrips(doc: Y.Doc): boolean {
  const encoded = Y.encodeStateAsUpdate(doc);
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, encoded);
    if (hasPending(copy) || !equalBytes(Y.encodeStateAsUpdate(copy), encoded)) return false;
    // The content too, root by root as the original reads it (a root it never read as a type has no content yet).
    for (const [name, type] of doc.share) {
      if (type.constructor === Y.AbstractType) continue;
      const again = copy.get(name, type.constructor as typeof Y.AbstractType<unknown>);
      if (canonical(again.toJSON()) !== canonical(type.toJSON())) return false;
    }
    return true;
  } finally {
    copy.destroy();
  }
}

/** Rebuilds a document by applying a stored snapshot and updates one at a time, in log order (as the live one was). */
export function applyInOrder(doc: Y.Doc, parts: readonly Uint8Array[]): Y.Doc {
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
}

export const OUT_OF_ORDER = (): AppFailure =>
  new AppFailure(
    'invalid_message',
    'syncUpdate: the update builds on changes the server does not have; send those first',
    'sync_out_of_order',
  );

export class StagedDoc {
  readonly #live: Y.Doc;
  readonly #onRebuild: (scratch: Y.Doc) => void;
  readonly #checkEvery: boolean;
  /** Accepted and queued for the log, oldest first: the scratch copy is the live document plus these. */
  readonly #queued: Uint8Array[] = [];
  #scratch!: Y.Doc;

  /**
   * `onRebuild`: called with every new scratch copy (a layer's guard watches it). `guarded`: the layer's rules admit
   * only well-formed marks, so an update that is exactly what Yjs integrated needs no full check.
   */
  constructor(live: Y.Doc, options: { onRebuild?: (scratch: Y.Doc) => void; guarded?: boolean } = {}) {
    this.#live = live;
    this.#onRebuild = options.onRebuild ?? (() => undefined);
    this.#checkEvery = !options.guarded;
    this.rebuild();
  }

  get doc(): Y.Doc {
    return this.#scratch;
  }

  get queued(): number {
    return this.#queued.length;
  }

  /**
   * Applies a client's update to the scratch copy, or throws the refusal with the copy as it was. `judge` reads the
   * copy with the update applied (the layer's rules); `onRefused` gets the bytes the rebuild copied.
   */
  stage(update: Uint8Array, judge: () => AppFailure | null, onRefused: (rebuiltBytes: number) => void): void {
    let emitted: Uint8Array | null = null;
    const onUpdate = (u: Uint8Array) => (emitted = emitted ? Y.mergeUpdates([emitted, u]) : u);
    const scratch = this.#scratch;
    scratch.on('update', onUpdate);
    let failure: AppFailure | null = null;
    try {
      Y.applyUpdate(scratch, update);
    } catch {
      failure = new AppFailure('invalid_message', 'syncUpdate: the update is not a valid Yjs update');
    } finally {
      scratch.off('update', onUpdate);
    }
    if (!failure && hasPending(scratch)) failure = OUT_OF_ORDER();
    failure ??= judge();
    // The full check costs an encoding and a decoding of the whole document. Where the layer's rules already hold
    // every change to a well-formed mark in the marks map (a shared layer), an update that describes exactly the
    // change Yjs integrated (what Yjs writes of it, in the canonical form of a merge: an honest client's update, one
    // change or a batch of them) skips it; anything else (overlapping what is there, damaged) pays for it. Elsewhere
    // a damaged update can describe exactly what it did and still not read back the same (an item placed, through a
    // reused id, under a parent of another kind), so every update is checked.
    const check = emitted !== null && (this.#checkEvery || !sameChange(emitted, update));
    if (!failure && check && !roundTrips(scratch)) {
      failure = new AppFailure(
        'invalid_message',
        'syncUpdate: the update would not survive being stored and read back (a damaged or inconsistent update)',
      );
    }
    if (failure) {
      onRefused(this.rebuild());
      throw failure;
    }
    this.#queued.push(update);
  }

  /** A change the server makes itself, on the scratch copy; returns its update to store, or null if none. */
  change(fn: (doc: Y.Doc) => void): Uint8Array | null {
    const before = Y.encodeStateVector(this.#scratch);
    try {
      this.#scratch.transact(() => fn(this.#scratch), null);
    } catch (error) {
      this.rebuild();
      throw error;
    }
    const update = Y.encodeStateAsUpdate(this.#scratch, before);
    const decoded = Y.decodeUpdate(update);
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return null;
    this.#queued.push(update);
    return update;
  }

  /** The oldest queued update is stored: the live document takes it (the caller applies it there). */
  stored(): void {
    this.#queued.shift();
  }

  /** The log refused the queued updates: none of them is live or ever will be; the copy is the live one again. */
  abort(): void {
    this.#queued.length = 0;
    this.rebuild();
  }

  /** Makes the copy the live document plus the queued updates; returns the size of the state copied. */
  rebuild(): number {
    this.#scratch?.destroy();
    const scratch = new Y.Doc();
    const state = Y.encodeStateAsUpdate(this.#live);
    Y.applyUpdate(scratch, state);
    // What could never be applied in the live document stays out of the copy too.
    scratch.store.pendingStructs = null;
    scratch.store.pendingDs = null;
    applyInOrder(scratch, this.#queued);
    this.#scratch = scratch;
    this.#onRebuild(scratch);
    return state.byteLength;
  }

  destroy(): void {
    this.#scratch.destroy();
  }
}
