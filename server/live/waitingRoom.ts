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
/** People waiting with one guest link: a link passed around cannot fill the room by itself. */
export const MAX_WAITING_PER_LINK = 30;
/** People waiting from one client address (an office behind one gateway still brings a few guests). */
export const MAX_WAITING_PER_ADDRESS = 10;
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

const tooMany = (detail: string) => new AppFailure('rate_limited', detail, 'too_many_knocks');

/**
 * Refuses a knock that would flood the waiting room: the room's size, then the people already waiting with this link
 * and from this address, then the pace of knocks from this address and with this link (sockets come and go; the
 * address and the link stay).
 */
function checkFlood(services: Services, live: LiveMeeting, invitationId: string, address: string): void {
  const waiting = [...live.waiting.values()];
  if (waiting.length >= MAX_WAITING) {
    throw new AppFailure(
      'rate_limited',
      `the waiting room is full (${MAX_WAITING} people); try again later`,
      'waiting_room_full',
      { max: MAX_WAITING },
    );
  }
  if (waiting.filter((w) => w.invitationId === invitationId).length >= MAX_WAITING_PER_LINK) {
    throw tooMany(`${MAX_WAITING_PER_LINK} people are already waiting with this guest link; try again later`);
  }
  if (waiting.filter((w) => w.address === address).length >= MAX_WAITING_PER_ADDRESS) {
    throw tooMany(`${MAX_WAITING_PER_ADDRESS} people are already waiting from this address; try again later`);
  }
  if (!services.live.knocks.byAddress.take(address)) {
    throw tooMany('too many knocks from this address; wait a moment');
  }
  if (!services.live.knocks.byLink.take(invitationId)) {
    throw tooMany('too many knocks with this guest link; wait a moment');
  }
}

/**
 * `socket` (a connection that has not joined) knocks with a guest link, from the client `address`. `previous` is its
 * last knock: still waiting at the same meeting, it stands; waiting at another meeting, it leaves that room first.
 */
export function knock(
  services: Services,
  socket: PeerSocket,
  token: string,
  name: string,
  previous: Knock | null,
  address: string,
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
  checkFlood(services, live, invitation.id, address);
  const waitingId = randomUUID();
  live.waiting.set(waitingId, {
    waitingId,
    name,
    knockedAt: new Date().toISOString(),
    socket,
    invitationId: invitation.id,
    address,
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

/** A guest link was revoked: everyone waiting with it is told no. Returns how many. */
export function declineLink(live: LiveMeeting, invitationId: string): number {
  const turnedAway = [...live.waiting.values()].filter((w) => w.invitationId === invitationId);
  for (const entry of turnedAway) {
    live.waiting.delete(entry.waitingId);
    entry.socket.emit('admissionDeclined', { waitingId: entry.waitingId });
  }
  if (turnedAway.length > 0) announce(live);
  return turnedAway.length;
}

/** The meeting ended: everyone still waiting is told no. */
export function declineAll(live: LiveMeeting): void {
  for (const entry of live.waiting.values()) {
    entry.socket.emit('admissionDeclined', { waitingId: entry.waitingId });
  }
  live.waiting.clear();
}
