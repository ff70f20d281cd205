// The SVG over one page: the marks of both layers (others' shared marks can be hidden), marks not yet stored on the
// server drawn dashed and faded, others' cursors and laser pointers, and — when a tool is chosen — the pointer input
// that draws, erases, moves or comments. Coordinates are page fractions (annotationModel.ts).
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { AnnotationAwarenessState, AnnotationLayer as LayerName } from '../../../common/documents.ts';
import {
  hitsMark,
  marksOnPage,
  markItemId,
  newMarkId,
  pathOf,
  putMark,
  removeMark,
  translateMark,
  type Mark,
  type MarkKind,
} from './annotationModel.ts';
import type { AnnotationLayers } from './useAnnotationLayers.ts';

export type Tool = 'none' | MarkKind | 'eraser' | 'select' | 'laser';

export interface DrawingSettings {
  tool: Tool;
  layer: LayerName;
  showOthers: boolean;
  color: string;
  selfId: string;
  selfName: string;
  /** The chair or the presenter: may erase others' shared marks (the server's rule, common/annotations.ts). */
  mayClearOthers: boolean;
  notePrompt: string;
  replyPrompt: string;
  pendingLabel: string;
}

const WIDTH: Partial<Record<MarkKind, number>> = {
  pen: 0.003,
  highlighter: 0.018,
  line: 0.003,
  arrow: 0.003,
  rect: 0.003,
  ellipse: 0.003,
};

function MarkShape({ mark, w, h, pending }: { mark: Mark; w: number; h: number; pending: boolean }) {
  const p = mark.points;
  const common = {
    'data-mark-id': mark.id,
    'data-author': mark.author,
    'data-pending': pending ? 'true' : 'false',
    className: `mark mark--${mark.kind}${pending ? ' mark--pending' : ''}`,
    stroke: mark.color,
    strokeWidth: Math.max(1, mark.width * w),
    fill: 'none',
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
  };
  switch (mark.kind) {
    case 'rect':
      return (
        <rect
          {...common}
          x={Math.min(p[0]!, p[2]!) * w}
          y={Math.min(p[1]!, p[3]!) * h}
          width={Math.abs(p[2]! - p[0]!) * w}
          height={Math.abs(p[3]! - p[1]!) * h}
        />
      );
    case 'ellipse':
      return (
        <ellipse
          {...common}
          cx={((p[0]! + p[2]!) / 2) * w}
          cy={((p[1]! + p[3]!) / 2) * h}
          rx={(Math.abs(p[2]! - p[0]!) / 2) * w}
          ry={(Math.abs(p[3]! - p[1]!) / 2) * h}
        />
      );
    case 'note':
      return (
        <g {...common} strokeWidth={1} transform={`translate(${p[0]! * w} ${p[1]! * h})`}>
          <rect x={-9} y={-9} width={18} height={18} rx={3} fill={mark.color} />
          <title>
            {[
              `${mark.authorName}: ${mark.text ?? ''}`,
              ...(mark.replies ?? []).map((r) => `${r.authorName}: ${r.text}`),
            ].join('\n')}
          </title>
          {mark.text && (
            <text x={14} y={5} className="mark-note-text" fill={mark.color} stroke="none">
              {mark.text}
              {mark.replies && mark.replies.length > 0 ? ` (+${mark.replies.length})` : ''}
            </text>
          )}
        </g>
      );
    default:
      return (
        <path
          {...common}
          d={pathOf(p, w, h)}
          markerEnd={mark.kind === 'arrow' ? 'url(#doc-arrow)' : undefined}
          style={mark.kind === 'arrow' ? { color: mark.color } : undefined}
        />
      );
  }
}

