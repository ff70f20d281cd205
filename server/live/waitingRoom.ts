// The waiting room: a person with a guest link knocks with their name; the chair admits or declines. Admission
// makes them a participant of the meeting (role guest) with a personal invitation, sent to their socket as a token
// to join with; removing them later revokes it. Which knock is a connection's own is the connection's to remember
// (the signalling session keeps it, and leaves the waiting room when it closes); here is only who waits where.
import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { WaitingGuest } from '../../common/meeting.ts';
import { participantToken, resolveGuestLink } from '../meetings/invitations.ts';
import type { PeerSocket } from '../rooms/Peer.ts';
import type { Services } from '../services.ts';
import type { LiveMeeting } from './LiveMeeting.ts';

/** More people than this waiting at once is not a meeting's waiting room but a flood. */
export const MAX_WAITING = 100;
/** How long an admitted guest's personal invitation stays valid. */
const GUEST_INVITATION_MS = 12 * 3600 * 1000;

/** A connection's place in a meeting's waiting room. */
export interface Knock {
  meetingId: string;
  waitingId: string;
}

export function waitingList(live: LiveMeeting): WaitingGuest[] {
  return [...live.waiting.values()].map(({ waitingId, name, knockedAt }) => ({ waitingId, name, knockedAt }));
}

function announce(live: LiveMeeting): void {
  live.toWho('board.view', 'waitingRoomChanged', { guests: waitingList(live) });
}

/**
 * `socket` (a connection that has not joined) knocks with a guest link. `previous` is its last knock: still waiting
 * at the same meeting, it stands; waiting at another meeting, it leaves that waiting room first.
 */
export function knock(
  services: Services,
  socket: PeerSocket,
  token: string,
  name: string,
  previous: Knock | null,
): Knock {
  const { meeting, invitation } = resolveGuestLink(services.meetings, services.tokenSecret, token);
  if (meeting.endedAt) throw new AppFailure('forbidden', 'the meeting has ended', 'meeting_ended');
  if (meeting.locked) throw new AppFailure('forbidden', 'the meeting is locked', 'meeting_locked');
  if (previous) {
    const stillWaiting = services.live.peek(previous.meetingId)?.waiting.get(previous.waitingId)?.socket === socket;
    if (stillWaiting && previous.meetingId === meeting.id) return previous;
    leaveWaitingRoom(services, previous);
  }
  const live = services.live.get(meeting.id);
  if (live.waiting.size >= MAX_WAITING) throw new AppFailure('rate_limited', 'the waiting room is full; try later');
  const waitingId = randomUUID();
  live.waiting.set(waitingId, {
    waitingId,
    name,
    knockedAt: new Date().toISOString(),
    socket,
    invitationId: invitation.id,
  });
  announce(live);
  return { meetingId: meeting.id, waitingId };
}

/** The knocking connection closed (or knocked elsewhere): it leaves the waiting room, if it is still there. */
export function leaveWaitingRoom(services: Services, knock: Knock): void {
  const live = services.live.peek(knock.meetingId);
  if (live?.waiting.delete(knock.waitingId)) announce(live);
}

function take(live: LiveMeeting, waitingId: string) {
  const entry = live.waiting.get(waitingId);
  if (!entry) throw new AppFailure('not_found', 'nobody with that id is waiting', 'not_waiting');
  live.waiting.delete(waitingId);
  announce(live);
  return entry;
}

export function admit(
  services: Services,
  live: LiveMeeting,
  waitingId: string,
): { participantId: string; name: string } {
  const entry = live.waiting.get(waitingId);
  if (!entry) throw new AppFailure('not_found', 'nobody with that id is waiting', 'not_waiting');
  // The guest link may have been revoked while they waited.
  const link = services.meetings.invitations.get(entry.invitationId);
  if (!link || link.revokedAt) {
    take(live, waitingId);
    entry.socket.emit('admissionDeclined', { waitingId });
    throw new AppFailure('unauthorized', 'the guest link was revoked meanwhile', 'invitation_revoked');
  }
  take(live, waitingId);
  const participant = services.meetings.addParticipant(live.meetingId, {
    id: `guest-${randomUUID().slice(0, 8)}`,
    name: entry.name,
    role: 'guest',
    connectionPoint: null,
  });
  const { token } = participantToken(
    services.tokenSecret,
    services.meetings,
    live.meetingId,
    participant,
    new Date(Date.now() + GUEST_INVITATION_MS),
  );
  entry.socket.emit('admitted', { token });
  return { participantId: participant.id, name: participant.name };
}

export function decline(live: LiveMeeting, waitingId: string): { name: string } {
  const entry = take(live, waitingId);
  entry.socket.emit('admissionDeclined', { waitingId });
  return { name: entry.name };
}

/** The meeting ended: everyone still waiting is told no. */
export function declineAll(live: LiveMeeting): void {
  for (const entry of live.waiting.values()) {
    entry.socket.emit('admissionDeclined', { waitingId: entry.waitingId });
  }
  live.waiting.clear();
}
