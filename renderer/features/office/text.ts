// Text helpers of the office screens: folding for quick filters (case and Vietnamese diacritics ignored, as the
// server's search does) and splitting a search snippet at its « » hit marks.

/** "Đà Nẵng" → "da nang" */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** "a «b» c" → [a ][b: hit][ c]; an unclosed « marks the rest as a hit. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest !== '') {
    const open = rest.indexOf('«');
    if (open < 0) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), hit: false });
    const close = rest.indexOf('»', open + 1);
    const end = close < 0 ? rest.length : close;
    const hit = rest.slice(open + 1, end);
    if (hit !== '') parts.push({ text: hit, hit: true });
    rest = close < 0 ? '' : rest.slice(close + 1);
  }
  return parts;
}