export function AnnotationLayer({
  page,
  width: w,
  height: h,
  layers,
  settings,
  isCurrent,
}: {
  /** Changes whenever the layers' content changes (the docs are mutable; this makes the page draw again). */
  revision: number;
  page: number;
  width: number;
  height: number;
  layers: AnnotationLayers | null;
  settings: DrawingSettings;
  isCurrent: boolean;
}) {
  const [draft, setDraft] = useState<Mark | null>(null);
  const drag = useRef<{ mark: Mark; from: [number, number]; layer: LayerName } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const { tool } = settings;

  const at = (event: ReactPointerEvent): [number, number] => {
    const box = svgRef.current!.getBoundingClientRect();
    return [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height];
  };
  const target = layers?.layer(settings.layer);

  const publish = (x: number, y: number) => {
    layers?.shared.sync.setAwareness({
      user: { peerId: settings.selfId, name: settings.selfName, color: settings.color },
      cursor: { page, x, y },
      laser: tool === 'laser' ? { page, x, y } : null,
    });
  };

  const erase = (x: number, y: number) => {
    if (!layers) return;
    for (const name of ['shared', 'private'] as const) {
      const doc = layers.layer(name).sync.doc;
      const hit = marksOnPage(doc, page)
        .reverse()
        .find(
          (m) =>
            (name === 'private' || m.author === settings.selfId || (settings.showOthers && settings.mayClearOthers)) &&
            hitsMark(m, x, y, 0.008),
        );
      if (hit) {
        removeMark(doc, hit.id);
        layers.layer(name).sync.flush();
        return;
      }
    }
  };

  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (!target || tool === 'none' || event.button !== 0) return;
    event.preventDefault();
    const [x, y] = at(event);
    if (tool === 'laser') return publish(x, y);
    if (tool === 'eraser') {
      svgRef.current!.setPointerCapture(event.pointerId);
      erase(x, y);
      setDraft({
        id: 'eraser',
        page,
        kind: 'pen',
        color: 'transparent',
        width: 0,
        points: [],
        author: '',
        authorName: '',
        at: 0,
      });
      return;
    }
    if (tool === 'select') {
      for (const name of ['private', 'shared'] as const) {
        const hit = marksOnPage(layers!.layer(name).sync.doc, page)
          .reverse()
          // Others' shared marks are theirs to move; a note of anyone's takes replies.
          .find(
            (m) => (name === 'private' || m.author === settings.selfId || m.kind === 'note') && hitsMark(m, x, y, 0.01),
          );
        if (!hit) continue;
        if (hit.kind === 'note') {
          const reply = window.prompt(settings.replyPrompt);
          if (reply) {
            const replies = [
              ...(hit.replies ?? []),
              { author: settings.selfId, authorName: settings.selfName, text: reply, at: Date.now() },
            ];
            putMark(layers!.layer(name).sync.doc, { ...hit, replies });
            layers!.layer(name).sync.flush();
          }
          return;
        }
        drag.current = { mark: hit, from: [x, y], layer: name };
        svgRef.current!.setPointerCapture(event.pointerId);
        return;
      }
      return;
    }
    const base = {
      id: newMarkId(),
      page,
      color: settings.color,
      author: settings.selfId,
      authorName: settings.selfName,
      at: Date.now(),
    };
    if (tool === 'note') {
      const text = window.prompt(settings.notePrompt);
      if (text) {
        putMark(target.sync.doc, { ...base, kind: 'note', width: 0, points: [x, y], text, replies: [] });
        target.sync.flush();
      }
      return;
    }
    svgRef.current!.setPointerCapture(event.pointerId);
    setDraft({
      ...base,
      kind: tool,
      color: tool === 'highlighter' ? '#f5c400' : settings.color,
      width: WIDTH[tool] ?? 0.003,
      points: [x, y, x, y],
    });
  };

  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    const [x, y] = at(event);
    publish(x, y);
    if (drag.current) {
      const [fx, fy] = drag.current.from;
      setDraft(translateMark(drag.current.mark, x - fx, y - fy));
      return;
    }
    if (!draft) return;
    if (tool === 'eraser') return erase(x, y);
    setDraft((d) => {
      if (!d) return d;
      if (d.kind === 'pen' || d.kind === 'highlighter') {
        const n = d.points.length;
        if (Math.hypot(x - d.points[n - 2]!, y - d.points[n - 1]!) < 0.002) return d;
        return { ...d, points: [...d.points, x, y] };
      }
      return { ...d, points: [d.points[0]!, d.points[1]!, x, y] };
    });
  };

  const onPointerUp = () => {
    if (drag.current && draft && layers) {
      const layer = layers.layer(drag.current.layer);
      putMark(layer.sync.doc, { ...draft, id: drag.current.mark.id });
      layer.sync.flush();
    } else if (draft && target && draft.id !== 'eraser') {
      putMark(target.sync.doc, draft);
      target.sync.flush();
    }
    drag.current = null;
    setDraft(null);
  };

  const visible: { mark: Mark; pending: boolean }[] = [];
  if (layers) {
    for (const name of ['shared', 'private'] as const) {
      const { sync } = layers.layer(name);
      for (const mark of marksOnPage(sync.doc, page)) {
        if (name === 'shared' && !settings.showOthers && mark.author !== settings.selfId) continue;
        // A mark being moved is drawn as the draft, at the pointer.
        if (draft?.id === mark.id) continue;
        const item = markItemId(sync.doc, mark.id);
        visible.push({ mark, pending: item !== null && !sync.isAcknowledged(item) });
      }
    }
  }
  const others = layers?.shared.sync.awareness
    ? [...layers.shared.sync.awareness.getStates().entries()]
        .filter(([client]) => client !== layers.shared.sync.doc.clientID)
        .map(([client, state]) => [client, state as AnnotationAwarenessState] as const)
        .filter(
          ([, s]) =>
            s?.user && s.user.peerId !== settings.selfId && (s.cursor?.page === page || s.laser?.page === page),
        )
    : [];

  return (
    <svg
      ref={svgRef}
      className={`annotation-layer annotation-layer--${tool}`}
      data-testid={isCurrent ? 'annotation-layer' : undefined}
      data-page-number={page}
      data-layer={settings.layer}
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      style={{ pointerEvents: tool === 'none' ? 'none' : 'auto' }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onPointerLeave={() => layers?.shared.sync.setAwareness(null)}
    >
      <defs>
        <marker
          id="doc-arrow"
          viewBox="0 0 10 10"
          refX="8"
          refY="5"
          markerWidth="5"
          markerHeight="5"
          orient="auto-start-reverse"
        >
          <path d="M0 0L10 5L0 10z" fill="context-stroke" />
        </marker>
      </defs>
      {visible.map(({ mark, pending }) => (
        <g key={mark.id}>
          {pending && <title>{settings.pendingLabel}</title>}
          <MarkShape mark={mark} w={w} h={h} pending={pending} />
        </g>
      ))}
      {draft && draft.id !== 'eraser' && <MarkShape mark={draft} w={w} h={h} pending={false} />}
      {others.map(([client, s]) => {
        const spot = s.laser?.page === page ? s.laser : s.cursor;
        if (!spot) return null;
        return (
          <g
            key={client}
            className={s.laser ? 'doc-laser' : 'doc-cursor'}
            transform={`translate(${spot.x * w} ${spot.y * h})`}
          >
            {s.laser ? (
              <circle r={7} fill="rgba(230, 0, 0, 0.75)" />
            ) : (
              <path d="M0 0L0 14L4 10L9 16L11 15L6 9L11 9z" fill={s.user.color} />
            )}
            <text x={12} y={20} className="doc-cursor-name" fill={s.user.color}>
              {s.user.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
