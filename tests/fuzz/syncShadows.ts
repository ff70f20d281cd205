// What the server must hold of each synchronised document after a fuzz run, kept beside the run. A Yjs document is
// a CRDT: whatever order the server applied updates in, its state must be the merge of what it acknowledged. So for
// each document the fuzzer keeps two shadow documents — every acknowledged update, and every update that may have
// been stored (acknowledged, plus those whose answer was lost with the connection) — and compares the server's
// state with them: nothing acknowledged is missing (no loss), and nothing the server refused is there (no leak of
// a refused, forged or corrupt update). The minutes document gets content from the server itself (its seed, the
// timeline), so only the first rule applies to it.
import * as Y from 'yjs';
import type { SyncRef } from '../../common/documents.ts';

export interface ShadowDoc {
  meetingId: string;
  ref: SyncRef;
  /** A participant who may read the document (its owner for a private layer). */
  readerToken: string;
  acked: Y.Doc;
  possible: Y.Doc;
  ackedUpdates: number;
}

export interface ShadowCheck {
  document: string;
  acked_updates: number;
  lost: boolean;
  leaked: boolean;
}

const snapshotOf = (doc: Y.Doc) => Y.snapshot(doc);

function withUpdate(state: Uint8Array, update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  Y.applyUpdate(doc, update);
  return doc;
}

/** Whether `state` already contains everything of `update` (applying it changes nothing). */
export function contains(state: Uint8Array, update: Uint8Array): boolean {
  const base = new Y.Doc();
  Y.applyUpdate(base, state);
  return Y.equalSnapshots(snapshotOf(base), snapshotOf(withUpdate(state, update)));
}

export class SyncShadows {
  readonly #docs = new Map<string, ShadowDoc>();

  static key(meetingId: string, ref: SyncRef, owner: string | null): string {
    if (ref.layer === 'minutes') return `${meetingId}/minutes`;
    return `${meetingId}/${ref.documentId}@${ref.version}/${ref.layer}${ref.layer === 'private' ? `/${owner}` : ''}`;
  }

  #doc(key: string, meetingId: string, ref: SyncRef, readerToken: string): ShadowDoc {
    let doc = this.#docs.get(key);
    if (!doc) {
      doc = { meetingId, ref, readerToken, acked: new Y.Doc(), possible: new Y.Doc(), ackedUpdates: 0 };
      this.#docs.set(key, doc);
    }
    return doc;
  }

  /** The server stored this update (its acknowledgement arrived). */
  acked(key: string, meetingId: string, ref: SyncRef, readerToken: string, update: Uint8Array): void {
    const doc = this.#doc(key, meetingId, ref, readerToken);
    Y.applyUpdate(doc.acked, update);
    Y.applyUpdate(doc.possible, update);
    doc.ackedUpdates++;
  }

  /** The server may have stored this update: the connection dropped before its answer. */
  uncertain(key: string, meetingId: string, ref: SyncRef, readerToken: string, update: Uint8Array): void {
    try {
      Y.applyUpdate(this.#doc(key, meetingId, ref, readerToken).possible, update);
    } catch {
      // Not a Yjs update (random or truncated bytes): the server refuses those, so it cannot hold it either.
    }
  }

  /** State the server served (minutes only: its own content, which acknowledged edits build on). */
  served(key: string, meetingId: string, ref: SyncRef, readerToken: string, state: Uint8Array): void {
    if (ref.layer !== 'minutes') return;
    Y.applyUpdate(this.#doc(key, meetingId, ref, readerToken).acked, state);
  }

  get documents(): [string, ShadowDoc][] {
    return [...this.#docs];
  }

  /** Compares the server's full state of one document with its shadows. */
  check(key: string, serverState: Uint8Array): ShadowCheck {
    const doc = this.#docs.get(key)!;
    const lost = !contains(serverState, Y.encodeStateAsUpdate(doc.acked));
    const leaked = doc.ref.layer !== 'minutes' && !contains(Y.encodeStateAsUpdate(doc.possible), serverState);
    return { document: key, acked_updates: doc.ackedUpdates, lost, leaked };
  }
}
