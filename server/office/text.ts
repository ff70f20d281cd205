// Text helpers of the office: folding for diacritics-insensitive search (kept aligned with the original text, one
// character for one, so that a hit in the folded text marks the same place in the original) and a strict CSV reader.

/** One character folded: Vietnamese letters lose their marks, đ becomes d, everything is lower case. */
function foldChar(ch: string): string {
  if (ch === 'đ' || ch === 'Đ') return 'd';
  const bare = ch
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  // Keep the alignment: a character whose folding is not one UTF-16 unit stays as it is (lower-cased if possible).
  if (bare.length === ch.length) return bare;
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? lower : ch;
}

/** "Kế hoạch QUAN TRẮC" → "ke hoach quan trac", with the same length as the input. */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/** Words of a search query, folded; FTS5 syntax characters dropped. */
export function queryTerms(query: string): string[] {
  return fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12);
}

/** A snippet of `original` around the first place where the terms occur in `folded`, hits between « and ». */
export function snippet(original: string, folded: string, terms: string[], width = 160): string {
  const hits: [number, number][] = [];
  for (const term of terms) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'gu');
    for (const m of folded.matchAll(re)) hits.push([m.index, m.index + term.length]);
  }
  hits.sort((a, b) => a[0] - b[0]);
  const first = hits[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  if (start > 0) {
    const space = original.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  const end = Math.min(original.length, start + width);
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [s, e] of hits) {
    if (s < at || e > end) continue;
    out += `${original.slice(at, s)}«${original.slice(s, e)}»`;
    at = e;
  }
  out += original.slice(at, end) + (end < original.length ? '…' : '');
  return out.replace(/\s+/g, ' ').trim();
}

export interface CsvRow {
  /** 1-based line number of the record's first line in the file. */
  line: number;
  fields: string[];
  text: string;
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes); a UTF-8 byte-order mark is ignored. */
export function parseCsv(input: string): CsvRow[] {
  const text = input.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowStart = 0;
  const endRow = (endIndex: number) => {
    fields.push(field);
    const raw = text.slice(rowStart, endIndex);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) rows.push({ line: rowLine, fields, text: raw });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',' || ch === ';') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow(ch === '\r' && text[i] === '\n' ? i - 1 : i);
      line++;
      rowLine = line;
      rowStart = i + 1;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRow(text.length);
  return rows.map((r) => ({ ...r, fields: r.fields.map((f) => f.trim()) }));
}
