// The meeting's recordings in the database: one row per recording, from the moment it starts (status
// `recording`) through processing to the finished file's duration, size, hash and chapters. The bytes live on disk
// (RecordingFiles.ts); a deleted recording keeps its row, marked, for the audit trail.
import type { RecordingChapter, RecordingInfo, RecordingStatus, RecordingStopReason } from '../../common/recording.ts';
import { RECORDING_CONTENT_TYPE } from '../../common/recording.ts';
import type { Database } from '../storage/database.ts';

interface Row {
  id: string;
  meeting_id: string;
  status: RecordingStatus;
  started_at: string;
  ended_at: string | null;
  started_by_id: string;
  started_by_name: string;
  stop_reason: RecordingStopReason | null;
  duration_s: number | null;
  bytes: number | null;
  sha256: string | null;
  chapters: string;
  deleted_at: string | null;
}

export interface RecordingRow extends RecordingInfo {
  startedById: string;
}

function toInfo(row: Row): RecordingRow {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    startedBy: row.started_by_name,
    startedById: row.started_by_id,
    stopReason: row.stop_reason,
    durationSeconds: row.duration_s,
    bytes: row.bytes,
    sha256: row.sha256,
    contentType: RECORDING_CONTENT_TYPE,
    chapters: JSON.parse(row.chapters) as RecordingChapter[],
  };
}

export interface FinishedFile {
  durationSeconds: number;
  bytes: number;
  sha256: string;
  chapters: RecordingChapter[];
  /** Parts that could not be read and were left out (kept on disk, in `unreadable/`). */
  unreadableParts: string[];
}

export class RecordingStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  add(id: string, meetingId: string, startedAt: string, by: { id: string; name: string }): RecordingRow {
    this.#db
      .prepare(
        `INSERT INTO recordings (id, meeting_id, status, started_at, started_by_id, started_by_name)
         VALUES (?, ?, 'recording', ?, ?, ?)`,
      )
      .run(id, meetingId, startedAt, by.id, by.name);
    return this.get(id)!;
  }

  get(id: string): RecordingRow | null {
    const row = this.#db.prepare('SELECT * FROM recordings WHERE id = ? AND deleted_at IS NULL').get(id) as
      Row | undefined;
    return row ? toInfo(row) : null;
  }

  /** The meeting's recordings that were not deleted, newest first. */
  list(meetingId: string): RecordingRow[] {
    const rows = this.#db
      .prepare('SELECT * FROM recordings WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY started_at DESC')
      .all(meetingId) as Row[];
    return rows.map(toInfo);
  }

  /** Recordings a previous run of the server left unfinished (it stopped while they ran or were processed). */
  unfinished(): RecordingRow[] {
    const rows = this.#db
      .prepare("SELECT * FROM recordings WHERE status IN ('recording', 'processing') AND deleted_at IS NULL")
      .all() as Row[];
    return rows.map(toInfo);
  }

  stopped(id: string, endedAt: string, reason: RecordingStopReason): void {
    this.#db
      .prepare("UPDATE recordings SET status = 'processing', ended_at = ?, stop_reason = ? WHERE id = ?")
      .run(endedAt, reason, id);
  }

  finished(id: string, file: FinishedFile): void {
    this.#db
      .prepare(
        `UPDATE recordings SET status = 'ready', duration_s = ?, bytes = ?, sha256 = ?, chapters = ?
         WHERE id = ?`,
      )
      .run(file.durationSeconds, file.bytes, file.sha256, JSON.stringify(file.chapters), id);
  }

  failed(id: string): void {
    this.#db.prepare("UPDATE recordings SET status = 'failed' WHERE id = ?").run(id);
  }

  markDeleted(id: string, at: string): void {
    this.#db.prepare('UPDATE recordings SET deleted_at = ? WHERE id = ?').run(at, id);
  }
}
