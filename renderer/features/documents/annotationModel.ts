// The shape of an annotation layer's Yjs document and the pure geometry the viewer needs (hit testing for the
// eraser and select tools, moving a mark). A layer is one Y.Doc (shared or private, see common/documents.ts) whose
// map `strokes` holds one plain object per mark, keyed by a random id; coordinates are fractions (0..1) of the page,
// so a mark lands on the same spot at any zoom and on any screen. The shape and who may change which mark are
// common/annotations.ts: the server checks every shared-layer update against them.
import * as Y from 'yjs';
import { MARKS_MAP, type Mark } from '../../../common/annotations.ts';

export { MARK_KINDS, type Mark, type MarkKind, type NoteReply } from '../../../common/annotations.ts';

/** Transactions of this client's own drawing: the only ones its undo manager tracks. */
export const LOCAL_DRAWING = Symbol('local-drawing');

export const marksOf = (doc: Y.Doc): Y.Map<Mark> => doc.getMap<Mark>(MARKS_MAP);

export function newMarkId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function putMark(doc: Y.Doc, mark: Mark): void {
  doc.transact(() => marksOf(doc).set(mark.id, mark), LOCAL_DRAWING);
}

export function removeMark(doc: Y.Doc, id: string): void {
  doc.transact(() => marksOf(doc).delete(id), LOCAL_DRAWING);
}

export function marksOnPage(doc: Y.Doc | null, page: number): Mark[] {
  if (!doc) return [];
  return [...marksOf(doc).values()].filter((m) => m.page === page).sort((a, b) => a.at - b.at);
}

/** The Yjs item id of a mark, for DocSync.isAcknowledged. */
export function markItemId(doc: Y.Doc, id: string): Y.ID | null {
  return marksOf(doc)._map.get(id)?.id ?? null;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Whether the point (page fractions) touches the mark, within `tolerance` (page fractions). */
export function hitsMark(mark: Mark, x: number, y: number, tolerance: number): boolean {
  const p = mark.points;
  const reach = tolerance + mark.width / 2;
  if (mark.kind === 'note') return Math.hypot(x - p[0]!, y - p[1]!) <= Math.max(reach, 0.02);
  if (mark.kind === 'rect' || mark.kind === 'ellipse') {
    const [x0, y0, x1, y1] = [
      Math.min(p[0]!, p[2]!),
      Math.min(p[1]!, p[3]!),
      Math.max(p[0]!, p[2]!),
      Math.max(p[1]!, p[3]!),
    ];
    return x >= x0 - reach && x <= x1 + reach && y >= y0 - reach && y <= y1 + reach;
  }
  if (p.length === 2) return Math.hypot(x - p[0]!, y - p[1]!) <= reach;
  for (let i = 0; i + 3 < p.length; i += 2) {
    if (segmentDistance(x, y, p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!) <= reach) return true;
  }
  return false;
}

export function translateMark(mark: Mark, dx: number, dy: number): Mark {
  return { ...mark, points: mark.points.map((v, i) => (i % 2 === 0 ? v + dx : v + dy)) };
}

/** The SVG path of a free-hand or straight mark in a page of `w` × `h` pixels. */
export function pathOf(points: number[], w: number, h: number): string {
  let d = '';
  for (let i = 0; i + 1 < points.length; i += 2) {
    d += `${i === 0 ? 'M' : 'L'}${(points[i]! * w).toFixed(1)} ${(points[i + 1]! * h).toFixed(1)}`;
  }
  return d;
}
