// Turns a token into what it admits, or a typed refusal. A token is good only while its signature verifies, it has
// not expired, and the invitation row it names is active for the same meeting and participant.
import { AppFailure } from '../../common/errors.ts';
import type { MeetingRole } from '../../common/roles.ts';
import type { Invitation } from './InvitationStore.ts';
import type { Meeting, MeetingStore, Participant } from './MeetingStore.ts';
import { issueToken, verifyToken, type TokenClaims } from './tokens.ts';

/** Seconds since the epoch. */
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

export function participantToken(
  secret: string,
  meetings: MeetingStore,
  meetingId: string,
  participant: { id: string; role: MeetingRole },
  expiresAt: Date,
): { token: string; invitation: Invitation } {
  const invitation = meetings.invitations.issue(meetingId, participant.id, 'participant', expiresAt);
  const token = issueToken(secret, {
    meetingId,
    participantId: participant.id,
    role: participant.role,
    exp: epoch(expiresAt),
    invitationId: invitation.id,
  });
  return { token, invitation };
}

export function guestLinkToken(
  secret: string,
  meetings: MeetingStore,
  meetingId: string,
  expiresAt: Date,
): { token: string; invitation: Invitation } {
  const invitation = meetings.invitations.issue(meetingId, null, 'guest_link', expiresAt);
  const token = issueToken(secret, {
    meetingId,
    participantId: 'guest-link',
    role: 'guest',
    exp: epoch(expiresAt),
    invitationId: invitation.id,
    guestLink: true,
  });
  return { token, invitation };
}

function activeInvitation(meetings: MeetingStore, claims: TokenClaims, now: number): Invitation {
  if (!claims.invitationId) throw new AppFailure('token_invalid', 'the token names no invitation');
  const invitation = meetings.invitations.get(claims.invitationId);
  const expectedParticipant = claims.guestLink ? null : claims.participantId;
  if (
    !invitation ||
    invitation.meetingId !== claims.meetingId ||
    invitation.participantId !== expectedParticipant ||
    (invitation.kind === 'guest_link') !== Boolean(claims.guestLink)
  ) {
    throw new AppFailure('token_invalid', 'the token does not match its invitation');
  }
  if (invitation.revokedAt !== null) {
    throw new AppFailure('unauthorized', 'this invitation has been revoked', 'invitation_revoked');
  }
  if (Date.parse(invitation.expiresAt) <= now) throw new AppFailure('token_expired', 'the invitation has expired');
  return invitation;
}

/**
 * Throws unless the invitation is still active for this participant of this meeting: what was given under it (a
 * signed download URL) dies with it, whatever its own expiry says.
 */
export function checkInvitationActive(
  meetings: MeetingStore,
  held: { invitationId: string; meetingId: string; participantId: string },
  now = Date.now(),
): void {
  activeInvitation(
    meetings,
    {
      meetingId: held.meetingId,
      participantId: held.participantId,
      role: 'delegate',
      exp: 0,
      invitationId: held.invitationId,
    },
    now,
  );
}

function meetingOf(meetings: MeetingStore, claims: TokenClaims): Meeting {
  const meeting = meetings.get(claims.meetingId);
  if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${claims.meetingId} does not exist`);
  return meeting;
}

export function resolveInvitation(
  meetings: MeetingStore,
  secret: string,
  token: string,
  now = Date.now(),
): { meeting: Meeting; participant: Participant; invitation: Invitation } {
  const claims = verifyToken(secret, token, now);
  const meeting = meetingOf(meetings, claims);
  if (claims.guestLink) {
    throw new AppFailure('forbidden', 'a guest link opens the waiting room: knock first', 'use_waiting_room');
  }
  const invitation = activeInvitation(meetings, claims, now);
  const participant = meetings.participant(meeting.id, claims.participantId);
  if (!participant || participant.role !== claims.role) {
    throw new AppFailure('unauthorized', 'this invitation is no longer valid for the meeting');
  }
  return { meeting, participant, invitation };
}

export function resolveGuestLink(
  meetings: MeetingStore,
  secret: string,
  token: string,
  now = Date.now(),
): { meeting: Meeting; invitation: Invitation } {
  const claims = verifyToken(secret, token, now);
  const meeting = meetingOf(meetings, claims);
  if (!claims.guestLink) {
    throw new AppFailure('invalid_message', 'this is a personal invitation: join with it directly', 'not_a_guest_link');
  }
  return { meeting, invitation: activeInvitation(meetings, claims, now) };
}
