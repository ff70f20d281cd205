// Joining and leaving a meeting. Joining checks the invitation (signature, expiry, not revoked), that the meeting
// has not ended and, when it is locked, that the participant may still come in; then the participant enters the
// media room and the live meeting (attendance, status board) and receives the meeting state.
import { AppFailure } from '../../../common/errors.ts';
import type { Meeting, Participant } from '../../meetings/MeetingStore.ts';
import { resolveInvitation } from '../../meetings/invitations.ts';
import { peerArrived, peerDeparted } from '../../live/presence.ts';
import { meetingState } from '../../live/state.ts';
import { scheduleDeadline } from '../../live/voting.ts';
import { Peer } from '../../rooms/Peer.ts';
import { joined, sessionSlot, type HandlerMap, type Session } from '../context.ts';
import type { Services } from '../../services.ts';

/**
 * A locked meeting admits no one new: the chair and secretary, and participants who were already in (a province
 * reconnecting after a drop), still get in; so do guests, whose admission was the chair's own decision.
 */
function checkAdmission(services: Services, meeting: Meeting, participant: Participant): void {
  if (meeting.endedAt) throw new AppFailure('forbidden', 'the meeting has ended', 'meeting_ended');
  if (!meeting.locked) return;
  if (['chair', 'secretary', 'guest'].includes(participant.role)) return;
  if (services.meetings.attendance.hasAttended(meeting.id, participant.id)) return;
  throw new AppFailure('forbidden', 'the meeting is locked', 'meeting_locked');
}

/** The cancel of the cleanup by which the joined peer departs, as `dropped`, when the connection closes. */
const DEPARTURE = sessionSlot('departure on close', () => ({ cancel: null as (() => void) | null }));

function departOnClose(session: Session, register: (() => () => void) | null): void {
  const held = session.get(DEPARTURE);
  held.cancel?.();
  held.cancel = register ? register() : null;
}

export const sessionHandlers: Pick<HandlerMap, 'join' | 'leave'> = {
  async join(session, { token }, services) {
    if (session.peer && !session.peer.closed) throw new AppFailure('already_joined', 'this connection has joined');
    const { meeting, participant, invitation } = resolveInvitation(services.meetings, services.tokenSecret, token);
    checkAdmission(services, meeting, participant);
    const room = await services.rooms.open(meeting);
    const live = services.live.get(meeting.id);
    if (live.attach(room)) {
      // A fresh room: connections left open by a server that stopped are closed, an open vote's deadline re-armed.
      services.meetings.attendance.closeDangling(meeting.id, new Date().toISOString());
      const vote = services.meetings.votes.open(meeting.id);
      if (vote) scheduleDeadline(services, live, vote);
    }
    // The meeting's minutes exist from its first join (reads of the record never create it).
    services.minutes.open(meeting.id);
    const peer = new Peer(participant, session.socket, invitation.id);
    room.addPeer(peer);
    session.peer = peer;
    session.room = room;
    peerArrived(services, live, peer);
    // A connection that drops has not left on purpose (a deliberate exit sends `leave` first). One that dropped while
    // this join was under way departs at once.
    departOnClose(session, () => session.onClose(() => peerDeparted(services, room, peer, 'dropped')));
    return {
      self: peer.info(),
      meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, place: meeting.place },
      routerRtpCapabilities: room.routerRtpCapabilities,
      peers: [...room.peers.values()].filter((p) => p !== peer).map((p) => p.info()),
      activeSpeakerId: room.activeSpeakerId,
      selfRole: participant.role,
      state: meetingState(services, live, meeting, participant.id),
    };
  },

  async leave(session, _payload, services) {
    const { room, peer } = joined(session);
    peerDeparted(services, room, peer, 'left');
    departOnClose(session, null);
    session.peer = null;
    session.room = null;
    return {};
  },
};
