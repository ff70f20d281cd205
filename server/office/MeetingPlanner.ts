// Scheduling: a meeting form (kind, times, place, chair, secretary, units as connection points, further accounts,
// guests, agenda) becomes the meeting's rows; editing keeps participant and agenda item ids so that attendance and
// documents stay attached. Who may see and manage a meeting is decided here.
import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { MeetingForm, MeetingKind, MeetingParticipantInfo } from '../../common/office.ts';
import { connectionPointName } from '../../common/provinces.ts';
import { MediaPolicyStore } from '../meetings/MediaPolicyStore.ts';
import type { AccountStore, User } from '../storage/AccountStore.ts';
import type { Database } from '../storage/database.ts';
import type { AgencyStore } from './AgencyStore.ts';

export interface PlannedParticipant extends MeetingParticipantInfo {
  position: number;
}

export interface MeetingRow {
  id: string;
  kind: MeetingKind;
  title: string;
  starts_at: string;
  ends_at: string | null;
  place: string;
  created_by: string | null;
  ended_at: string | null;
  cancelled_at: string | null;
  revision: number;
}

export class MeetingPlanner {
  readonly #db: Database;
  readonly #accounts: AccountStore;
  readonly #agency: AgencyStore;
  /** Whether a meeting may be recorded is its media policy's (the room's setting): the form reads and writes it. */
  readonly #policies: MediaPolicyStore;

  constructor(db: Database, accounts: AccountStore, agency: AgencyStore) {
    this.#db = db;
    this.#accounts = accounts;
    this.#agency = agency;
    this.#policies = new MediaPolicyStore(db);
  }

  row(meetingId: string): MeetingRow | undefined {
    return this.#db.prepare('SELECT * FROM meetings WHERE id = ?').get(meetingId) as MeetingRow | undefined;
  }

