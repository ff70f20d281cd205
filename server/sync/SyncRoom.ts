// One synchronised Yjs document held in memory while someone has it open: its state, the connections subscribed to
// it, and (shared layers only) the awareness of who points where and the guard of who may change which mark.
// The live document holds exactly what is stored: an update is checked on a scratch copy ahead of it
// (server/sync/StagedDoc.ts), and applied and relayed only once the log has it (`commit`); storing it, and the
// document's size, is SyncService's job.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { MarkActor } from '../../common/annotations.ts';
import { isMinutesRef, type Binary, type SyncRef } from '../../common/documents.ts';
import { AppFailure } from '../../common/errors.ts';
import type { NotificationMap } from '../../common/protocol.ts';
import { logger } from '../log.ts';
import type { SyncDocKey } from './docNames.ts';
import type { ByteBudget } from './quotas.ts';
import { SharedLayerGuard, type ClearedMark } from './SharedLayerGuard.ts';
import { applyInOrder, StagedDoc } from './StagedDoc.ts';
import type { StoredDoc } from './UpdateLog.ts';

const log = logger('sync');

/** A connection that receives a document's updates: one joined signalling session. */
export interface SyncSubscriber {
  readonly participantId: string;
  /** False once the connection left, dropped or was replaced; it is then forgotten. */
  live(): boolean;
  send<K extends 'syncRemoteUpdate' | 'syncRemoteAwareness'>(event: K, payload: NotificationMap[K]): void;
}

/** Who sends an update, from their session: whose marks they may change, and the budget their bytes come from. */
export interface SyncWriter {
  actor: MarkActor;
  budget: ByteBudget;
}

export interface OpenAnswer {
  update: Binary;
  stateVector: Binary;
  awareness: Binary | null;
}

/** Awareness states one connection may set in one message (a client normally has exactly one). */
const MAX_AWARENESS_CLIENTS = 4;

/**
 * Rebuilds a document from its stored snapshot and updates, applied one at a time in log order: exactly how the live
 * document took them (a merge of the updates may resolve damaged ones differently).
 */
export function loadDoc(stored: StoredDoc): Y.Doc {
  return applyInOrder(new Y.Doc(), [
    ...(stored.snapshot ? [stored.snapshot] : []),
    ...stored.updates.map((u) => u.data),
  ]);
}

/** The compaction merge: snapshot + updates → one update (deleted content garbage-collected). */
export function mergeStored(stored: StoredDoc): Uint8Array {
  const doc = loadDoc(stored);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function clientIdsOf(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_AWARENESS_CLIENTS) throw new Error(`${count} awareness states in one message`);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
  return ids;
}

export class SyncRoom {
  readonly key: SyncDocKey;
  readonly doc: Y.Doc;
  readonly awareness: Awareness | null;
  readonly subscribers = new Set<SyncSubscriber>();
  /** Updates in the log since the last compaction. */
  logged: number;
  /** Bytes stored for the document: its snapshot, the updates logged since, those queued to be logged. */
  snapshotBytes: number;
  loggedBytes: number;
  queuedBytes = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  readonly #awarenessOwners = new Map<number, SyncSubscriber>();
  readonly #guard: SharedLayerGuard | null;
  readonly #staged: StagedDoc;

  constructor(key: SyncDocKey, stored: StoredDoc) {
    this.key = key;
    this.doc = loadDoc(stored);
    this.logged = stored.updates.length;
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0;
    this.loggedBytes = stored.updates.reduce((sum, u) => sum + u.data.byteLength, 0);
    // Updates stored before every layer refused them, still waiting for a base that never came, must not take effect
    // later inside someone else's update.
    const { store } = this.doc;
    if (store.pendingStructs || store.pendingDs) log.warn(`${key.name}: dropping stored changes without a base`);
    store.pendingStructs = null;
    store.pendingDs = null;
    const guard = key.owner === null && !isMinutesRef(key.ref) ? new SharedLayerGuard() : null;
    this.#guard = guard;
    this.#staged = new StagedDoc(this.doc, { onRebuild: (scratch) => guard?.watch(scratch), guarded: guard !== null });
    // Cursors and laser pointers are for others to see: a private layer has none.
    this.awareness = key.owner === null ? new Awareness(this.doc) : null;
    if (this.awareness) {
      this.awareness.setLocalState(null);
      this.awareness.on('update', this.#relayAwareness);
    }
  }

  get ref(): SyncRef {
    return this.key.ref;
  }

  get storedBytes(): number {
    return this.snapshotBytes + this.loggedBytes + this.queuedBytes;
  }

  /**
   * A change made by the server itself (the minutes' attendance from the meeting, the number given at finalising),
   * made on the scratch copy. Returns the update to store (then `commit` it), or null when nothing changed.
   */
  change(fn: (doc: Y.Doc) => void): Uint8Array | null {
    return this.#staged.change(fn);
  }

  /** Sync step 1 from the client → step 2 (what it lacks) and the server's state vector, plus awareness. */
  open(subscriber: SyncSubscriber, clientStateVector: Uint8Array): OpenAnswer {
    this.#checkReceiver(subscriber);
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(this.doc, clientStateVector.byteLength > 0 ? clientStateVector : undefined);
    } catch {
      throw new AppFailure('invalid_message', 'syncOpen: the state vector is not a Yjs state vector');
    }
    this.subscribers.add(subscriber);
    const states = this.awareness ? [...this.awareness.getStates().keys()] : [];
    return {
      update,
      stateVector: Y.encodeStateVector(this.doc),
      awareness: this.awareness && states.length > 0 ? encodeAwarenessUpdate(this.awareness, states) : null,
    };
  }

