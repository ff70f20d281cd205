// The authorship rules of a shared annotation layer (common/annotations.ts), enforced before an update reaches the
// room's document. A CRDT update cannot be taken back once applied, so each one is first applied to the room's
// scratch copy (server/sync/StagedDoc.ts); the marks it adds, changes or deletes are read from that copy's map event
// and judged against the sender. Only then may the room store, apply and relay it. A refused update has changed the
// scratch copy, which the staging then rebuilds.
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

type KeyChanges = Map<string, { action: 'add' | 'update' | 'delete'; oldValue: unknown }>;

interface Observed {
  keys: KeyChanges | null;
  /** Something changed outside the marks map's entries (another root type, list content in the map). */
  stray: boolean;
}

const field = (value: unknown, name: string): unknown => (value as Record<string, unknown> | null)?.[name];

export class SharedLayerGuard {
  #scratch: Y.Doc | null = null;
  #observed: Observed = { keys: null, stray: false };

  /** Before an update is applied to the scratch copy: what is observed next is its change. */
  begin(): void {
    this.#observed = { keys: null, stray: false };
  }

  /** Judges the change observed since `begin` as `actor`'s: null when it may stand. */
  judge(actor: MarkActor): AppFailure | null {
    return this.#check(actor);
  }

  /** Others' marks the change observed since `begin` deleted: for the audit log. */
  cleared(actor: MarkActor): ClearedMark[] {
    return this.#cleared(actor);
  }

  /** Every new scratch copy the staging builds is watched from then on. */
  watch(scratch: Y.Doc): void {
    this.#scratch = scratch;
    this.#watch(scratch);
  }

  #check(actor: MarkActor): AppFailure | null {
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
    return this.#scratch!.getMap(MARKS_MAP);
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
