// The minutes' rows in the embedded database (migration 6): one record per meeting with its lifecycle and editors,
// the saved versions (one per lifecycle step), the review comments, and the imported signing identities.
import type { MinutesLifecycle, MinutesState } from '../../common/minutes.ts';
import type { MinutesContent } from '../../common/minutesDoc.ts';
import type { MinutesComment, MinutesVersionInfo } from '../../common/minutesView.ts';
import type { Database } from '../storage/database.ts';

export interface MinutesRecord {
  id: string;
  meetingId: string;
  lifecycle: MinutesLifecycle;
  coEditorIds: string[];
  /** The locked content, from final on (null while the Yjs document is the content). */
  content: MinutesContent | null;
  /** The current PDF from final on: unsigned, then after each signature. */
  pdfSha256: string | null;
  pdfPages: number | null;
  filingKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredVersion extends MinutesVersionInfo {
  content: MinutesContent & { number?: string | null };
  actorId: string;
}

export interface StoredIdentity {
  owner: string;
  file: string;
  subject: string;
  issuer: string;
  notAfter: string;
  uploadedAt: string;
}

interface RecordRow {
  meeting_id: string;
  id: string;
  state: MinutesState;
  lifecycle: string;
  co_editors: string;
  content: string | null;
  pdf_sha256: string | null;
  pdf_pages: number | null;
  filing_key: string | null;
  created_at: string;
  updated_at: string;
}

interface VersionRow {
  version: number;
  action: MinutesVersionInfo['action'];
  state: MinutesState;
  content: string;
  pdf_sha256: string | null;
  actor_id: string;
  actor_name: string;
  created_at: string;
}

interface CommentRow {
  id: string;
  section_id: string | null;
  author_id: string;
  author_name: string;
  text: string;
  created_at: string;
  resolved_at: string | null;
}

const toRecord = (r: RecordRow): MinutesRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  lifecycle: JSON.parse(r.lifecycle) as MinutesLifecycle,
  coEditorIds: JSON.parse(r.co_editors) as string[],
  content: r.content ? (JSON.parse(r.content) as MinutesContent) : null,
  pdfSha256: r.pdf_sha256,
  pdfPages: r.pdf_pages,
  filingKey: r.filing_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionRow): StoredVersion => ({
  version: r.version,
  action: r.action,
  state: r.state,
  content: JSON.parse(r.content) as StoredVersion['content'],
  pdfSha256: r.pdf_sha256,
  actorId: r.actor_id,
  actorName: r.actor_name,
  createdAt: r.created_at,
});

