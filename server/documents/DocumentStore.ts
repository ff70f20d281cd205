// Agenda documents and their versions in the embedded database. Rows name blobs by SHA-256; the bytes are in the
// blob folder (BlobStore). A document belongs to one agenda item of one meeting; versions are numbered from 1.
import { randomUUID } from 'node:crypto';
import type { DocumentFlag, DocumentInfo, DocumentVersionInfo } from '../../common/documents.ts';
import type { Database } from '../storage/database.ts';

interface DocumentRow {
  id: string;
  meeting_id: string;
  agenda_item_id: string;
  title: string;
  position: number;
  created_at: string;
}

interface VersionRow {
  document_id: string;
  version: number;
  sha256: string;
  size: number;
  file_name: string;
  page_count: number | null;
  password_required: number;
  flags: string;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: string;
}

export type NewVersion = Omit<DocumentVersionInfo, 'version' | 'uploadedAt'> & { uploadedAt?: string };

const toVersion = (r: VersionRow): DocumentVersionInfo => ({
  version: r.version,
  sha256: r.sha256,
  size: r.size,
  fileName: r.file_name,
  pageCount: r.page_count,
  passwordRequired: r.password_required === 1,
  flags: JSON.parse(r.flags) as DocumentFlag[],
  uploadedBy: r.uploaded_by,
  uploadedByName: r.uploaded_by_name,
  uploadedAt: r.uploaded_at,
});

export class DocumentStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** A new document with its first version, in one transaction. */
  create(meetingId: string, agendaItemId: string, title: string, first: NewVersion): DocumentInfo {
    const id = `doc-${randomUUID()}`;
    this.#db.transaction(() => {
      const next = this.#db
        .prepare(
          'SELECT COALESCE(MAX(position), -1) + 1 AS n FROM documents WHERE meeting_id = ? AND agenda_item_id = ?',
        )
        .get(meetingId, agendaItemId) as { n: number };
      this.#db
        .prepare(
          `INSERT INTO documents (id, meeting_id, agenda_item_id, title, position, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(id, meetingId, agendaItemId, title, next.n, first.uploadedAt ?? new Date().toISOString());
      this.#insertVersion(id, 1, first);
    })();
    return this.get(id)!;
  }

  /** The next version of an existing document. */
  addVersion(documentId: string, version: NewVersion): DocumentInfo {
    this.#db.transaction(() => {
      const row = this.#db
        .prepare('SELECT COALESCE(MAX(version), 0) + 1 AS n FROM document_versions WHERE document_id = ?')
        .get(documentId) as { n: number };
      this.#insertVersion(documentId, row.n, version);
    })();
    return this.get(documentId)!;
  }

  get(documentId: string): DocumentInfo | undefined {
    const row = this.#db.prepare('SELECT * FROM documents WHERE id = ?').get(documentId) as DocumentRow | undefined;
    return row ? this.#withVersions(row) : undefined;
  }

  /** The meeting's documents in agenda order (by agenda item position, then within the item). */
  list(meetingId: string): DocumentInfo[] {
    const rows = this.#db
      .prepare(
        `SELECT d.* FROM documents d
         LEFT JOIN agenda_items a ON a.meeting_id = d.meeting_id AND a.id = d.agenda_item_id
         WHERE d.meeting_id = ? ORDER BY a.position, d.position`,
      )
      .all(meetingId) as DocumentRow[];
    return rows.map((r) => this.#withVersions(r));
  }

  /** Whether any version of any document still names this blob. */
  referencesBlob(sha256: string): boolean {
    return this.#db.prepare('SELECT 1 FROM document_versions WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
  }

  #withVersions(row: DocumentRow): DocumentInfo {
    const versions = (
      this.#db
        .prepare('SELECT * FROM document_versions WHERE document_id = ? ORDER BY version')
        .all(row.id) as VersionRow[]
    ).map(toVersion);
    return {
      id: row.id,
      meetingId: row.meeting_id,
      agendaItemId: row.agenda_item_id,
      title: row.title,
      position: row.position,
      createdAt: row.created_at,
      versions,
    };
  }

  #insertVersion(documentId: string, version: number, v: NewVersion): void {
    this.#db
      .prepare(
        `INSERT INTO document_versions (document_id, version, sha256, size, file_name, page_count, password_required,
           flags, uploaded_by, uploaded_by_name, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        documentId,
        version,
        v.sha256,
        v.size,
        v.fileName,
        v.pageCount,
        v.passwordRequired ? 1 : 0,
        JSON.stringify(v.flags),
        v.uploadedBy,
        v.uploadedByName,
        v.uploadedAt ?? new Date().toISOString(),
      );
  }
}
