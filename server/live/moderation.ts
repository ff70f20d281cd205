// The chair's controls over people's media and the floor. Muting pauses the microphone's producer on the server, so
// a muted participant's audio stops at the SFU whatever their client does; the client is told so it can show it.
import { AppFailure } from '../../common/errors.ts';
import type { FloorState } from '../../common/meeting.ts';
import type { Peer } from '../rooms/Peer.ts';
import type { Room } from '../rooms/Room.ts';
import type { Services } from '../services.ts';
import type { LiveMeeting } from './LiveMeeting.ts';
import { peerDeparted, relayStatus, type DepartureReason } from './presence.ts';

export function targetPeer(live: LiveMeeting, peerId: string): Peer {
  const peer = live.peer(peerId);
  if (!peer || peer.closed) throw new AppFailure('not_found', `participant ${peerId} is not in the meeting`);
  return peer;
}

async function pauseMic(room: Room, peer: Peer): Promise<void> {
  const mic = peer.producerFor('mic');
  if (mic && !mic.closed && !mic.paused) await room.setProducerPaused(peer, mic.id, true);
}

/** Whether this participant may turn their own microphone on now. */
export function mayUnmute(live: LiveMeeting, peer: Peer): boolean {
  const control = live.control(peer.id);
  return !control.mutedByChair || live.micPolicy.selfUnmute || live.floor?.peerId === peer.id;
}

/** A participant turns their microphone on: refused while muted by the chair, unless self-unmute is allowed. */
export function claimUnmute(live: LiveMeeting, peer: Peer): void {
  if (!mayUnmute(live, peer)) {
    throw new AppFailure('forbidden', 'the chair has muted you; ask to unmute', 'muted_by_chair');
  }
  const control = live.control(peer.id);
  if (control.mutedByChair) {
    control.mutedByChair = false;
    relayStatus(live, peer.participant);
  }
}

export async function mute(live: LiveMeeting, peer: Peer): Promise<void> {
  const control = live.control(peer.id);
  control.mutedByChair = true;
  control.unmuteRequested = false;
  await pauseMic(live.room!, peer);
  peer.socket.emit('mutedByChair', { canSelfUnmute: live.micPolicy.selfUnmute });
  relayStatus(live, peer.participant);
}

/** Mutes everyone but the chair; people joining later start muted too. */
export async function muteAll(live: LiveMeeting, allowSelfUnmute: boolean): Promise<number> {
  live.micPolicy = { muteOnJoin: true, selfUnmute: allowSelfUnmute };
  live.toAll('micPolicyChanged', live.micPolicy);
  const targets = live.peers().filter((p) => p.participant.role !== 'chair');
  for (const peer of targets) await mute(live, peer);
  if (live.floor && targets.some((p) => p.id === live.floor?.peerId)) {
    live.setFloor(null);
    live.toAll('floorChanged', { floor: null });
  }
  return targets.length;
}

export function answerUnmute(live: LiveMeeting, peer: Peer, allow: boolean): void {
  const control = live.control(peer.id);
  control.unmuteRequested = false;
  if (allow) control.mutedByChair = false;
  // The chair allows; the participant's own client turns the microphone on. Nobody's microphone is opened remotely.
  peer.socket.emit('unmuteAnswer', { allowed: allow });
  relayStatus(live, peer.participant);
}

export function stopCamera(live: LiveMeeting, peer: Peer): boolean {
  const cam = peer.producerFor('cam');
  if (!cam || cam.closed) return false;
  cam.close();
  peer.socket.emit('cameraStopped', {});
  return true;
}

function setSpotlight(live: LiveMeeting, peerId: string | null): void {
  if (live.spotlightPeerId === peerId) return;
  live.spotlightPeerId = peerId;
  live.toAll('spotlightChanged', { peerId });
}

export function spotlight(live: LiveMeeting, peerId: string | null): void {
  if (peerId !== null) targetPeer(live, peerId);
  setSpotlight(live, peerId);
}

/**
 * The chair gives the floor: the speaker is unmuted (their microphone resumed at the SFU, and their client told
 * to unmute) and spotlighted for everyone, with a speaking timer. The previous speaker, if any, is muted again.
 */
export async function giveFloor(live: LiveMeeting, peer: Peer, seconds: number | undefined): Promise<FloorState> {
  const previous = live.floor && live.floor.peerId !== peer.id ? live.peer(live.floor.peerId) : undefined;
  if (previous && previous.participant.role !== 'chair') await mute(live, previous);
  const startedAt = new Date();
  const floor: FloorState = {
    peerId: peer.id,
    name: peer.participant.name,
    startedAt: startedAt.toISOString(),
    endsAt: seconds ? new Date(startedAt.getTime() + seconds * 1000).toISOString() : null,
  };
  live.setFloor(floor, () => live.toAll('floorTimeUp', { peerId: peer.id }));
  const control = live.control(peer.id);
  control.mutedByChair = false;
  control.unmuteRequested = false;
  const mic = peer.producerFor('mic');
  if (mic && !mic.closed && mic.paused) await live.room!.setProducerPaused(peer, mic.id, false);
  if (live.queue.some((r) => r.peerId === peer.id)) {
    live.queue = live.queue.filter((r) => r.peerId !== peer.id);
    live.toAll('speakingQueue', { queue: live.queue });
  }
  live.toAll('floorChanged', { floor });
  setSpotlight(live, peer.id);
  relayStatus(live, peer.participant);
  return floor;
}

export async function endFloor(live: LiveMeeting, muteSpeaker: boolean): Promise<void> {
  const floor = live.floor;
  if (!floor) return;
  live.setFloor(null);
  const speaker = live.peer(floor.peerId);
  if (speaker && muteSpeaker && speaker.participant.role !== 'chair') await mute(live, speaker);
  live.toAll('floorChanged', { floor: null });
  if (live.spotlightPeerId === floor.peerId) setSpotlight(live, null);
}

/** Takes a participant out of the meeting: told why, then disconnected. */
export function expel(
  services: Services,
  live: LiveMeeting,
  peer: Peer,
  reason: Extract<DepartureReason, 'removed' | 'invitation_revoked' | 'meeting_ended'>,
): void {
  peer.socket.emit('removedFromMeeting', { reason });
  if (live.room) peerDeparted(services, live.room, peer, reason);
  peer.socket.disconnect(true);
}