export class MinutesStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  get(meetingId: string): MinutesRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM minutes WHERE meeting_id = ?').get(meetingId) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  byFilingKey(key: string): MinutesRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM minutes WHERE filing_key = ?').get(key) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Records waiting for their archive (signed, queued for filing). */
  awaitingFiling(): MinutesRecord[] {
    return (
      this.#db.prepare("SELECT * FROM minutes WHERE state = 'signed' AND filing_key IS NOT NULL").all() as RecordRow[]
    ).map(toRecord);
  }

  /** Records signed and not yet queued for filing (the agency's signature may still come). */
  signedUnqueued(): MinutesRecord[] {
    return (
      this.#db.prepare("SELECT * FROM minutes WHERE state = 'signed' AND filing_key IS NULL").all() as RecordRow[]
    ).map(toRecord);
  }

  /** Creates the record with its first version, unless it exists; returns the stored one either way. */
  create(record: MinutesRecord, first: Omit<StoredVersion, 'version'>): MinutesRecord {
    this.#db.transaction(() => {
      const inserted = this.#db
        .prepare(
          `INSERT OR IGNORE INTO minutes (meeting_id, id, state, lifecycle, co_editors, content, pdf_sha256, pdf_pages,
             filing_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)`,
        )
        .run(
          record.meetingId,
          record.id,
          record.lifecycle.state,
          JSON.stringify(record.lifecycle),
          JSON.stringify(record.coEditorIds),
          record.createdAt,
          record.updatedAt,
        );
      if (inserted.changes > 0) this.#insertVersion(record.id, 1, first);
    })();
    return this.get(record.meetingId)!;
  }

  /** Saves the record and, when given, the version this change made — in one transaction. */
  save(record: MinutesRecord, version?: Omit<StoredVersion, 'version'>): MinutesRecord {
    const updatedAt = new Date().toISOString();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE minutes SET state = ?, lifecycle = ?, co_editors = ?, content = ?, pdf_sha256 = ?, pdf_pages = ?,
             filing_key = ?, updated_at = ? WHERE meeting_id = ?`,
        )
        .run(
          record.lifecycle.state,
          JSON.stringify(record.lifecycle),
          JSON.stringify(record.coEditorIds),
          record.content ? JSON.stringify(record.content) : null,
          record.pdfSha256,
          record.pdfPages,
          record.filingKey,
          updatedAt,
          record.meetingId,
        );
      if (version) {
        const last = this.#db
          .prepare('SELECT COALESCE(MAX(version), 0) AS n FROM minutes_versions WHERE minutes_id = ?')
          .get(record.id) as { n: number };
        this.#insertVersion(record.id, last.n + 1, version);
      }
    })();
    return { ...record, updatedAt };
  }

  versions(minutesId: string): MinutesVersionInfo[] {
    return (
      this.#db
        .prepare(
          `SELECT version, action, state, pdf_sha256, actor_name, created_at, actor_id, '{}' AS content
           FROM minutes_versions WHERE minutes_id = ? ORDER BY version`,
        )
        .all(minutesId) as VersionRow[]
    ).map((r) => ({
      version: r.version,
      action: r.action,
      state: r.state,
      actorName: r.actor_name,
      createdAt: r.created_at,
      pdfSha256: r.pdf_sha256,
    }));
  }

  version(minutesId: string, version: number): StoredVersion | undefined {
    const row = this.#db
      .prepare('SELECT * FROM minutes_versions WHERE minutes_id = ? AND version = ?')
      .get(minutesId, version) as VersionRow | undefined;
    return row ? toVersion(row) : undefined;
  }

  addComment(minutesId: string, comment: Omit<MinutesComment, 'resolvedAt'>): MinutesComment {
    this.#db
      .prepare(
        `INSERT INTO minutes_comments (id, minutes_id, section_id, author_id, author_name, text, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        comment.id,
        minutesId,
        comment.sectionId,
        comment.authorId,
        comment.authorName,
        comment.text,
        comment.createdAt,
      );
    return { ...comment, resolvedAt: null };
  }

  resolveComment(minutesId: string, commentId: string, by: string): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE minutes_comments SET resolved_at = ?, resolved_by = ?
           WHERE id = ? AND minutes_id = ? AND resolved_at IS NULL`,
        )
        .run(new Date().toISOString(), by, commentId, minutesId).changes > 0
    );
  }

  comments(minutesId: string): MinutesComment[] {
    return (
      this.#db
        .prepare('SELECT * FROM minutes_comments WHERE minutes_id = ? ORDER BY created_at, id')
        .all(minutesId) as CommentRow[]
    ).map((r) => ({
      id: r.id,
      sectionId: r.section_id,
      authorId: r.author_id,
      authorName: r.author_name,
      text: r.text,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
    }));
  }

  identity(owner: string): StoredIdentity | undefined {
    const row = this.#db.prepare('SELECT * FROM signing_identities WHERE owner = ?').get(owner) as
      | { owner: string; file: string; subject: string; issuer: string; not_after: string; uploaded_at: string }
      | undefined;
    return row
      ? {
          owner: row.owner,
          file: row.file,
          subject: row.subject,
          issuer: row.issuer,
          notAfter: row.not_after,
          uploadedAt: row.uploaded_at,
        }
      : undefined;
  }

  saveIdentity(identity: StoredIdentity): void {
    this.#db
      .prepare(
        `INSERT INTO signing_identities (owner, file, subject, issuer, not_after, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (owner) DO UPDATE SET file = excluded.file, subject = excluded.subject, issuer = excluded.issuer,
           not_after = excluded.not_after, uploaded_at = excluded.uploaded_at`,
      )
      .run(identity.owner, identity.file, identity.subject, identity.issuer, identity.notAfter, identity.uploadedAt);
  }

  #insertVersion(minutesId: string, version: number, v: Omit<StoredVersion, 'version'>): void {
    this.#db
      .prepare(
        `INSERT INTO minutes_versions (minutes_id, version, action, state, content, pdf_sha256, actor_id, actor_name,
           created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        minutesId,
        version,
        v.action,
        v.state,
        JSON.stringify(v.content),
        v.pdfSha256,
        v.actorId,
        v.actorName,
        v.createdAt,
      );
  }
}
