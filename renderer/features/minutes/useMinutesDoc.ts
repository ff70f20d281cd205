// The minutes' Yjs document on this client, bound to the server by the same DocSync as the annotations
// (`{ layer: 'minutes' }`), plus the small hooks the editor renders from: the sync status, a counter that moves on
// every change of the document, and who else is writing where (awareness).
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { authorColor } from '../../../common/documents.ts';
import { Store, useStore } from '../../app/store.ts';
import { DocSync, type SyncStatus, type SyncTransport } from '../documents/syncClient.ts';
import type { MeetingSession } from '../meeting/session.ts';

/** What other editors publish: who they are and which field they are in. */
export interface MinutesAwareness {
  user: { peerId: string; name: string; color: string };
  field: string | null;
}

export function sessionTransport(session: MeetingSession): SyncTransport {
  return {
    request: (name, payload) => session.request(name, payload),
    on: (event, listener) => session.on(event, listener),
    onJoined: (listener) => session.onJoined(() => listener()),
  };
}

/**
 * Opens the record's document; a new `generation` starts over from the server's copy (after the record was
 * locked, local changes the server refused must not linger on screen).
 */
export function useMinutesDoc(session: MeetingSession, generation: number): DocSync | null {
  // The effect opens and closes the document; render reads the one open now from an external store.
  const [held] = useState(() => new Store<DocSync | null>(null));
  useEffect(() => {
    const next = new DocSync(sessionTransport(session), { layer: 'minutes' }, { batchMs: 40, awarenessMs: 120 });
    held.update(() => next);
    return () => next.destroy();
  }, [held, session, generation]);
  return useStore(held);
}

export function useSyncStatus(sync: DocSync | null): SyncStatus {
  const subscribe = useCallback((changed: () => void) => sync?.on('status', changed) ?? (() => undefined), [sync]);
  return useSyncExternalStore(subscribe, () => sync?.status ?? 'connecting');
}

/** Re-renders on every change of the document (at most once per animation frame). */
export function useDocVersion(sync: DocSync | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!sync) return;
    let frame: number | null = null;
    const bump = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setVersion((v) => v + 1);
      });
    };
    sync.doc.on('afterTransaction', bump);
    bump();
    return () => {
      sync.doc.off('afterTransaction', bump);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [sync]);
  return version;
}

/** Publishes who I am; `setField` says where I write. */
export function useLocalAwareness(sync: DocSync | null, me: { id: string; name: string } | null) {
  // By value: a new object with the same person must not reset the field being written.
  const id = me?.id;
  const name = me?.name;
  useEffect(() => {
    if (!sync?.awareness || id === undefined || name === undefined) return;
    const state: MinutesAwareness = { user: { peerId: id, name, color: authorColor(id) }, field: null };
    sync.awareness.setLocalState(state);
  }, [sync, id, name]);
}

export function setAwarenessField(sync: DocSync | null, field: string | null): void {
  const awareness = sync?.awareness;
  const current = awareness?.getLocalState() as MinutesAwareness | null | undefined;
  if (!awareness || !current || current.field === field) return;
  awareness.setLocalState({ ...current, field });
}

/** The other editors, and per field who is in it. */
export function useRemoteEditors(sync: DocSync | null): MinutesAwareness[] {
  const [others, setOthers] = useState<MinutesAwareness[]>([]);
  useEffect(() => {
    const awareness = sync?.awareness;
    if (!awareness) return;
    const read = () =>
      setOthers(
        [...awareness.getStates()]
          .filter(([id, state]) => id !== awareness.clientID && (state as MinutesAwareness | null)?.user)
          .map(([, state]) => state as MinutesAwareness),
      );
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [sync]);
  return others;
}

/** Sends what is pending and waits until the server has stored it (before a lifecycle step). */
export async function settle(sync: DocSync | null, timeoutMs = 8000): Promise<void> {
  if (!sync) return;
  sync.flush();
  const started = Date.now();
  while (sync.pendingCount > 0 && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
