// Access while a meeting runs: the waiting room (knock, admit, decline), locking, guest links, revoking an
// invitation, and the meeting state a client draws its controls from.
import { AppFailure } from '../../../common/errors.ts';
import { guestLinkToken } from '../../meetings/invitations.ts';
import { expel } from '../../live/moderation.ts';
import { meetingState } from '../../live/state.ts';
import { admit, decline, knock, leaveWaitingRoom, waitingList, type Knock } from '../../live/waitingRoom.ts';
import { sessionSlot, type HandlerMap } from '../context.ts';
import { meetingContext } from '../meetingContext.ts';

type AccessRequests =
  | 'knock'
  | 'waitingRoom'
  | 'admitGuest'
  | 'declineGuest'
  | 'lockMeeting'
  | 'createGuestLink'
  | 'revokeInvitation'
  | 'meetingState';

/** The connection's knock at a waiting room, and the cancel of the cleanup that leaves it when the connection closes. */
const KNOCK = sessionSlot('waiting-room knock', () => ({
  current: null as { knock: Knock; cancel: () => void } | null,
}));

export const accessHandlers: Pick<HandlerMap, AccessRequests> = {
  async knock(session, { token, name }, services) {
    if (session.peer && !session.peer.closed) throw new AppFailure('already_joined', 'this connection has joined');
    const held = session.get(KNOCK);
    const made = knock(services, session.socket, token, name, held.current?.knock ?? null, session.address);
    if (made !== held.current?.knock) {
      held.current?.cancel();
      held.current = { knock: made, cancel: session.onClose(() => leaveWaitingRoom(services, made)) };
    }
    return { waitingId: made.waitingId };
  },

  async waitingRoom(session, _payload, services) {
    return { guests: waitingList(meetingContext(session, services).live) };
  },

  async admitGuest(session, { waitingId }, services) {
    const ctx = meetingContext(session, services);
    const admitted = admit(services, ctx.live, waitingId);
    ctx.audit('admitGuest', admitted.participantId, { name: admitted.name });
    return { participantId: admitted.participantId };
  },

  async declineGuest(session, { waitingId }, services) {
    const ctx = meetingContext(session, services);
    const { name } = decline(ctx.live, waitingId);
    ctx.audit('declineGuest', null, { name });
    return {};
  },

  async lockMeeting(session, { locked }, services) {
    const ctx = meetingContext(session, services);
    services.meetings.setLocked(ctx.meetingId, locked);
    ctx.live.toAll('meetingLocked', { locked });
    ctx.audit(locked ? 'lockMeeting' : 'unlockMeeting');
    return {};
  },

  async createGuestLink(session, { ttlMinutes }, services) {
    const ctx = meetingContext(session, services);
    const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
    const { token, invitation } = guestLinkToken(services.tokenSecret, services.meetings, ctx.meetingId, expiresAt);
    ctx.audit('createGuestLink', invitation.id, { expiresAt: expiresAt.toISOString() });
    return {
      url: `${services.config.publicUrl}/join?token=${token}`,
      token,
      expiresAt: expiresAt.toISOString(),
      invitationId: invitation.id,
    };
  },

  async revokeInvitation(session, { participantId }, services) {
    const ctx = meetingContext(session, services);
    const participant = services.meetings.participant(ctx.meetingId, participantId);
    if (!participant) throw new AppFailure('not_found', `no participant ${participantId} in this meeting`);
    if (participant.role === 'chair')
      throw new AppFailure('forbidden', "the chair's invitation cannot be revoked here", 'role');
    const revoked = services.meetings.invitations.revokeParticipant(ctx.meetingId, participantId);
    const peer = ctx.live.peer(participantId);
    if (peer) expel(services, ctx.live, peer, 'invitation_revoked');
    ctx.audit('revokeInvitation', participantId, { revoked });
    return { revoked };
  },

  async meetingState(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return { role: ctx.peer.participant.role, state: meetingState(services, ctx.live, ctx.meeting(), ctx.peer.id) };
  },
};
