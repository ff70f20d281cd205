// The chair's controls: microphones and cameras, spotlight, removing a participant, the agenda, ending the meeting.
import { AppFailure } from '../../../common/errors.ts';
import * as moderation from '../../live/moderation.ts';
import { peerDeparted } from '../../live/presence.ts';
import { agendaState, openVote } from '../../live/state.ts';
import { closeVote } from '../../live/voting.ts';
import { declineAll } from '../../live/waitingRoom.ts';
import type { HandlerMap } from '../context.ts';
import type { Services } from '../../services.ts';
import { meetingContext, type MeetingContext } from '../meetingContext.ts';

type ChairRequests =
  | 'muteParticipant'
  | 'muteAll'
  | 'requestUnmute'
  | 'answerUnmute'
  | 'stopCamera'
  | 'spotlight'
  | 'removeParticipant'
  | 'setAgendaItem'
  | 'nextAgendaItem'
  | 'endMeeting';

function startAgendaItem(services: Services, ctx: MeetingContext, index: number) {
  const meeting = ctx.meeting();
  const item = meeting.agenda[index];
  if (!item) throw new AppFailure('not_found', `the agenda has ${meeting.agenda.length} items`, 'agenda_end');
  services.meetings.setAgendaPosition(ctx.meetingId, index, new Date().toISOString());
  const state = agendaState(ctx.meeting());
  ctx.live.toAll('agendaChanged', state);
  ctx.audit('startAgendaItem', item.id, { index, title: item.title });
  return state;
}

export const chairHandlers: Pick<HandlerMap, ChairRequests> = {
  async muteParticipant(session, { peerId }, services) {
    const ctx = meetingContext(session, services);
    await moderation.mute(ctx.live, moderation.targetPeer(ctx.live, peerId));
    ctx.audit('muteParticipant', peerId);
    return {};
  },

  async muteAll(session, { allowSelfUnmute }, services) {
    const ctx = meetingContext(session, services);
    const muted = await moderation.muteAll(ctx.live, allowSelfUnmute);
    ctx.audit('muteAll', null, { allowSelfUnmute, muted });
    return { muted };
  },

  async requestUnmute(session, _payload, services) {
    const ctx = meetingContext(session, services);
    const control = ctx.live.control(ctx.peer.id);
    if (!control.mutedByChair) return {};
    control.unmuteRequested = true;
    ctx.live.toWho('unmute.answer', 'unmuteRequested', { peerId: ctx.peer.id, name: ctx.peer.participant.name });
    return {};
  },

  async answerUnmute(session, { peerId, allow }, services) {
    const ctx = meetingContext(session, services);
    moderation.answerUnmute(ctx.live, moderation.targetPeer(ctx.live, peerId), allow);
    ctx.audit(allow ? 'allowUnmute' : 'declineUnmute', peerId);
    return {};
  },

  async stopCamera(session, { peerId }, services) {
    const ctx = meetingContext(session, services);
    moderation.stopCamera(ctx.live, moderation.targetPeer(ctx.live, peerId));
    ctx.audit('stopCamera', peerId);
    return {};
  },

  async spotlight(session, { peerId }, services) {
    const ctx = meetingContext(session, services);
    moderation.spotlight(ctx.live, peerId);
    ctx.audit('spotlight', peerId);
    return {};
  },

  async removeParticipant(session, { peerId, ban }, services) {
    const ctx = meetingContext(session, services);
    const target = moderation.targetPeer(ctx.live, peerId);
    if (target === ctx.peer) throw new AppFailure('invalid_message', 'use leave or endMeeting to leave yourself');
    // A removed guest never comes back on the same admission; others only when the chair bans them.
    const revoke = ban === true || target.participant.role === 'guest';
    if (revoke) services.meetings.invitations.revokeParticipant(ctx.meetingId, peerId);
    moderation.expel(services, ctx.live, target, 'removed');
    ctx.audit('removeParticipant', peerId, { revoked: revoke });
    return {};
  },

  async setAgendaItem(session, { index }, services) {
    return startAgendaItem(services, meetingContext(session, services), index);
  },

  async nextAgendaItem(session, _payload, services) {
    const ctx = meetingContext(session, services);
    const current = ctx.meeting().currentAgendaIndex;
    return startAgendaItem(services, ctx, current === null ? 0 : current + 1);
  },

  async endMeeting(session, _payload, services) {
    const ctx = meetingContext(session, services);
    const endedAt = new Date().toISOString();
    const vote = openVote(services, ctx.meetingId);
    if (vote) closeVote(services, ctx.live, vote.id);
    services.meetings.setEnded(ctx.meetingId, endedAt);
    await services.recordings.stopIfRunning(ctx.meetingId, 'meeting_ended');
    ctx.audit('endMeeting');
    await moderation.endFloor(ctx.live, false);
    ctx.live.toAll('meetingEnded', { endedAt });
    declineAll(ctx.live);
    for (const peer of ctx.live.peers()) {
      if (peer !== ctx.peer) moderation.expel(services, ctx.live, peer, 'meeting_ended');
    }
    // The chair's own connection stays open long enough to receive this answer; it is out of the room already.
    peerDeparted(services, ctx.room, ctx.peer, 'meeting_ended');
    session.peer = null;
    session.room = null;
    return {};
  },
};
