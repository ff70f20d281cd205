// Votes (biểu quyết): the chair opens and closes, delegates and the chair vote, everyone can read the results.
import * as voting from '../../live/voting.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext } from '../meetingContext.ts';

export const voteHandlers: Pick<HandlerMap, 'openVote' | 'castVote' | 'closeVote' | 'listVotes'> = {
  async openVote(session, request, services) {
    const ctx = meetingContext(session, services);
    const vote = voting.openVote(services, ctx.live, ctx.peer, request);
    ctx.audit('openVote', vote.id, { question: vote.question, secret: vote.secret, deadline: vote.deadline });
    return vote;
  },

  async castVote(session, { voteId, option }, services) {
    const ctx = meetingContext(session, services);
    voting.castVote(services, ctx.live, ctx.peer, voteId, option);
    return { voteId, option };
  },

  async closeVote(session, { voteId }, services) {
    const ctx = meetingContext(session, services);
    const vote = voting.closeVote(services, ctx.live, voteId);
    ctx.audit('closeVote', voteId, { counts: vote.result?.counts ?? null });
    return vote;
  },

  async listVotes(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return { votes: services.meetings.votes.list(ctx.meetingId) };
  },
};
