// One connection of the sync fuzzer: a participant with a local copy of each document it opened, sending updates
// one at a time — honest ones (its own marks, the minutes it may write) and hostile ones (marks in another's name,
// others' marks changed or deleted, random, truncated, bit-flipped, empty and oversized updates, updates out of
// order, for documents, versions and layers that are not its own, awareness of every kind) — and recording each
// update the server acknowledged, or may have stored, in the shadows (syncShadows.ts). Every change is made on a
// fork of the local copy and kept only once acknowledged, as the viewer's client keeps what the server refused
// out of its document.
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { MARKS_MAP, type Mark } from '../../common/annotations.ts';
import { MAX_SYNC_UPDATE_BYTES, toBytes, type Binary, type SyncRef } from '../../common/documents.ts';
import { findSection } from '../../common/minutesDoc.ts';
import type { FuzzConnection } from './fuzzConnection.ts';
import { oddString, type Rng } from './random.ts';
import { SyncShadows } from './syncShadows.ts';
import type { Outcome, Tally } from './tally.ts';

export interface SyncIdentity {
  meetingId: string;
  participantId: string;
  name: string;
  token: string;
  mayWriteMinutes: boolean;
}

export interface SyncWorld {
  shadows: SyncShadows;
  tally: Tally;
  /** Agenda documents by meeting: [documentId, versions]. */
  documents: Map<string, [string, number][]>;
  /** Everyone's participant ids (for marks in someone else's name). */
  participantIds: string[];
}

interface Local {
  ref: SyncRef;
  key: string;
  /** The server's state as this client knows it, plus its own changes acknowledged or in doubt. */
  doc: Y.Doc;
  /** The client id its honest changes are made under (a new one after a refusal, as a client resyncs). */
  author: number;
}

const marksOf = (doc: Y.Doc) => doc.getMap<Mark>(MARKS_MAP);

const newClientId = (rng: Rng) => rng.int(1, 0x7fffffff);

/**
 * The local copy's state as an update. Should Yjs fail to encode it, the error names the items it holds that no
 * document could (an item whose parent is no type of this document): what the server served or relayed made it so.
 */
function stateOf(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } catch (error) {
    const odd: string[] = [];
    doc.store.clients.forEach((structs, client) => {
      for (const struct of structs) {
        const item = struct as unknown as { parent?: unknown; parentSub?: unknown; id: Y.ID };
        const parent = item.parent as { _item?: unknown; doc?: unknown } | null | undefined;
        const rooted = parent && (parent._item || [...doc.share.values()].some((type) => type === parent));
        if (item.parent !== undefined && !rooted) odd.push(`${client}:${item.id.clock} parent ${String(item.parent)}`);
      }
    });
    throw new Error(`cannot encode the local copy (roots ${[...doc.share.keys()]}; ${odd.slice(0, 5)}): ${error}`);
  }
}

/**
 * The update a change makes to `base`, made on a fork as client `clientId`. The id is set after the base's state is
 * in: a Yjs document that receives changes under its own id takes another one.
 */
function changeOf(base: Y.Doc, change: (doc: Y.Doc) => void, clientId: number): Uint8Array | null {
  const fork = new Y.Doc();
  Y.applyUpdate(fork, stateOf(base));
  fork.clientID = clientId;
  let update: Uint8Array | null = null;
  fork.on('update', (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u));
  change(fork);
  fork.destroy();
  return update;
}

export class SyncActor {
  readonly #conn: FuzzConnection;
  readonly #me: SyncIdentity;
  readonly #world: SyncWorld;
  readonly #rng: Rng;
  readonly #open = new Map<string, Local>();

