// Turns an invitation token into the meeting and participant it admits, or a typed refusal.
import { AppFailure } from '../../common/errors.ts';
import type { Meeting, MeetingStore, Participant } from './MeetingStore.ts';
import { verifyToken } from './tokens.ts';

export function resolveInvitation(
  meetings: MeetingStore,
  secret: string,
  token: string,
): { meeting: Meeting; participant: Participant } {
  const claims = verifyToken(secret, token);
  const meeting = meetings.get(claims.meetingId);
  if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${claims.meetingId} does not exist`);
  const participant = meetings.participant(meeting.id, claims.participantId);
  if (!participant || participant.role !== claims.role) {
    throw new AppFailure('unauthorized', 'this invitation is no longer valid for the meeting');
  }
  return { meeting, participant };
}
