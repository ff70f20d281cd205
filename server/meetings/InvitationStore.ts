// Invitations: each join link's token names one row here, so a link stops working the moment its row is revoked,
// whatever the token's own expiry says.
import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database.ts';

export type InvitationKind = 'participant' | 'guest_link';

export interface Invitation {
  id: string;
  meetingId: string;
  /** null for a guest link: it names nobody until the chair admits someone. */
  participantId: string | null;
  kind: InvitationKind;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

interface Row {
  id: string;
  meeting_id: string;
  participant_id: string | null;
  kind: InvitationKind;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const toInvitation = (r: Row): Invitation => ({
  id: r.id,
  meetingId: r.meeting_id,
  participantId: r.participant_id,
  kind: r.kind,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export class InvitationStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  issue(meetingId: string, participantId: string | null, kind: InvitationKind, expiresAt: Date): Invitation {
    const row: Row = {
      id: randomUUID(),
      meeting_id: meetingId,
      participant_id: participantId,
      kind,
      created_at: new Date().toISOString(),
      expires_at: expiresAt.toISOString(),
      revoked_at: null,
    };
    this.#db
      .prepare(
        `INSERT INTO invitations (id, meeting_id, participant_id, kind, created_at, expires_at)
         VALUES (@id, @meeting_id, @participant_id, @kind, @created_at, @expires_at)`,
      )
      .run(row);
    return toInvitation(row);
  }

  get(id: string): Invitation | undefined {
    const row = this.#db.prepare('SELECT * FROM invitations WHERE id = ?').get(id) as Row | undefined;
    return row ? toInvitation(row) : undefined;
  }

  forMeeting(meetingId: string): Invitation[] {
    return (
      this.#db.prepare('SELECT * FROM invitations WHERE meeting_id = ? ORDER BY created_at').all(meetingId) as Row[]
    ).map(toInvitation);
  }

  revoke(id: string): boolean {
    return (
      this.#db
        .prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(new Date().toISOString(), id).changes > 0
    );
  }

  /** Whether the participant holds an invitation to the meeting that is neither revoked nor expired. */
  hasActive(meetingId: string, participantId: string, now = new Date()): boolean {
    return (
      this.#db
        .prepare(
          `SELECT 1 FROM invitations WHERE meeting_id = ? AND participant_id = ? AND revoked_at IS NULL
           AND expires_at > ? LIMIT 1`,
        )
        .get(meetingId, participantId, now.toISOString()) !== undefined
    );
  }

  /** Revokes every active invitation of a participant; returns how many. */
  revokeParticipant(meetingId: string, participantId: string): number {
    return this.#db
      .prepare(
        `UPDATE invitations SET revoked_at = ? WHERE meeting_id = ? AND participant_id = ? AND revoked_at IS NULL`,
      )
      .run(new Date().toISOString(), meetingId, participantId).changes;
  }
}