  constructor(conn: FuzzConnection, me: SyncIdentity, world: SyncWorld, rng: Rng) {
    this.#conn = conn;
    this.#me = me;
    this.#world = world;
    this.#rng = rng;
    conn.socket.on('syncRemoteUpdate', (payload: { doc: SyncRef; update: Binary }) => {
      const local = [...this.#open.values()].find((l) => JSON.stringify(l.ref) === JSON.stringify(payload.doc));
      try {
        if (local) Y.applyUpdate(local.doc, toBytes(payload.update));
      } catch {
        // a relayed update that does not apply is the server's fault: the final comparison will show it
      }
    });
  }

  #refs(): SyncRef[] {
    const docs = this.#world.documents.get(this.#me.meetingId) ?? [];
    const refs: SyncRef[] = docs.flatMap(([documentId, versions]) =>
      (['shared', 'private'] as const).map((layer) => ({ documentId, version: this.#rng.int(1, versions), layer })),
    );
    return this.#me.mayWriteMinutes ? [...refs, { layer: 'minutes' }] : refs;
  }

  async #send(name: string, payload: unknown): Promise<Outcome> {
    const outcome = await this.#conn.request(name, payload);
    this.#world.tally.count(name, outcome);
    return outcome;
  }

  /** Opens a document: the server's state into the local copy, then what the server lacks back to it. */
  async #openDoc(ref: SyncRef): Promise<Local | null> {
    const key = SyncShadows.key(this.#me.meetingId, ref, this.#me.participantId);
    const local = this.#open.get(key) ?? { ref, key, doc: new Y.Doc(), author: newClientId(this.#rng) };
    const outcome = await this.#send('syncOpen', { doc: ref, stateVector: Y.encodeStateVector(local.doc) });
    if (outcome.kind !== 'ok') return null;
    const answer = outcome.data as { update: Binary; stateVector: Binary };
    try {
      Y.applyUpdate(local.doc, toBytes(answer.update));
    } catch {
      // The server served a state that does not decode: a fault of the server's, counted with the untyped answers.
      this.#world.tally.count('syncOpen(answer does not decode)', { kind: 'untyped', value: ref });
      return null;
    }
    this.#world.shadows.served(key, this.#me.meetingId, ref, this.#me.token, toBytes(answer.update));
    this.#open.set(key, local);
    const missing = stateOf(local.doc, toBytes(answer.stateVector));
    if (Y.parseUpdateMeta(missing).to.size > 0) await this.#update(local, missing, true);
    return local;
  }

  /** Sends an update for `local`; acknowledged (or perhaps stored) updates go into the shadows and the local copy. */
  async #update(local: Local, update: Uint8Array, keep: boolean, ref: SyncRef = local.ref): Promise<Outcome> {
    const outcome = await this.#send('syncUpdate', { doc: ref, update });
    const { shadows } = this.#world;
    const args = [local.key, this.#me.meetingId, local.ref, this.#me.token, update] as const;
    if (outcome.kind === 'ok') {
      shadows.acked(...args);
      Y.applyUpdate(local.doc, update);
    } else if (outcome.kind === 'dropped' || outcome.kind === 'no_answer') {
      shadows.uncertain(...args);
      // Kept, as a client keeps what it has not heard back about, and offered again when it reopens.
      if (keep) Y.applyUpdate(local.doc, update);
    } else if (keep) {
      // Refused: its later changes would build on this one, so they go under a new client id.
      local.author = newClientId(this.#rng);
    }
    return outcome;
  }

  #mark(author: string): Mark {
    const rng = this.#rng;
    const points = Array.from({ length: rng.int(2, 40) }, () => rng.next());
    return {
      id: `m-${rng.int(0, 0xffffffff).toString(36)}-${rng.int(0, 0xffffffff).toString(36)}`,
      page: rng.int(1, 3),
      kind: rng.pick(['pen', 'highlighter', 'line', 'rect', 'note'] as const),
      color: '#d32f2f',
      width: 0.004,
      points,
      author,
      authorName: author === this.#me.participantId ? this.#me.name : 'Ai đó',
      at: Date.now(),
      ...(rng.chance(0.2) ? { text: oddString(rng, 3000).slice(0, 3000) } : {}),
    };
  }

  /** One operation, chosen at random. */
  async step(): Promise<void> {
    const rng = this.#rng;
    if (this.#open.size === 0 || rng.chance(0.03)) {
      await this.#openDoc(rng.pick(this.#refs()));
      return;
    }
    const local = rng.pick([...this.#open.values()]);
    // Marks as the server holds them; the minutes document takes any content from its editors, so not all are marks.
    const marks = [...marksOf(local.doc).values()].filter(
      (m): m is Mark => typeof m === 'object' && m !== null && typeof (m as Partial<Mark>).id === 'string',
    );
    const mine = marks.filter((m) => m.author === this.#me.participantId);
    const others = marks.filter((m) => m.author !== this.#me.participantId);
    const op = rng.weighted({
      add: 30,
      change: 6,
      remove: 6,
      minutes: local.ref.layer === 'minutes' ? 25 : 0,
      forgeAdd: 5,
      forgeChange: 4,
      forgeRemove: 5,
      random: 4,
      truncated: 4,
      flipped: 4,
      empty: 1,
      oversized: 1,
      outOfOrder: 3,
      otherRef: 6,
      awareness: 6,
      openGarbage: 2,
      close: 1,
    });
    const honest = (change: (doc: Y.Doc) => void) => changeOf(local.doc, change, local.author);
    const forged = (change: (doc: Y.Doc) => void) => changeOf(local.doc, change, newClientId(rng));
    const honestAdd = () => {
      const mark = this.#mark(this.#me.participantId);
      return honest((d) => marksOf(d).set(mark.id, mark));
    };
    switch (op) {
      case 'add': {
        const mark = this.#mark(this.#me.participantId);
        await this.#sendIf(
          local,
          honest((d) => marksOf(d).set(mark.id, mark)),
          true,
        );
        return;
      }
      case 'change': {
        const mark = mine.length > 0 ? rng.pick(mine) : null;
        if (mark)
          await this.#sendIf(
            local,
            honest((d) => marksOf(d).set(mark.id, { ...mark, color: '#1976d2' })),
            true,
          );
        return;
      }
      case 'remove': {
        const mark = mine.length > 0 ? rng.pick(mine) : null;
        if (mark)
          await this.#sendIf(
            local,
            honest((d) => marksOf(d).delete(mark.id)),
            true,
          );
        return;
      }
      case 'minutes': {
        const text = findSection(local.doc, 'section-1')?.get('discussion');
        if (!(text instanceof Y.Text)) return;
        const at = rng.int(0, text.length);
        await this.#sendIf(
          local,
          honest((d) => (findSection(d, 'section-1')!.get('discussion') as Y.Text).insert(at, `[${rng.int(0, 1e6)}]`)),
          true,
        );
        return;
      }
      case 'forgeAdd': {
        const mark = this.#mark(rng.pick(this.#world.participantIds));
        await this.#sendIf(
          local,
          forged((d) => marksOf(d).set(mark.id, mark)),
          false,
        );
        return;
      }
      case 'forgeChange': {
        const mark = others.length > 0 ? rng.pick(others) : null;
        const author = rng.chance(0.5) ? this.#me.participantId : rng.pick(this.#world.participantIds);
        if (mark)
          await this.#sendIf(
            local,
            forged((d) => marksOf(d).set(mark.id, { ...mark, author, points: [] })),
            false,
          );
        return;
      }
      case 'forgeRemove': {
        const mark = others.length > 0 ? rng.pick(others) : null;
        if (mark)
          await this.#sendIf(
            local,
            forged((d) => marksOf(d).delete(mark.id)),
            false,
          );
        return;
      }
      case 'random':
        await this.#update(local, rng.bytes(rng.int(1, 2000)), false);
        return;
      case 'truncated': {
        const update = honestAdd();
        if (update) await this.#update(local, update.slice(0, rng.int(0, update.byteLength - 1)), false);
        return;
      }
      case 'flipped': {
        const update = honestAdd();
        if (!update) return;
        const copy = update.slice();
        for (let i = rng.int(1, 4); i > 0; i--) copy[rng.int(0, copy.length - 1)]! ^= 1 << rng.int(0, 7);
        await this.#update(local, copy, false);
        return;
      }
      case 'empty':
        await this.#update(local, rng.pick([new Uint8Array(0), Y.encodeStateAsUpdate(new Y.Doc())]), false);
        return;
      case 'oversized': {
        const big = this.#mark(this.#me.participantId);
        big.text = 'ệ'.repeat(rng.int(MAX_SYNC_UPDATE_BYTES / 3, MAX_SYNC_UPDATE_BYTES));
        await this.#sendIf(
          local,
          honest((d) => marksOf(d).set(big.id, big)),
          false,
        );
        return;
      }
      case 'outOfOrder': {
        // Two changes in a row from one client, the second sent alone: it builds on the first, which never came.
        const first = this.#mark(this.#me.participantId);
        const second = this.#mark(this.#me.participantId);
        const fork = new Y.Doc();
        Y.applyUpdate(fork, stateOf(local.doc));
        fork.clientID = newClientId(rng);
        marksOf(fork).set(first.id, first);
        const update = changeOf(fork, (d) => marksOf(d).set(second.id, second), fork.clientID);
        fork.destroy();
        if (update) await this.#update(local, update, false);
        return;
      }
      case 'otherRef':
        await this.#otherRef(local);
        return;
      case 'awareness':
        await this.#awareness(local);
        return;
      case 'openGarbage':
        await this.#send('syncOpen', { doc: local.ref, stateVector: rng.bytes(rng.int(0, 300)) });
        return;
      default:
        await this.#send('syncClose', { doc: local.ref });
        this.#open.delete(local.key);
    }
  }

  async #sendIf(local: Local, update: Uint8Array | null, keep: boolean): Promise<void> {
    if (update) await this.#update(local, update, keep);
  }

  /** An honest change sent for a document the caller may not write: another meeting's, version, owner, layer. */
  async #otherRef(local: Local): Promise<void> {
    const rng = this.#rng;
    const me = this.#me.participantId;
    const foreign = [...this.#world.documents].filter(([meetingId]) => meetingId !== this.#me.meetingId);
    const [, foreignDocs] = rng.pick(foreign.length > 0 ? foreign : [...this.#world.documents]);
    const [foreignId] = rng.pick(foreignDocs);
    const documentId = local.ref.layer === 'minutes' ? foreignId : local.ref.documentId;
    const someoneElse = rng.pick(this.#world.participantIds.filter((id) => id !== me));
    const refs: unknown[] = [
      { documentId: foreignId, version: 1, layer: 'shared' },
      { documentId, version: 99, layer: 'shared' },
      { documentId, version: 1, layer: 'private', owner: someoneElse },
      { documentId, version: 1, layer: 'shared', owner: me },
      { layer: 'minutes', documentId },
      { documentId, version: 1, layer: 'annotations' },
      ...(this.#me.mayWriteMinutes ? [] : [{ layer: 'minutes' }]),
    ];
    const ref = rng.pick(refs);
    const mark = this.#mark(me);
    const update = changeOf(new Y.Doc(), (d) => marksOf(d).set(mark.id, mark), newClientId(rng))!;
    // None of these may be written by this caller: a success is a hole, reported with the answers that are not Acks.
    const outcome = await this.#send('syncUpdate', { doc: ref, update });
    if (outcome.kind === 'ok') {
      this.#world.tally.count('syncUpdate(accepted for a document not the caller’s)', { kind: 'untyped', value: ref });
    }
  }

  async #awareness(local: Local): Promise<void> {
    const rng = this.#rng;
    if (rng.chance(0.5)) {
      const awareness = new Awareness(new Y.Doc());
      awareness.setLocalState({ user: { id: this.#me.participantId }, cursor: [rng.next(), rng.next()] });
      const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
      awareness.destroy();
      await this.#send('syncAwareness', { doc: local.ref, update });
      return;
    }
    await this.#send('syncAwareness', { doc: local.ref, update: rng.bytes(rng.pick([0, 10, 500, 9000])) });
  }
}
