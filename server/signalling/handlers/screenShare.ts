// Screen sharing and the meeting's media policy: asking to share (at once when nobody shares, else the chair
// decides), stopping, the chair's answers and stops, and the state a client draws the surface and controls from.
import { AppFailure } from '../../../common/errors.ts';
import { mayShareScreen, shareDecision } from '../../../common/screenShare.ts';
import { targetPeer } from '../../live/moderation.ts';
import { answerRequest, askToShare, endShare, startShare } from '../../live/screenShare.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext } from '../meetingContext.ts';

type ShareRequests =
  'mediaState' | 'shareScreen' | 'stopScreenShare' | 'answerScreenShare' | 'endScreenShare' | 'setMediaPolicy';

export const screenShareHandlers: Pick<HandlerMap, ShareRequests> = {
  async mediaState(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return {
      screenShare: ctx.live.screenShare.state(),
      policy: services.recordings.policies.get(ctx.meetingId),
      recording: services.recordings.state(ctx.meetingId),
    };
  },

  async shareScreen(session, _payload, services) {
    const ctx = meetingContext(session, services);
    const { role } = ctx.peer.participant;
    if (!mayShareScreen(role, services.recordings.policies.get(ctx.meetingId))) {
      throw new AppFailure('forbidden', 'the chair has not allowed connection points to share', 'share_not_allowed');
    }
    const audit = ctx.audit;
    if (shareDecision(ctx.live.screenShare.state(), ctx.peer.id, role) === 'share') {
      startShare(ctx.live, ctx.peer, audit);
      return { state: 'sharing' };
    }
    askToShare(ctx.live, ctx.peer);
    return { state: 'waiting' };
  },

  async stopScreenShare(session, _payload, services) {
    const ctx = meetingContext(session, services);
    endShare(ctx.live, ctx.peer.id, ctx.audit);
    return {};
  },

  async answerScreenShare(session, { peerId, allow }, services) {
    const ctx = meetingContext(session, services);
    answerRequest(ctx.live, targetPeer(ctx.live, peerId), allow, ctx.audit);
    if (!allow) ctx.audit('declineScreenShare', peerId);
    return {};
  },

  async endScreenShare(session, { peerId }, services) {
    const ctx = meetingContext(session, services);
    if (!endShare(ctx.live, targetPeer(ctx.live, peerId).id, ctx.audit)) {
      throw new AppFailure('not_found', `${peerId} is not sharing`, 'not_sharing');
    }
    return {};
  },

  async setMediaPolicy(session, change, services) {
    const ctx = meetingContext(session, services);
    const policy = services.recordings.policies.update(ctx.meetingId, change);
    ctx.audit('setMediaPolicy', null, change);
    ctx.live.toAll('mediaPolicyChanged', policy);
    // Connection points may no longer share: a share of theirs under way ends, waiting requests are dropped.
    if (!policy.delegatesMayShare) {
      for (const id of [ctx.live.screenShare.sharer?.peerId, ...ctx.live.screenShare.waiting.map((r) => r.peerId)]) {
        const peer = id ? ctx.live.peer(id) : undefined;
        if (peer && !mayShareScreen(peer.participant.role, policy)) endShare(ctx.live, peer.id, ctx.audit);
      }
    }
    if (!policy.recordingAllowed) await services.recordings.stopIfRunning(ctx.meetingId, 'stopped');
    return policy;
  },
};
