// WebRTC transports, producing and consuming media; every mediasoup call goes through the room (Room.ts).
import type { types } from 'mediasoup';
import { claimUnmute, mayUnmute } from '../../live/moderation.ts';
import { assertSharing } from '../../live/screenShare.ts';
import { joined, type HandlerMap } from '../context.ts';

type MediaRequests =
  | 'createTransport'
  | 'connectTransport'
  | 'restartIce'
  | 'produce'
  | 'setProducerPaused'
  | 'closeProducer'
  | 'ready'
  | 'resumeConsumer'
  | 'setConsumerVisible';

export const mediaHandlers: Pick<HandlerMap, MediaRequests> = {
  async createTransport(session, { direction }) {
    const { room, peer } = joined(session);
    const t = await room.createTransport(peer, direction);
    return {
      id: t.id,
      iceParameters: t.iceParameters,
      iceCandidates: t.iceCandidates,
      dtlsParameters: t.dtlsParameters,
    };
  },

  async connectTransport(session, { transportId, dtlsParameters }) {
    const { room, peer } = joined(session);
    await room.connectTransport(peer, transportId, dtlsParameters as unknown as types.DtlsParameters);
    return {};
  },

  async restartIce(session, { transportId }) {
    const { room, peer } = joined(session);
    return { iceParameters: await room.restartIce(peer, transportId) };
  },

  async produce(session, request, services) {
    const { room, peer } = joined(session);
    // A microphone the chair has muted starts paused at the SFU: its audio reaches nobody until allowed.
    const live = services.live.peek(room.meeting.id);
    // A screen is produced only by the participant holding the meeting's one share.
    assertSharing(live, peer, request.source);
    const paused = request.source === 'mic' && live !== undefined && !mayUnmute(live, peer);
    if (request.source === 'mic' && live && !paused) claimUnmute(live, peer);
    const producer = await room.produce(peer, {
      ...request,
      rtpParameters: request.rtpParameters as unknown as types.RtpParameters,
      paused,
    });
    return { producerId: producer.id };
  },

  async setProducerPaused(session, { producerId, paused }, services) {
    const { room, peer } = joined(session);
    const producer = peer.producer(producerId);
    const live = services.live.peek(room.meeting.id);
    if (!paused && live && (producer.appData as { source?: string }).source === 'mic') claimUnmute(live, peer);
    await room.setProducerPaused(peer, producerId, paused);
    return {};
  },

  async closeProducer(session, { producerId }) {
    const { room, peer } = joined(session);
    room.closeProducer(peer, producerId);
    return {};
  },

  async ready(session, { rtpCapabilities }) {
    const { room, peer } = joined(session);
    await room.ready(peer, rtpCapabilities as unknown as types.RtpCapabilities);
    return {};
  },

  async resumeConsumer(session, { consumerId }) {
    const { room, peer } = joined(session);
    await room.resumeConsumer(peer, consumerId);
    return {};
  },

  async setConsumerVisible(session, { consumerId, visible, layer }) {
    const { room, peer } = joined(session);
    await room.setConsumerVisible(peer, consumerId, visible, layer);
    return {};
  },
};
