// The floor and speaking requests (xin phát biểu): raising a hand with a topic, the ordered queue everyone sees,
// the chair granting (giving the floor), declining and reordering.
import { AppFailure } from '../../../common/errors.ts';
import { move, positionOf, raise } from '../../../common/speakingQueue.ts';
import * as moderation from '../../live/moderation.ts';
import { relayStatus } from '../../live/presence.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext } from '../meetingContext.ts';

type FloorRequests = 'giveFloor' | 'endFloor' | 'raiseHand' | 'lowerHand' | 'declineHand' | 'moveHand';

export const floorHandlers: Pick<HandlerMap, FloorRequests> = {
  async giveFloor(session, { peerId, seconds }, services) {
    const ctx = meetingContext(session, services);
    const floor = await moderation.giveFloor(ctx.live, moderation.targetPeer(ctx.live, peerId), seconds);
    ctx.audit('giveFloor', peerId, { seconds: seconds ?? null });
    return { floor };
  },

  async endFloor(session, { mute }, services) {
    const ctx = meetingContext(session, services);
    const speaker = ctx.live.floor?.peerId ?? null;
    await moderation.endFloor(ctx.live, mute ?? true);
    if (speaker) ctx.audit('endFloor', speaker);
    return {};
  },

  async raiseHand(session, { topic }, services) {
    const ctx = meetingContext(session, services);
    if (ctx.live.floor?.peerId === ctx.peer.id) throw new AppFailure('invalid_message', 'you have the floor already');
    ctx.live.queue = raise(ctx.live.queue, {
      peerId: ctx.peer.id,
      name: ctx.peer.participant.name,
      connectionPoint: ctx.peer.participant.connectionPoint,
      topic: topic && topic.length > 0 ? topic : null,
      raisedAt: new Date().toISOString(),
    });
    ctx.live.toAll('speakingQueue', { queue: ctx.live.queue });
    relayStatus(ctx.live, ctx.peer.participant);
    return { position: positionOf(ctx.live.queue, ctx.peer.id)! };
  },

  async lowerHand(session, _payload, services) {
    const ctx = meetingContext(session, services);
    if (positionOf(ctx.live.queue, ctx.peer.id) === null) return {};
    ctx.live.queue = ctx.live.queue.filter((r) => r.peerId !== ctx.peer.id);
    ctx.live.toAll('speakingQueue', { queue: ctx.live.queue });
    relayStatus(ctx.live, ctx.peer.participant);
    return {};
  },

  async declineHand(session, { peerId }, services) {
    const ctx = meetingContext(session, services);
    if (positionOf(ctx.live.queue, peerId) === null) {
      throw new AppFailure('not_found', `${peerId} has not asked to speak`, 'not_in_queue');
    }
    ctx.live.queue = ctx.live.queue.filter((r) => r.peerId !== peerId);
    ctx.live.toPeer(peerId, 'speakingRequestDeclined', {});
    ctx.live.toAll('speakingQueue', { queue: ctx.live.queue });
    const participant = ctx.live.peer(peerId)?.participant;
    if (participant) relayStatus(ctx.live, participant);
    ctx.audit('declineHand', peerId);
    return {};
  },

  async moveHand(session, { peerId, position }, services) {
    const ctx = meetingContext(session, services);
    if (positionOf(ctx.live.queue, peerId) === null) {
      throw new AppFailure('not_found', `${peerId} has not asked to speak`, 'not_in_queue');
    }
    ctx.live.queue = move(ctx.live.queue, peerId, position);
    ctx.live.toAll('speakingQueue', { queue: ctx.live.queue });
    ctx.audit('moveHand', peerId, { position });
    return { queue: ctx.live.queue };
  },
};
