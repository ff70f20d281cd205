// Joining and leaving a meeting.
import { AppFailure } from '../../../common/errors.ts';
import { resolveInvitation } from '../../meetings/invitations.ts';
import { Peer } from '../../rooms/Peer.ts';
import { joined, type HandlerMap } from '../context.ts';

export const sessionHandlers: Pick<HandlerMap, 'join' | 'leave'> = {
  async join(session, { token }, services) {
    if (session.peer && !session.peer.closed) throw new AppFailure('already_joined', 'this connection has joined');
    const { meeting, participant } = resolveInvitation(services.meetings, services.tokenSecret, token);
    const room = await services.rooms.open(meeting);
    const peer = new Peer(participant, session.socket);
    room.addPeer(peer);
    session.peer = peer;
    session.room = room;
    return {
      self: peer.info(),
      meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, place: meeting.place },
      routerRtpCapabilities: room.routerRtpCapabilities,
      peers: [...room.peers.values()].filter((p) => p !== peer).map((p) => p.info()),
      activeSpeakerId: room.activeSpeakerId,
    };
  },

  async leave(session) {
    const { room, peer } = joined(session);
    room.removePeer(peer);
    session.peer = null;
    session.room = null;
    return {};
  },
};
