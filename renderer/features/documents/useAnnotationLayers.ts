// The two annotation layers of the document on screen: the shared one (everyone, with cursors and the laser pointer
// as awareness) and this participant's private one (only their own devices). Each is a Y.Doc bound to the server by
// DocSync, with its own undo manager that tracks only this client's drawing. `version` changes whenever something a
// page draws changes (marks, acknowledgements, cursors), so pages re-render from the docs.
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import type { AnnotationLayer, DocRef } from '../../../common/documents.ts';
import { Store, useStore } from '../../app/store.ts';
import { DocSync, type SyncTransport } from './syncClient.ts';
import { LOCAL_DRAWING, markItemId, marksOf, type Mark } from './annotationModel.ts';

export interface LayerSync {
  sync: DocSync;
  undo: Y.UndoManager;
}

export interface AnnotationLayers {
  shared: LayerSync;
  private: LayerSync;
  layer(name: AnnotationLayer): LayerSync;
}

/** Read by the end-to-end tests: what each layer holds on this client, not only what it draws. */
interface DebugDocs {
  marks(layer: AnnotationLayer): Mark[];
  pending(layer: AnnotationLayer): number;
  /** Ids of this client's marks the server has not acknowledged yet (drawn offline, or in flight). */
  pendingMarks(layer: AnnotationLayer): string[];
  status(layer: AnnotationLayer): string;
}

const CLOSED = { layers: null, revision: 0 };

function openLayer(transport: SyncTransport, ref: DocRef): LayerSync {
  const sync = new DocSync(transport, ref, { batchMs: 16, awarenessMs: 40 });
  const track = () =>
    new Y.UndoManager(marksOf(sync.doc), { trackedOrigins: new Set([LOCAL_DRAWING]), captureTimeout: 0 });
  const layer = { sync, undo: track() };
  // A refused update starts the layer over in a new Y.Doc (DocSync `reset`): a new undo history goes with it.
  sync.on('reset', () => {
    layer.undo.destroy();
    layer.undo = track();
  });
  return layer;
}

export function useAnnotationLayers(
  transport: SyncTransport,
  documentId: string | null,
  version: number | null,
): { layers: AnnotationLayers | null; version: number } {
  // The layers are opened and closed by the effect below and change from the network: render reads them, and a
  // revision that moves with every change, from an external store as it reads any state that lives outside React.
  const [held] = useState(() => new Store<{ layers: AnnotationLayers | null; revision: number }>(CLOSED));
  useEffect(() => {
    if (!documentId || version === null) return;
    const shared = openLayer(transport, { documentId, version, layer: 'shared' });
    const own = openLayer(transport, { documentId, version, layer: 'private' });
    const opened: AnnotationLayers = { shared, private: own, layer: (name) => (name === 'shared' ? shared : own) };
    held.update((s) => ({ ...s, layers: opened }));
    // Changes within one task draw once. A timer, not requestAnimationFrame: a window in the background (another
    // app in front during a meeting) would otherwise hold remote strokes back.
    let frame: ReturnType<typeof setTimeout> | 0 = 0;
    const changed = () => {
      if (frame) return;
      frame = setTimeout(() => {
        frame = 0;
        held.update((s) => ({ ...s, revision: s.revision + 1 }));
      }, 0);
    };
    const offs: (() => void)[] = [];
    for (const { sync } of [shared, own]) {
      let doc = sync.doc;
      doc.on('update', changed);
      const rebind = () => {
        doc.off('update', changed);
        doc = sync.doc;
        doc.on('update', changed);
        changed();
      };
      offs.push(() => doc.off('update', changed), sync.on('reset', rebind), sync.on('ack', changed));
      offs.push(sync.on('status', changed));
    }
    // Others' cursors only: this client's own pointer is drawn by the browser.
    const remoteAwareness = (_: unknown, origin: unknown) => {
      if (origin !== 'local') changed();
    };
    shared.sync.awareness?.on('change', remoteAwareness);
    offs.push(() => shared.sync.awareness?.off('change', remoteAwareness));
    const debug: DebugDocs = {
      marks: (name) => [...marksOf(opened.layer(name).sync.doc).values()],
      pending: (name) => opened.layer(name).sync.pendingCount,
      pendingMarks: (name) => {
        const { sync } = opened.layer(name);
        return [...marksOf(sync.doc).keys()].filter((id) => {
          const item = markItemId(sync.doc, id);
          return item !== null && !sync.isAcknowledged(item);
        });
      },
      status: (name) => opened.layer(name).sync.status,
    };
    (window as unknown as { __phonghopDocs?: DebugDocs }).__phonghopDocs = debug;
    return () => {
      if (frame) clearTimeout(frame);
      offs.forEach((off) => off());
      for (const { sync, undo } of [shared, own]) {
        undo.destroy();
        sync.destroy();
      }
      held.update((s) => ({ ...s, layers: null }));
    };
  }, [held, transport, documentId, version]);
  const { layers, revision } = useStore(held);
  return { layers, version: revision };
}
