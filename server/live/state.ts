// The meeting state a client draws its controls from, assembled from the database and the live state.
import type { AgendaState, MeetingState, VoteInfo } from '../../common/meeting.ts';
import type { Meeting } from '../meetings/MeetingStore.ts';
import type { Services } from '../services.ts';
import type { LiveMeeting } from './LiveMeeting.ts';

export function agendaState(meeting: Meeting): AgendaState {
  const index = meeting.currentAgendaIndex;
  const item = index === null ? undefined : meeting.agenda[index];
  const startedAt = item ? meeting.agendaStartedAt : null;
  return {
    items: meeting.agenda,
    currentIndex: item ? index : null,
    startedAt,
    endsAt: item && startedAt ? new Date(Date.parse(startedAt) + item.durationMinutes * 60_000).toISOString() : null,
  };
}

export function openVote(services: Services, meetingId: string): VoteInfo | null {
  const vote = services.meetings.votes.open(meetingId);
  if (!vote) return null;
  const { eligible: _eligible, ...info } = vote;
  return info;
}

export function meetingState(
  services: Services,
  live: LiveMeeting,
  meeting: Meeting,
  participantId: string,
): MeetingState {
  return {
    locked: meeting.locked,
    endedAt: meeting.endedAt,
    agenda: agendaState(meeting),
    floor: live.floor,
    spotlightPeerId: live.spotlightPeerId,
    queue: live.queue,
    micPolicy: live.micPolicy,
    mutedByChair: live.control(participantId).mutedByChair,
    openVote: openVote(services, meeting.id),
  };
}