  participants(meetingId: string): MeetingParticipantInfo[] {
    return (
      this.#db.prepare('SELECT * FROM participants WHERE meeting_id = ? ORDER BY position').all(meetingId) as {
        id: string;
        name: string;
        role: MeetingParticipantInfo['role'];
        connection_point: string | null;
        unit_code: string | null;
        user_id: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      connectionPoint: r.connection_point,
      unitCode: r.unit_code,
      userId: r.user_id,
    }));
  }

  /** The seat a user takes in a meeting: their own, else their unit's connection point. */
  seatOf(meetingId: string, user: User): MeetingParticipantInfo | undefined {
    const all = this.participants(meetingId);
    return (
      all.find((p) => p.userId === user.id) ??
      (user.unitCode ? all.find((p) => p.unitCode?.toLowerCase() === user.unitCode!.toLowerCase()) : undefined)
    );
  }

  canSee(meetingId: string, user: User): boolean {
    const row = this.row(meetingId);
    if (!row) return false;
    return user.agencyRole === 'admin' || row.created_by === user.id || this.seatOf(meetingId, user) !== undefined;
  }

  canManage(meetingId: string, user: User): boolean {
    const row = this.row(meetingId);
    if (!row) return false;
    if (user.agencyRole === 'admin' || row.created_by === user.id) return true;
    return this.participants(meetingId).some((p) => p.role === 'secretary' && p.userId === user.id);
  }

  /** Ids of the meetings a user takes part in or scheduled (the home), optionally in a time range. */
  meetingIdsFor(user: User): string[] {
    const rows = this.#db
      .prepare(
        `SELECT DISTINCT m.id FROM meetings m LEFT JOIN participants p ON p.meeting_id = m.id
         WHERE m.created_by = @id OR p.user_id = @id OR (@unit IS NOT NULL AND p.unit_code = @unit COLLATE NOCASE)`,
      )
      .all({ id: user.id, unit: user.unitCode }) as { id: string }[];
    return rows.map((r) => r.id);
  }

  allMeetingIds(): string[] {
    return (this.#db.prepare('SELECT id FROM meetings').all() as { id: string }[]).map((r) => r.id);
  }

  /** Users to tell when a meeting changes: its accounts, its units' accounts, who scheduled it. */
  audience(meetingId: string): string[] {
    const rows = this.#db
      .prepare(
        `SELECT p.user_id AS id FROM participants p WHERE p.meeting_id = @m AND p.user_id IS NOT NULL
         UNION SELECT u.id FROM users u JOIN participants p ON p.unit_code = u.unit_code COLLATE NOCASE
           WHERE p.meeting_id = @m
         UNION SELECT created_by FROM meetings WHERE id = @m AND created_by IS NOT NULL`,
      )
      .all({ m: meetingId }) as { id: string }[];
    return rows.map((r) => r.id);
  }

  create(form: MeetingForm, createdBy: User): string {
    const participants = this.#participantsOf(form);
    const id = `${slug(form.title).slice(0, 40) || 'hop'}-${randomUUID().slice(0, 8)}`;
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO meetings (id, title, starts_at, ends_at, place, kind, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, form.title, iso(form.startsAt), iso(form.endsAt), form.place, form.kind, createdBy.id, iso());
      this.#writeParticipants(id, participants);
      this.#writeAgenda(id, form.agenda);
      if (form.recordingAllowed === false) this.#policies.update(id, { recordingAllowed: false });
    })();
    return id;
  }

  update(meetingId: string, form: MeetingForm): void {
    const row = this.row(meetingId);
    if (!row) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
    if (row.ended_at || row.cancelled_at) {
      throw new AppFailure('forbidden', 'an ended or cancelled meeting cannot be changed', 'meeting_ended');
    }
    const participants = this.#participantsOf(form);
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE meetings SET title = ?, starts_at = ?, ends_at = ?, place = ?, kind = ?, revision = revision + 1
           WHERE id = ?`,
        )
        .run(form.title, iso(form.startsAt), iso(form.endsAt), form.place, form.kind, meetingId);
      this.#writeParticipants(meetingId, participants);
      this.#writeAgenda(meetingId, form.agenda);
      if (form.recordingAllowed !== undefined) {
        this.#policies.update(meetingId, { recordingAllowed: form.recordingAllowed });
      }
    })();
  }

  cancel(meetingId: string): void {
    const row = this.row(meetingId);
    if (!row) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
    if (row.ended_at) throw new AppFailure('forbidden', 'the meeting has already taken place', 'meeting_ended');
    this.#db
      .prepare('UPDATE meetings SET cancelled_at = ?, revision = revision + 1 WHERE id = ? AND cancelled_at IS NULL')
      .run(iso(), meetingId);
  }

  /** The form as it would be submitted again (for the edit page). */
  formOf(meetingId: string): MeetingForm {
    const row = this.row(meetingId)!;
    const people = this.participants(meetingId);
    const agenda = this.#db
      .prepare('SELECT id, title, presenter, duration_minutes FROM agenda_items WHERE meeting_id = ? ORDER BY position')
      .all(meetingId) as { id: string; title: string; presenter: string; duration_minutes: number }[];
    return {
      kind: row.kind,
      title: row.title,
      startsAt: row.starts_at,
      endsAt: row.ends_at ?? row.starts_at,
      place: row.place,
      chairUserId: people.find((p) => p.role === 'chair')?.userId ?? '',
      secretaryUserId: people.find((p) => p.role === 'secretary')?.userId ?? '',
      unitCodes: people.filter((p) => p.unitCode).map((p) => p.unitCode!),
      participantUserIds: people.filter((p) => p.role === 'delegate' && p.userId && !p.unitCode).map((p) => p.userId!),
      guests: people.filter((p) => p.role === 'guest').map((p) => p.name),
      recordingAllowed: this.#policies.get(meetingId).recordingAllowed,
      agenda: agenda.map((a) => ({
        id: a.id,
        title: a.title,
        presenter: a.presenter,
        durationMinutes: a.duration_minutes,
      })),
    };
  }

  #participantsOf(form: MeetingForm): PlannedParticipant[] {
    if (Date.parse(form.endsAt) <= Date.parse(form.startsAt)) {
      throw new AppFailure('invalid_message', 'the planned end must be after the start');
    }
    if (form.chairUserId === form.secretaryUserId) {
      throw new AppFailure('invalid_message', 'the chair and the secretary must be two different people');
    }
    const person = (userId: string, what: string): User => {
      const user = this.#accounts.user(userId);
      if (!user || user.disabled) throw new AppFailure('invalid_message', `${what}: no enabled account ${userId}`);
      return user;
    };
    const chair = person(form.chairUserId, 'chair');
    const secretary = person(form.secretaryUserId, 'secretary');
    const out: PlannedParticipant[] = [];
    const add = (p: Omit<PlannedParticipant, 'position'>) => out.push({ ...p, position: out.length });
    add({
      id: 'chair',
      name: chair.displayName,
      role: 'chair',
      connectionPoint: null,
      unitCode: null,
      userId: chair.id,
    });
    add({
      id: 'secretary',
      name: secretary.displayName,
      role: 'secretary',
      connectionPoint: null,
      unitCode: null,
      userId: secretary.id,
    });
    for (const code of new Set(form.unitCodes.map((c) => c.toUpperCase()))) {
      const unit = this.#agency.unit(code);
      if (!unit || unit.disabled) throw new AppFailure('invalid_message', `unit ${code} is not in the directory`);
      add({
        id: `unit-${slug(unit.code)}`,
        name: unit.name,
        role: 'delegate',
        connectionPoint: unit.kind === 'province' ? connectionPointName(unit.name) : unit.name,
        unitCode: unit.code,
        userId: null,
      });
    }
    for (const userId of new Set(form.participantUserIds)) {
      if (userId === chair.id || userId === secretary.id) continue;
      const user = person(userId, 'participant');
      add({
        id: `user-${user.id.slice(0, 12)}`,
        name: user.displayName,
        role: 'delegate',
        connectionPoint: null,
        unitCode: null,
        userId: user.id,
      });
    }
    form.guests.forEach((name, i) =>
      add({ id: `guest-${i + 1}`, name, role: 'guest', connectionPoint: null, unitCode: null, userId: null }),
    );
    return out;
  }

  #writeParticipants(meetingId: string, people: PlannedParticipant[]): void {
    const keep = new Set(people.map((p) => p.id));
    const attended = new Set(
      (
        this.#db.prepare('SELECT DISTINCT participant_id FROM attendance WHERE meeting_id = ?').all(meetingId) as {
          participant_id: string;
        }[]
      ).map((r) => r.participant_id),
    );
    for (const { id } of this.#db.prepare('SELECT id FROM participants WHERE meeting_id = ?').all(meetingId) as {
      id: string;
    }[]) {
      // Someone who already attended stays on the record; only their place in the list may change.
      if (!keep.has(id) && !attended.has(id))
        this.#db.prepare('DELETE FROM participants WHERE meeting_id = ? AND id = ?').run(meetingId, id);
    }
    const upsert = this.#db.prepare(
      `INSERT INTO participants (meeting_id, id, name, role, connection_point, user_id, unit_code, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(meeting_id, id) DO UPDATE SET name = excluded.name, role = excluded.role,
         connection_point = excluded.connection_point, user_id = excluded.user_id, unit_code = excluded.unit_code,
         position = excluded.position`,
    );
    for (const p of people)
      upsert.run(meetingId, p.id, p.name, p.role, p.connectionPoint, p.userId, p.unitCode, p.position);
  }

  #writeAgenda(meetingId: string, agenda: MeetingForm['agenda']): void {
    this.#db.prepare('DELETE FROM agenda_items WHERE meeting_id = ?').run(meetingId);
    const insert = this.#db.prepare(
      `INSERT INTO agenda_items (meeting_id, position, id, title, presenter, duration_minutes, document_id)
       VALUES (?, ?, ?, ?, ?, ?, NULL)`,
    );
    const seen = new Set<string>();
    agenda.forEach((a, i) => {
      let id = a.id && !seen.has(a.id) ? a.id : `item-${randomUUID().slice(0, 8)}`;
      if (seen.has(id)) id = `item-${randomUUID().slice(0, 8)}`;
      seen.add(id);
      insert.run(meetingId, i, id, a.title, a.presenter, a.durationMinutes);
    });
  }
}

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function iso(value?: string): string {
  return (value === undefined ? new Date() : new Date(value)).toISOString();
}
