// Meetings, their participants and connection points, and their agenda, in the embedded SQLite database; the
// per-meeting records (invitations, attendance, audit, chat, votes) hang off this store as small sub-stores.
import type { MeetingInfo } from '../../common/meetingInfo.ts';
import type { MeetingRole } from '../../common/roles.ts';
import { openDatabase, type Database } from '../storage/database.ts';
import { AttendanceLog } from './AttendanceLog.ts';
import { AuditLog } from './AuditLog.ts';
import { ChatLog } from './ChatLog.ts';
import { InvitationStore } from './InvitationStore.ts';
import { VoteStore } from './VoteStore.ts';
import type { Meeting, NewMeeting, Participant } from './types.ts';
import type { AgendaItem } from '../../common/meeting.ts';

export type { Meeting, NewMeeting, Participant } from './types.ts';

interface MeetingRow {
  id: string;
  title: string;
  starts_at: string;
  place: string;
  created_by: string | null;
  locked: number;
  current_agenda: number | null;
  agenda_started_at: string | null;
  ended_at: string | null;
}

interface ParticipantRow {
  id: string;
  name: string;
  role: MeetingRole;
  connection_point: string | null;
  user_id: string | null;
}

interface AgendaRow {
  id: string;
  title: string;
  presenter: string;
  duration_minutes: number;
  document_id: string | null;
}

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  name: r.name,
  role: r.role,
  connectionPoint: r.connection_point,
  userId: r.user_id,
});

export class MeetingStore {
  readonly db: Database;
  readonly invitations: InvitationStore;
  readonly attendance: AttendanceLog;
  readonly audit: AuditLog;
  readonly chat: ChatLog;
  readonly votes: VoteStore;

  /** Without a database, an in-memory one (tests, tools); the server passes the file in DATA_DIR. */
  readonly #listeners = new Set<(meetingId: string) => void>();

  constructor(db: Database = openDatabase(':memory:')) {
    this.db = db;
    this.invitations = new InvitationStore(db);
    this.attendance = new AttendanceLog(db, (id) => this.#changed(id));
    this.audit = new AuditLog(db);
    this.chat = new ChatLog(db);
    this.votes = new VoteStore(db);
  }

  add(meeting: NewMeeting): Meeting {
    const ids = new Set<string>();
    for (const p of meeting.participants) {
      if (ids.has(p.id)) throw new Error(`participant id ${p.id} appears twice`);
      ids.add(p.id);
    }
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO meetings (id, title, starts_at, place, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(meeting.id, meeting.title, meeting.startsAt, meeting.place, meeting.createdBy ?? null, nowIso());
      meeting.participants.forEach((p, i) => this.#insertParticipant(meeting.id, p, i));
      const item = this.db.prepare(
        `INSERT INTO agenda_items (meeting_id, position, id, title, presenter, duration_minutes, document_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      (meeting.agenda ?? []).forEach((a, i) =>
        item.run(meeting.id, i, a.id, a.title, a.presenter, a.durationMinutes, a.documentId),
      );
    })();
    return this.get(meeting.id)!;
  }

  get(meetingId: string): Meeting | undefined {
    const row = this.db.prepare('SELECT * FROM meetings WHERE id = ?').get(meetingId) as MeetingRow | undefined;
    if (!row) return undefined;
    const participants = (
      this.db
        .prepare('SELECT * FROM participants WHERE meeting_id = ? ORDER BY position')
        .all(meetingId) as ParticipantRow[]
    ).map(toParticipant);
    const agenda = (
      this.db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position').all(meetingId) as AgendaRow[]
    ).map((a): AgendaItem => ({
      id: a.id,
      title: a.title,
      presenter: a.presenter,
      durationMinutes: a.duration_minutes,
      documentId: a.document_id,
    }));
    return {
      id: row.id,
      title: row.title,
      startsAt: row.starts_at,
      place: row.place,
      participants,
      agenda,
      locked: row.locked === 1,
      endedAt: row.ended_at,
      currentAgendaIndex: row.current_agenda,
      agendaStartedAt: row.agenda_started_at,
      createdBy: row.created_by,
    };
  }

  /** Meetings, newest first; with a user, only those the user created or takes part in. */
  list(userId?: string): MeetingInfo[] {
    const rows = (
      userId
        ? this.db
            .prepare(
              `SELECT DISTINCT m.* FROM meetings m LEFT JOIN participants p ON p.meeting_id = m.id
               WHERE m.created_by = ? OR p.user_id = ? ORDER BY m.starts_at DESC`,
            )
            .all(userId, userId)
        : this.db.prepare('SELECT * FROM meetings ORDER BY starts_at DESC').all()
    ) as MeetingRow[];
    return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at, place: r.place }));
  }

  participant(meetingId: string, participantId: string): Participant | undefined {
    const row = this.db
      .prepare('SELECT * FROM participants WHERE meeting_id = ? AND id = ?')
      .get(meetingId, participantId) as ParticipantRow | undefined;
    return row ? toParticipant(row) : undefined;
  }

  /** A guest admitted from the waiting room becomes a participant of the meeting (for attendance and minutes). */
  addParticipant(meetingId: string, participant: Participant): Participant {
    const next = this.db
      .prepare('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM participants WHERE meeting_id = ?')
      .get(meetingId) as { n: number };
    this.#insertParticipant(meetingId, participant, next.n);
    return participant;
  }

  setLocked(meetingId: string, locked: boolean): void {
    this.db.prepare('UPDATE meetings SET locked = ? WHERE id = ?').run(locked ? 1 : 0, meetingId);
  }

  setEnded(meetingId: string, endedAt: string): void {
    this.db.prepare('UPDATE meetings SET ended_at = ? WHERE id = ?').run(endedAt, meetingId);
    this.#changed(meetingId);
  }

  /** Someone came or went, or the meeting ended (the office's home pages follow). */
  onChange(listener: (meetingId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(meetingId: string): void {
    for (const listener of this.#listeners) listener(meetingId);
  }

  setAgendaPosition(meetingId: string, index: number, startedAt: string): void {
    this.db
      .prepare('UPDATE meetings SET current_agenda = ?, agenda_started_at = ? WHERE id = ?')
      .run(index, startedAt, meetingId);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  #insertParticipant(meetingId: string, p: Participant, position: number): void {
    this.db
      .prepare(
        `INSERT INTO participants (meeting_id, id, name, role, connection_point, user_id, position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(meetingId, p.id, p.name, p.role, p.connectionPoint, p.userId ?? null, position);
  }
}

function nowIso(): string {
  return new Date().toISOString();
}
