// Binds one Y.Doc (one annotation layer of one document version) to the server over the signalling connection.
// Framework-free: the viewer draws from `doc` and listens to `on('ack')` to mark strokes the server has stored.
//   - open: sync step 1 (our state vector) → the server answers with what we lack and its state vector, and we send
//     what it lacks (strokes drawn while offline: our own pending ones on an annotation layer, everything the
//     server lacks for the minutes). Done again after every rejoin.
//   - local changes are batched (`batchMs`) and sent as `syncUpdate`; an update stays pending until the server's
//     acknowledgement, which comes only once it is durably stored.
//   - remote changes arrive as `syncRemoteUpdate`; cursors and the laser pointer as awareness (shared layer only).
//   - an annotation layer's update the server refuses for good (someone else's mark, too large, a full document) is
//     a change the server will never have: a CRDT cannot take it back, so the layer starts over from the server's
//     state in a new Y.Doc (`reset`); strokes not yet stored go with it. The minutes keep their own handling.
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import {
  MAX_SYNC_UPDATE_BYTES,
  docRefKey,
  toBytes,
  type AnnotationAwarenessState,
  type SyncRef,
} from '../../../common/documents.ts';
import type { NotificationMap, RequestName, RequestPayload, ResponseMap } from '../../../common/protocol.ts';

/** What the sync needs from the connection; the meeting session (features/meeting/session.ts) provides it. */
export interface SyncTransport {
  request<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResponseMap[K]>;
  on<K extends keyof NotificationMap>(event: K, listener: (payload: NotificationMap[K]) => void): () => void;
  /** Called after every join and rejoin (the server forgets what a dropped connection had open). */
  onJoined(listener: () => void): () => void;
}

export type SyncStatus = 'connecting' | 'synced' | 'offline' | 'closed';

export interface DocSyncOptions {
  /** Local changes within this window go out as one update (ms). */
  batchMs?: number;
  /** Awareness (cursor, laser) goes out at most this often (ms). */
  awarenessMs?: number;
  /** Retry delay after the server failed to store an update (ms). */
  retryMs?: number;
}

interface PendingUpdate {
  update: Uint8Array;
  /** The clock range per client of the items it creates: [from, to). */
  ranges: Map<number, [number, number]>;
  inFlight: boolean;
}

type Events = {
  status: (status: SyncStatus) => void;
  /** Some pending updates were stored by the server; re-check `isAcknowledged`. */
  ack: (seq: number) => void;
  /** A refusal that retrying cannot fix (e.g. an update over the size limit). */
  error: (error: unknown) => void;
  /** `doc` is a new Y.Doc, about to hold the server's state: bind to it again (undo history, listeners). */
  reset: () => void;
};

/** Marks updates applied from the server, so that they are not sent back. */
const REMOTE = Symbol('remote');

const isEmptyUpdate = (u: Uint8Array) => u.byteLength <= 2 && u.every((b) => b === 0);
const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;
const reasonOf = (error: unknown) => (error as { reason?: string } | null)?.reason;
/** Errors after which the same request may succeed later (on rejoin or retry). */
const TRANSIENT = new Set(['disconnected', 'timeout', 'not_joined', 'internal', 'rate_limited']);
/** Out-of-order refusals in a row (one per `retryMs`) before an annotation layer starts over from the server's. */
const MAX_OUT_OF_ORDER = 5;

