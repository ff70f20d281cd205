// Votes (biểu quyết) while a meeting runs: opening with a deadline, one ballot each, a live count for the chair (the
// turnout only, for a secret vote), closing by the chair or the deadline with the result announced to everyone and
// recorded for the minutes.
import { AppFailure } from '../../common/errors.ts';
import type { VoteInfo } from '../../common/meeting.ts';
import { can } from '../../common/permissions.ts';
import { voteResult } from '../../common/votes.ts';
import type { Peer } from '../rooms/Peer.ts';
import type { Services } from '../services.ts';
import type { LiveMeeting } from './LiveMeeting.ts';
import { logger } from '../log.ts';

const log = logger('votes');

export interface OpenVoteRequest {
  question: string;
  options: string[];
  secret: boolean;
  durationSeconds: number;
  agendaItemId?: string | undefined;
}

function voteOf(services: Services, live: LiveMeeting, voteId: string) {
  const vote = services.meetings.votes.get(voteId);
  if (!vote || vote.meetingId !== live.meetingId)
    throw new AppFailure('not_found', `no vote ${voteId} in this meeting`);
  return vote;
}

export function openVote(services: Services, live: LiveMeeting, by: Peer, request: OpenVoteRequest): VoteInfo {
  if (services.meetings.votes.open(live.meetingId)) {
    throw new AppFailure('forbidden', 'another vote is open; close it first', 'vote_already_open');
  }
  if (request.agendaItemId) {
    const agenda = services.meetings.get(live.meetingId)?.agenda ?? [];
    if (!agenda.some((a) => a.id === request.agendaItemId)) {
      throw new AppFailure('not_found', `no agenda item ${request.agendaItemId}`);
    }
  }
  const voters = live.peers().filter((p) => can(p.participant.role, 'vote.cast'));
  live.voteEligible = new Set(voters.map((p) => p.id));
  const vote = services.meetings.votes.create(live.meetingId, {
    question: request.question,
    options: request.options,
    secret: request.secret,
    agendaItemId: request.agendaItemId ?? null,
    openedBy: by.id,
    deadline: new Date(Date.now() + request.durationSeconds * 1000),
    eligible: live.voteEligible.size,
  });
  const { eligible: _eligible, meetingId: _meetingId, ...info } = services.meetings.votes.get(vote.id)!;
  scheduleDeadline(services, live, info);
  live.toAll('voteOpened', info);
  return info;
}

/** After a restart of the room, the open vote's deadline is scheduled again. */
export function scheduleDeadline(services: Services, live: LiveMeeting, vote: Pick<VoteInfo, 'id' | 'deadline'>): void {
  live.setVoteTimer(vote.deadline, () => {
    try {
      closeVote(services, live, vote.id);
    } catch (error) {
      if (!(error instanceof AppFailure)) log.error('closing at the deadline failed', error);
    }
  });
}

/**
 * The chair's live count after each ballot. A secret vote's shows the turnout only: per-option counts after each
 * ballot would tell, in a small meeting, who chose what (compare the count before and after someone votes). Its
 * counts are announced with the result when the vote closes.
 */
function progress(services: Services, live: LiveMeeting, voteId: string): void {
  const vote = voteOf(services, live, voteId);
  const counts = services.meetings.votes.counts(voteId, vote.options.length);
  live.toWho('vote.manage', 'voteProgress', {
    voteId,
    cast: counts.reduce((a, b) => a + b, 0),
    eligible: vote.eligible,
    counts: vote.secret ? null : counts,
    ballots: vote.secret ? null : services.meetings.votes.ballots(voteId),
  });
}

export function castVote(services: Services, live: LiveMeeting, voter: Peer, voteId: string, option: number): void {
  const vote = voteOf(services, live, voteId);
  if (vote.closedAt) throw new AppFailure('forbidden', 'the vote is closed', 'vote_closed');
  if (Date.parse(vote.deadline) <= Date.now()) {
    closeVote(services, live, voteId);
    throw new AppFailure('forbidden', 'the vote is closed', 'vote_closed');
  }
  if (option >= vote.options.length) {
    throw new AppFailure('invalid_message', `option must be 0–${vote.options.length - 1}`);
  }
  services.meetings.votes.cast(voteId, voter.id, voter.participant.name, option, vote.secret);
  // Someone who joined after the vote opened may vote too; they count as eligible from then on.
  if (!live.voteEligible.has(voter.id)) {
    live.voteEligible.add(voter.id);
    services.meetings.votes.setEligible(voteId, Math.max(vote.eligible + 1, live.voteEligible.size));
  }
  progress(services, live, voteId);
}

export function closeVote(services: Services, live: LiveMeeting, voteId: string): VoteInfo {
  const vote = voteOf(services, live, voteId);
  if (vote.closedAt) throw new AppFailure('forbidden', 'the vote is already closed', 'vote_closed');
  const votes = services.meetings.votes;
  const result = voteResult(
    votes.counts(voteId, vote.options.length),
    vote.eligible,
    vote.secret ? null : votes.ballots(voteId),
  );
  if (!votes.close(voteId, result)) throw new AppFailure('forbidden', 'the vote is already closed', 'vote_closed');
  live.setVoteTimer(null);
  const { eligible: _eligible, meetingId: _meetingId, ...closed } = votes.get(voteId)!;
  live.toAll('voteClosed', closed);
  return closed;
}
