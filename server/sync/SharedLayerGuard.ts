// The authorship rules of a shared annotation layer (common/annotations.ts), enforced before an update reaches the
// room's document. A CRDT update cannot be taken back once applied, so each one is first applied to a scratch copy
// kept in step with the room's document; the marks it adds, changes or deletes are read from that copy's map event
// and judged against the sender. Only then may the room apply, store and relay it. A refused update has changed the
// scratch copy, which is then rebuilt from the room's document (the work a refusal costs, returned to the caller).
import * as Y from 'yjs';
import { judgeMarkChange, MARKS_MAP, type MarkActor } from '../../common/annotations.ts';
import { AppFailure } from '../../common/errors.ts';

/** A mark of someone else's that the chair or the presenter cleared: for the meeting's audit log. */
export interface ClearedMark {
  id: string;
  author: string;
  authorName: string;
  page: number | null;
}

export type GuardVerdict =
  | { ok: true; cleared: ClearedMark[] }
  /** `rebuiltBytes`: the size of the state the scratch copy was rebuilt from. */
  | { ok: false; failure: AppFailure; rebuiltBytes: number };

type KeyChanges = Map<string, { action: 'add' | 'update' | 'delete'; oldValue: unknown }>;

interface Observed {
  keys: KeyChanges | null;
  /** Something changed outside the marks map's entries (another root type, list content in the map). */
  stray: boolean;
}

const field = (value: unknown, name: string): unknown => (value as Record<string, unknown> | null)?.[name];

export class SharedLayerGuard {
  readonly #source: Y.Doc;
  #scratch!: Y.Doc;
  #observed: Observed = { keys: null, stray: false };

  /** `source`: the room's document, which the scratch copy follows. */
  constructor(source: Y.Doc) {
    this.#source = source;
    this.rebuild();
  }

  /**
   * Judges the update as `actor`'s. On success the scratch copy has it applied, as the room's document must next;
   * on refusal the room's document must not apply it.
   */
  check(update: Uint8Array, actor: MarkActor): GuardVerdict {
    this.#observed = { keys: null, stray: false };
    let failure: AppFailure | null = null;
    try {
      Y.applyUpdate(this.#scratch, update);
    } catch {
      failure = new AppFailure('invalid_message', 'syncUpdate: the update is not a valid Yjs update');
    }
    failure ??= this.#judge(actor);
    if (failure) return { ok: false, failure, rebuiltBytes: this.rebuild() };
    return { ok: true, cleared: this.#cleared(actor) };
  }

  /** A change the room made itself (server-side): the scratch copy follows it unjudged. */
  follow(update: Uint8Array): void {
    Y.applyUpdate(this.#scratch, update);
  }

  /** Makes the scratch copy the room's document again; returns the size of the state copied. */
  rebuild(): number {
    this.#scratch?.destroy();
    const scratch = new Y.Doc();
    const state = Y.encodeStateAsUpdate(this.#source);
    Y.applyUpdate(scratch, state);
    // Changes that could never be applied in the room's document stay out of the copy too (see the room).
    scratch.store.pendingStructs = null;
    scratch.store.pendingDs = null;
    this.#watch(scratch);
    this.#scratch = scratch;
    return state.byteLength;
  }

  destroy(): void {
    this.#scratch.destroy();
  }

  #judge(actor: MarkActor): AppFailure | null {
    const store = this.#scratch.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // An update whose base the server lacks would be held back and take effect later, as part of someone else's
      // update: it is refused until its base has arrived (the sender's earlier update, refused or still on its way).
      return new AppFailure(
        'invalid_message',
        'syncUpdate: the update builds on changes the server does not have; send those first',
        'sync_out_of_order',
      );
    }
    if (this.#observed.stray) {
      return new AppFailure('invalid_message', `syncUpdate: an annotation layer holds only its ${MARKS_MAP} map`);
    }
    for (const [key, change] of this.#observed.keys ?? []) {
      const after = change.action === 'delete' ? undefined : this.#marks().get(key);
      const verdict = judgeMarkChange(actor, key, change.action === 'add' ? undefined : change.oldValue, after);
      if (verdict.ok) continue;
      return verdict.reason === 'not_your_mark'
        ? new AppFailure('forbidden', verdict.detail, 'not_your_mark', { markId: key.slice(0, 200) })
        : new AppFailure('invalid_message', verdict.detail);
    }
    return null;
  }

  #cleared(actor: MarkActor): ClearedMark[] {
    const cleared: ClearedMark[] = [];
    for (const [key, change] of this.#observed.keys ?? []) {
      if (change.action !== 'delete' || field(change.oldValue, 'author') === actor.id) continue;
      const page = field(change.oldValue, 'page');
      cleared.push({
        id: key,
        author: String(field(change.oldValue, 'author') ?? ''),
        authorName: String(field(change.oldValue, 'authorName') ?? ''),
        page: typeof page === 'number' ? page : null,
      });
    }
    return cleared;
  }

  #marks(): Y.Map<unknown> {
    return this.#scratch.getMap(MARKS_MAP);
  }

  #watch(scratch: Y.Doc): void {
    const marks = scratch.getMap(MARKS_MAP);
    marks.observe((event) => {
      // Read inside the observer: the event's view of the change is only valid during the transaction.
      this.#observed.keys = new Map(event.keys) as KeyChanges;
      if (event.keysChanged.has(null)) this.#observed.stray = true;
    });
    scratch.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) {
        if ((type as unknown) !== marks || keys.has(null)) this.#observed.stray = true;
      }
    });
  }
}
