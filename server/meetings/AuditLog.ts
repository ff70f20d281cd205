// The audit log of chair and secretary actions: who did what to whom, when. Append-only.
import type { AuditEntry } from '../../common/meeting.ts';
import type { Database } from '../storage/database.ts';

interface Row {
  id: number;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string | null;
  detail: string | null;
}

export class AuditLog {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  append(
    meetingId: string,
    actor: { id: string; name: string },
    action: string,
    target: string | null = null,
    detail: unknown = null,
  ): AuditEntry {
    const at = new Date().toISOString();
    const detailText = detail === null ? null : typeof detail === 'string' ? detail : JSON.stringify(detail);
    const id = Number(
      this.#db
        .prepare(
          `INSERT INTO audit_log (meeting_id, at, actor_id, actor_name, action, target, detail)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(meetingId, at, actor.id, actor.name, action, target, detailText).lastInsertRowid,
    );
    return { id, at, actorId: actor.id, actorName: actor.name, action, target, detail: detailText };
  }

  /** The most recent entries, oldest first. */
  list(meetingId: string, limit = 200): AuditEntry[] {
    const rows = this.#db
      .prepare('SELECT * FROM audit_log WHERE meeting_id = ? ORDER BY id DESC LIMIT ?')
      .all(meetingId, limit) as Row[];
    return rows.reverse().map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      target: r.target,
      detail: r.detail,
    }));
  }
}
