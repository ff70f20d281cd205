// Automatic attendance (điểm danh): one row per connection, opened on join and closed on leave, drop or removal.
import type { AttendanceRecord } from '../../common/meeting.ts';
import type { Database } from '../storage/database.ts';
import type { Participant } from './types.ts';

interface Row {
  participant_id: string;
  joined_at: string;
  left_at: string | null;
  left_reason: string | null;
}

export class AttendanceLog {
  readonly #db: Database;
  /** Someone came or went: the office's home pages show who is in. */
  readonly #changed: (meetingId: string) => void;

  constructor(db: Database, changed: (meetingId: string) => void = () => {}) {
    this.#db = db;
    this.#changed = changed;
  }

  open(meetingId: string, participantId: string, at: string): number {
    const id = Number(
      this.#db
        .prepare('INSERT INTO attendance (meeting_id, participant_id, joined_at) VALUES (?, ?, ?)')
        .run(meetingId, participantId, at).lastInsertRowid,
    );
    this.#changed(meetingId);
    return id;
  }

  close(id: number, at: string, reason: string): void {
    this.#db
      .prepare('UPDATE attendance SET left_at = ?, left_reason = ? WHERE id = ? AND left_at IS NULL')
      .run(at, reason, id);
    const row = this.#db.prepare('SELECT meeting_id FROM attendance WHERE id = ?').get(id) as
      | { meeting_id: string }
      | undefined;
    if (row) this.#changed(row.meeting_id);
  }

  /** Connections still open (a server that stopped without closing them); closed when a meeting room opens. */
  closeDangling(meetingId: string, at: string): number {
    return this.#db
      .prepare(
        `UPDATE attendance SET left_at = ?, left_reason = 'server_restart' WHERE meeting_id = ? AND left_at IS NULL`,
      )
      .run(at, meetingId).changes;
  }

  hasAttended(meetingId: string, participantId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM attendance WHERE meeting_id = ? AND participant_id = ? LIMIT 1')
        .get(meetingId, participantId) !== undefined
    );
  }

  /** Every participant of the meeting with their connections, in the meeting's participant order. */
  records(meetingId: string, participants: readonly Participant[]): AttendanceRecord[] {
    const rows = this.#db.prepare('SELECT * FROM attendance WHERE meeting_id = ? ORDER BY id').all(meetingId) as Row[];
    const byParticipant = new Map<string, AttendanceRecord['sessions']>();
    for (const r of rows) {
      const list = byParticipant.get(r.participant_id) ?? [];
      list.push({ joinedAt: r.joined_at, leftAt: r.left_at, leftReason: r.left_reason });
      byParticipant.set(r.participant_id, list);
    }
    return participants.map((p) => ({
      participantId: p.id,
      name: p.name,
      role: p.role,
      connectionPoint: p.connectionPoint,
      sessions: byParticipant.get(p.id) ?? [],
    }));
  }
}
