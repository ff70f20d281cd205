// Diacritics- and case-insensitive search over meetings, agenda items and minutes (SQLite FTS5 over folded text:
// "ke hoach quan trac" finds "kế hoạch quan trắc"). A meeting's entries are rewritten whenever it changes.
import type { Database } from '../storage/database.ts';
import { fold, queryTerms, snippet } from './text.ts';

export interface IndexEntry {
  kind: 'meeting' | 'agenda' | 'minutes';
  /** The agenda item's title or the minutes section the text is in. */
  section: string | null;
  text: string;
}

export interface Hit {
  kind: IndexEntry['kind'];
  meetingId: string;
  section: string | null;
  snippet: string;
}

export class SearchIndex {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Replaces the meeting's entries of these kinds. */
  put(meetingId: string, kinds: IndexEntry['kind'][], entries: IndexEntry[]): void {
    const del = this.#db.prepare('DELETE FROM search_index WHERE meeting_id = ? AND kind = ?');
    const ins = this.#db.prepare(
      'INSERT INTO search_index (folded, original, meeting_id, kind, section) VALUES (?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const kind of kinds) del.run(meetingId, kind);
      for (const e of entries) {
        const text = e.text.trim();
        if (text) ins.run(fold(text), text, meetingId, e.kind, e.section);
      }
    })();
  }

  /** Hits for every word of the query (prefixes match too), best first, among the allowed meetings. */
  search(query: string, allowed: (meetingId: string) => boolean, limit = 50): Hit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const match = terms.map((t) => `"${t}"*`).join(' AND ');
    const rows = this.#db
      .prepare(
        `SELECT folded, original, meeting_id, kind, section FROM search_index WHERE search_index MATCH ?
         ORDER BY bm25(search_index) LIMIT 500`,
      )
      .all(match) as {
      folded: string;
      original: string;
      meeting_id: string;
      kind: Hit['kind'];
      section: string | null;
    }[];
    const hits: Hit[] = [];
    for (const r of rows) {
      if (!allowed(r.meeting_id)) continue;
      hits.push({
        kind: r.kind,
        meetingId: r.meeting_id,
        section: r.section,
        snippet: snippet(r.original, r.folded, terms),
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }
}