  /**
   * Checks a client's update on the scratch copy, where it waits to be stored; nothing of it is live yet. On a shared
   * layer the writer's marks are judged; returns the others' marks it cleared. A refusal leaves nothing behind.
   */
  accept(subscriber: SyncSubscriber, update: Uint8Array, writer: SyncWriter): ClearedMark[] {
    this.#checkSubscribed(subscriber);
    try {
      // Decoding first: a malformed update is refused before it can touch even the scratch copy.
      Y.decodeUpdate(update);
    } catch {
      throw new AppFailure('invalid_message', 'syncUpdate: the update is not a valid Yjs update');
    }
    const guard = this.#guard;
    guard?.begin();
    this.#staged.stage(
      update,
      () => guard?.judge(writer.actor) ?? null,
      // Rebuilding the scratch copy is work the sender caused: it is paid from its budget like bytes it sent.
      (rebuiltBytes) => writer.budget.charge(rebuiltBytes),
    );
    return guard?.cleared(writer.actor) ?? [];
  }

  /** The oldest accepted update is stored: it becomes live, and goes to every other subscriber. */
  commit(update: Uint8Array, from: SyncSubscriber | null): void {
    this.#staged.stored();
    Y.applyUpdate(this.doc, update, from);
    this.#relay(from, 'syncRemoteUpdate', { doc: this.ref, update });
  }

  /** The log refused what was accepted and not yet stored: none of it becomes live. */
  abort(): void {
    this.#staged.abort();
  }

  /** Accepted updates waiting for the log. */
  get staged(): number {
    return this.#staged.queued;
  }

  applyAwareness(subscriber: SyncSubscriber, update: Uint8Array): void {
    this.#checkSubscribed(subscriber);
    if (!this.awareness) {
      throw new AppFailure('invalid_message', 'a private layer has no awareness: nobody else is there to see it');
    }
    let ids: number[];
    try {
      ids = clientIdsOf(update);
    } catch {
      throw new AppFailure('invalid_message', 'syncAwareness: the update is not a valid awareness update');
    }
    for (const id of ids) {
      const owner = this.#awarenessOwners.get(id);
      if (owner && owner !== subscriber && owner.live()) {
        throw new AppFailure('forbidden', "syncAwareness: that awareness state is another connection's");
      }
    }
    for (const id of ids) this.#awarenessOwners.set(id, subscriber);
    applyAwarenessUpdate(this.awareness, update, subscriber);
  }

  /** The subscriber closed the document or its connection went: it stops receiving; its cursors disappear. */
  leave(subscriber: SyncSubscriber): void {
    this.subscribers.delete(subscriber);
    const owned = [...this.#awarenessOwners].filter(([, s]) => s === subscriber).map(([id]) => id);
    for (const id of owned) this.#awarenessOwners.delete(id);
    if (this.awareness && owned.length > 0) removeAwarenessStates(this.awareness, owned, null);
  }

  destroy(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.#staged.destroy();
    this.awareness?.destroy();
    this.doc.destroy();
  }

  /** Belt and braces for private layers: the name already keeps everyone else out. */
  #checkReceiver(subscriber: SyncSubscriber): void {
    if (this.key.owner !== null && subscriber.participantId !== this.key.owner) {
      throw new AppFailure('forbidden', "another participant's private annotations are theirs alone", 'private_layer');
    }
  }

  #checkSubscribed(subscriber: SyncSubscriber): void {
    this.#checkReceiver(subscriber);
    if (!this.subscribers.has(subscriber)) {
      throw new AppFailure('invalid_message', 'open the document (syncOpen) before sending to it');
    }
  }

  #relay<K extends 'syncRemoteUpdate' | 'syncRemoteAwareness'>(
    from: SyncSubscriber | null,
    event: K,
    payload: NotificationMap[K],
  ): void {
    for (const s of this.subscribers) {
      if (s === from) continue;
      if (!s.live()) {
        this.leave(s);
        continue;
      }
      if (this.key.owner !== null && s.participantId !== this.key.owner) continue;
      s.send(event, payload);
    }
  }

  readonly #relayAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (!this.awareness) return;
    const ids = [...change.added, ...change.updated, ...change.removed];
    if (ids.length === 0) return;
    const update = encodeAwarenessUpdate(this.awareness, ids);
    this.#relay((origin as SyncSubscriber | null) ?? null, 'syncRemoteAwareness', { doc: this.ref, update });
  };
}