export class DocSync {
  readonly ref: SyncRef;
  /** Cursors and laser pointers of everyone on this document (shared layer only). */
  readonly awareness: Awareness | null;
  status: SyncStatus = 'connecting';
  readonly #transport: SyncTransport;
  readonly #options: Required<DocSyncOptions>;
  readonly #key: string;
  readonly #pending: PendingUpdate[] = [];
  readonly #listeners: { [K in keyof Events]: Set<Events[K]> } = {
    status: new Set(),
    ack: new Set(),
    error: new Set(),
    reset: new Set(),
  };
  #doc: Y.Doc;
  readonly #unsubscribe: (() => void)[] = [];
  #opened = false;
  #epoch = 0;
  /** Refusals in a row of updates whose base the server lacks; past a few, the base is not coming. */
  #outOfOrder = 0;
  #batchTimer: ReturnType<typeof setTimeout> | null = null;
  #awarenessTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(transport: SyncTransport, ref: SyncRef, options: DocSyncOptions = {}, doc = new Y.Doc()) {
    this.#transport = transport;
    this.ref = ref;
    this.#key = docRefKey(ref);
    this.#options = { batchMs: 50, awarenessMs: 80, retryMs: 2000, ...options };
    this.#doc = doc;
    // Private layers have nobody else to show a cursor to; shared layers and the minutes do.
    this.awareness = ref.layer !== 'private' ? new Awareness(doc) : null;
    doc.on('update', this.#onLocalUpdate);
    this.awareness?.on('update', this.#onLocalAwareness);
    this.#unsubscribe.push(
      transport.on('syncRemoteUpdate', ({ doc: target, update }) => {
        if (docRefKey(target) === this.#key) Y.applyUpdate(this.doc, toBytes(update), REMOTE);
      }),
      transport.on('syncRemoteAwareness', ({ doc: target, update }) => {
        if (this.awareness && docRefKey(target) === this.#key) {
          applyAwarenessUpdate(this.awareness, toBytes(update), REMOTE);
        }
      }),
      transport.onJoined(() => void this.#open()),
    );
  }

  /** The layer's document; a new one after a `reset`. */
  get doc(): Y.Doc {
    return this.#doc;
  }

  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /** Local updates not yet stored by the server (drawn offline, or in flight). */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Whether the item (a stroke's Y.Map, or its id) is stored on the server. Remote items always are. */
  isAcknowledged(item: Y.AbstractType<unknown> | Y.ID): boolean {
    const id = item instanceof Y.ID ? item : item._item?.id;
    if (!id) return true;
    return !this.#pending.some((p) => {
      const range = p.ranges.get(id.client);
      return range !== undefined && id.clock >= range[0] && id.clock < range[1];
    });
  }

  /** Publishes this client's cursor / laser pointer (shared layer only). */
  setAwareness(state: AnnotationAwarenessState | null): void {
    this.awareness?.setLocalState(state);
  }

  /** Sends what is batched now (e.g. at the end of a stroke). */
  flush(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer);
    this.#batchTimer = null;
    if (!this.#opened) return;
    const epoch = this.#epoch;
    let batch: PendingUpdate[] = [];
    let size = 0;
    const send = () => {
      if (batch.length > 0) void this.#send(batch, epoch);
      batch = [];
      size = 0;
    };
    for (const p of this.#pending) {
      if (p.inFlight) continue;
      if (size + p.update.byteLength > MAX_SYNC_UPDATE_BYTES) send();
      batch.push(p);
      size += p.update.byteLength;
    }
    send();
  }

  destroy(): void {
    this.flush();
    if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
    this.#unsubscribe.forEach((off) => off());
    this.#doc.off('update', this.#onLocalUpdate);
    if (this.#opened) void this.#transport.request('syncClose', { doc: this.ref }).catch(() => undefined);
    this.awareness?.destroy();
    this.#setStatus('closed');
  }

  /** Opens (or reopens after a rejoin) the document on the server and exchanges what each side lacks. */
  async #open(): Promise<void> {
    const epoch = ++this.#epoch;
    this.#opened = false;
    for (const p of this.#pending) p.inFlight = false;
    this.#setStatus('connecting');
    try {
      const answer = await this.#transport.request('syncOpen', {
        doc: this.ref,
        stateVector: Y.encodeStateVector(this.doc),
      });
      if (epoch !== this.#epoch) return;
      Y.applyUpdate(this.doc, toBytes(answer.update), REMOTE);
      if (this.awareness) {
        // Whoever was here before the drop may be gone: start from the server's view.
        const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness!.clientID);
        removeAwarenessStates(this.awareness, others, REMOTE);
        if (answer.awareness) applyAwarenessUpdate(this.awareness, toBytes(answer.awareness), REMOTE);
      }
      this.#opened = true;
      this.#setStatus('synced');
      // The minutes send everything the server lacks, whoever wrote it (it may have lost what it relayed before a
      // crash). An annotation layer sends only this client's pending changes: the server takes a mark only from its
      // author, and that author's client sends it again itself.
      const missing =
        this.ref.layer === 'minutes' ? Y.encodeStateAsUpdate(this.doc, toBytes(answer.stateVector)) : null;
      if (missing && !isEmptyUpdate(missing) && missing.byteLength <= MAX_SYNC_UPDATE_BYTES) {
        // Everything the server lacks in one update; it covers every pending local update.
        const covered = this.#pending.filter((p) => !p.inFlight);
        covered.forEach((p) => (p.inFlight = true));
        void this.#send(covered, epoch, missing);
      } else {
        this.flush();
      }
      if (this.awareness?.getLocalState()) this.#sendAwareness();
    } catch (error) {
      if (epoch !== this.#epoch) return;
      this.#setStatus('offline');
      if (!TRANSIENT.has(codeOf(error) ?? '')) this.#emit('error', error);
    }
  }

  async #send(batch: PendingUpdate[], epoch: number, merged?: Uint8Array): Promise<void> {
    batch.forEach((p) => (p.inFlight = true));
    const update = merged ?? (batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update)));
    try {
      const { seq } = await this.#transport.request('syncUpdate', { doc: this.ref, update });
      this.#outOfOrder = 0;
      for (const p of batch) {
        const at = this.#pending.indexOf(p);
        if (at >= 0) this.#pending.splice(at, 1);
      }
      this.#emit('ack', seq);
    } catch (error) {
      batch.forEach((p) => (p.inFlight = false));
      if (epoch !== this.#epoch) return;
      const code = codeOf(error);
      // Out of order: an earlier update is still to be stored (ours, refused for the moment or on its way, or one the
      // server relayed and then lost in a crash, until its author sends it again), for a few tries.
      const waiting = reasonOf(error) === 'sync_out_of_order' && ++this.#outOfOrder <= MAX_OUT_OF_ORDER;
      // `unavailable` (the server's disk is full): nothing of the update was kept anywhere; it is sent again later.
      if (code === 'internal' || code === 'unavailable' || code === 'rate_limited' || waiting) {
        setTimeout(() => this.flush(), this.#options.retryMs);
      } else if (TRANSIENT.has(code ?? '')) {
        // The connection is down: the next join reopens the document and sends everything pending.
        this.#opened = false;
        this.#setStatus('offline');
      } else if (this.ref.layer !== 'minutes') {
        this.#emit('error', error);
        this.#reset();
      } else {
        // The server will never take this update (too large, malformed): keep it locally, stop resending it.
        for (const p of batch) {
          const at = this.#pending.indexOf(p);
          if (at >= 0) this.#pending.splice(at, 1);
        }
        // Nothing of this person's was in it — only what the server lacked at opening (e.g. the delete set, which a
        // state vector does not cover), refused to a reader of locked minutes: nothing to tell them.
        if (batch.length > 0) this.#emit('error', error);
      }
    }
  }

  /** Starts the layer over from the server's state: a new Y.Doc, nothing pending, the document opened again. */
  #reset(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer);
    this.#batchTimer = null;
    this.#pending.length = 0;
    this.#outOfOrder = 0;
    this.#doc.off('update', this.#onLocalUpdate);
    // The old document is dropped, not destroyed: the awareness (bound to it at construction) lives on.
    this.#doc = new Y.Doc();
    this.#doc.on('update', this.#onLocalUpdate);
    this.#emit('reset');
    void this.#open();
  }

  readonly #onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE) return;
    const meta = Y.parseUpdateMeta(update);
    const ranges = new Map<number, [number, number]>();
    for (const [client, from] of meta.from) ranges.set(client, [from, meta.to.get(client) ?? from]);
    this.#pending.push({ update, ranges, inFlight: false });
    if (!this.#batchTimer) this.#batchTimer = setTimeout(() => this.flush(), this.#options.batchMs);
  };

  readonly #onLocalAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== 'local' || !this.#opened || this.#awarenessTimer) return;
    this.#awarenessTimer = setTimeout(() => {
      this.#awarenessTimer = null;
      this.#sendAwareness();
    }, this.#options.awarenessMs);
    void change;
  };

  #sendAwareness(): void {
    if (!this.awareness || !this.#opened) return;
    const update = encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]);
    void this.#transport.request('syncAwareness', { doc: this.ref, update }).catch(() => undefined);
  }

  #setStatus(status: SyncStatus): void {
    if (this.status === status || this.status === 'closed') return;
    this.status = status;
    this.#emit('status', status);
  }

  #emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of this.#listeners[event]) (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }
}
