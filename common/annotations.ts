// The shape of an annotation layer's Yjs document and who may do what to its marks: one map (`strokes`) of plain
// values keyed by the mark's id. The viewer draws and edits with it (renderer/features/documents/annotationModel.ts);
// the server judges every change a client sends to a shared layer with the same rules (server/sync/), so hiding a
// button in the viewer is comfort and the rule holds against any client.
/** The root map of a layer's Y.Doc that holds its marks; nothing else lives in a shared layer. */
export const MARKS_MAP = 'strokes';

export const MARK_KINDS = ['pen', 'highlighter', 'line', 'arrow', 'rect', 'ellipse', 'note'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface NoteReply {
  author: string;
  authorName: string;
  text: string;
  at: number;
}

export interface Mark {
  id: string;
  page: number;
  kind: MarkKind;
  color: string;
  /** Stroke width as a fraction of the page width. */
  width: number;
  /** x0, y0, x1, y1, … as fractions of the page; two points for shapes (corners or ends), one for a note. */
  points: number[];
  /** A text note's text, or a sticky comment's opening message. */
  text?: string;
  /** A sticky comment's reply thread. */
  replies?: NoteReply[];
  author: string;
  authorName: string;
  at: number;
}

const LIMITS = { name: 300, text: 20_000, color: 64, id: 200, points: 200_000, replies: 1000, pages: 100_000 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function replyProblem(r: unknown): string | null {
  if (!isObject(r)) return 'a reply is not an object';
  if (!isText(r.author, LIMITS.name) || !isText(r.authorName, LIMITS.name)) return 'a reply has no author';
  if (!isText(r.text, LIMITS.text) || !isFinite(r.at)) return 'a reply has no text or time';
  return null;
}

/**
 * What is wrong with a value as a mark, for other clients to draw it; null when nothing is. Fields beyond these are
 * tolerated (a newer client's). Plain checks rather than a schema library: the viewer imports this module too.
 */
export function markProblem(value: unknown): string | null {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return 'not a plain object';
  const m = value;
  if (!isText(m.id, LIMITS.id) || m.id === '') return 'no id';
  if (!Number.isInteger(m.page) || (m.page as number) < 1 || (m.page as number) > LIMITS.pages) return 'no page';
  if (!(MARK_KINDS as readonly unknown[]).includes(m.kind)) return 'an unknown kind';
  if (!isText(m.color, LIMITS.color)) return 'no colour';
  if (!isFinite(m.width) || m.width < 0 || m.width > 1) return 'a width outside 0..1';
  if (!Array.isArray(m.points) || m.points.length > LIMITS.points || !m.points.every(isFinite)) return 'bad points';
  if (m.text !== undefined && !isText(m.text, LIMITS.text)) return 'a text too long';
  if (m.replies !== undefined) {
    if (!Array.isArray(m.replies) || m.replies.length > LIMITS.replies) return 'bad replies';
    const problem = m.replies.map(replyProblem).find((p) => p !== null);
    if (problem) return problem;
  }
  if (!isText(m.author, LIMITS.name) || !isText(m.authorName, LIMITS.name)) return 'no author';
  if (!isFinite(m.at)) return 'no time';
  return null;
}

/** Who sends a change, as the server knows them from the session (never from what the change says). */
export interface MarkActor {
  id: string;
  name: string;
  /** The chair and the presenter may clear anyone's marks (never change them). */
  mayClearAny: boolean;
}

export type MarkVerdict =
  | { ok: true; /** The actor cleared someone else's mark (to be audited). */ clearedOthers: boolean }
  | { ok: false; reason: 'not_your_mark' | 'invalid_mark'; detail: string };

const OK: MarkVerdict = { ok: true, clearedOthers: false };
const authorOf = (value: unknown): unknown => (value as { author?: unknown } | null)?.author;
const repliesOf = (value: unknown): unknown[] => {
  const replies = (value as { replies?: unknown } | null)?.replies;
  return Array.isArray(replies) ? replies : [];
};

/** Whether the actor may clear this mark (their own, or anyone's as chair or presenter). */
export function mayClearMark(actor: MarkActor, mark: { author: string }): boolean {
  return mark.author === actor.id || actor.mayClearAny;
}

/** Structural equality of JSON-like values (what Yjs stores as a map entry's plain value). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as never)[k], (b as never)[k]));
}

const refuse = (detail: string): MarkVerdict => ({ ok: false, reason: 'not_your_mark', detail });

/**
 * Judges one mark's change: `before` and `after` are the map entry's values (undefined: absent). Adding: the mark is
 * the actor's, in their name. Changing: only the author changes their mark (and stays its author); anyone may add
 * replies in their own name to a note, but no one rewrites or removes a reply. Deleting: the author, or the chair
 * or presenter (`clearedOthers`).
 */
export function judgeMarkChange(actor: MarkActor, key: string, before: unknown, after: unknown): MarkVerdict {
  if (after === undefined) {
    if (before === undefined) return OK;
    if (authorOf(before) === actor.id) return OK;
    if (actor.mayClearAny) return { ok: true, clearedOthers: true };
    return refuse(`mark ${key} is ${String(authorOf(before))}'s; only they, the chair or the presenter clear it`);
  }
  const problem = markProblem(after);
  if (problem) return { ok: false, reason: 'invalid_mark', detail: `mark ${key}: ${problem}` };
  const mark = after as Mark;
  if (mark.id !== key) return { ok: false, reason: 'invalid_mark', detail: `mark ${key} says its id is ${mark.id}` };
  const earlier = repliesOf(before);
  // Replies already there stay as they are, in order; new ones are the actor's own.
  if (!earlier.every((r, i) => sameValue(r, mark.replies?.[i]))) {
    return refuse(`mark ${key}: replies already written cannot be changed or removed`);
  }
  const added = (mark.replies ?? []).slice(earlier.length);
  if (added.some((r) => r.author !== actor.id || r.authorName !== actor.name)) {
    return refuse(`mark ${key}: a reply is written in its sender's name`);
  }
  if (before === undefined) {
    if (mark.author !== actor.id || mark.authorName !== actor.name) {
      return refuse(`mark ${key}: a mark is added in its sender's name (${actor.id}), not ${mark.author}'s`);
    }
    return OK;
  }
  if (authorOf(before) === actor.id) {
    // Their own mark: anything but its authorship; a name changed since it was drawn may stay or be the new one.
    const previousName = (before as { authorName?: unknown }).authorName;
    if (mark.author !== actor.id || (mark.authorName !== actor.name && mark.authorName !== previousName)) {
      return refuse(`mark ${key}: its author stays ${actor.id}`);
    }
    return OK;
  }
  // Someone else's: a reply, and nothing else.
  const { replies: _after, ...rest } = after as Record<string, unknown>;
  const { replies: _before, ...was } = (before ?? {}) as Record<string, unknown>;
  if (!sameValue(rest, was)) return refuse(`mark ${key} is ${String(authorOf(before))}'s; only they change it`);
  return OK;
}
