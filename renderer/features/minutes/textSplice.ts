// Pure text arithmetic of the Y.Text binding (fields.tsx): an input event as one splice at the caret, and a caret
// moved through a remote change. Kept apart so that tests call it directly.

/** The change from `before` to `after` as one splice, placed at the caret when the text alone is ambiguous. */
export function spliceOf(before: string, after: string, caret: number): { at: number; remove: number; insert: string } {
  const grown = after.length - before.length;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  // Typing "a" into "a|a": the caret says where the new letter went.
  if (grown > 0) start = Math.min(start, Math.max(0, caret - grown));
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { at: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

/** Moves a caret through a remote change: inserts at the caret stay after it (the caret keeps to its own text). */
export function moveCaret(caret: number, delta: { insert?: unknown; delete?: number; retain?: number }[]): number {
  let index = 0;
  let moved = caret;
  for (const op of delta) {
    if (op.retain) index += op.retain;
    else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (index < moved) moved += length;
      index += length;
    } else if (op.delete) {
      if (index < moved) moved -= Math.min(op.delete, moved - index);
    }
  }
  return moved;
}
