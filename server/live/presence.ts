// Presence and the connection status board: who is expected, who is here, their microphone, camera and network,
// when they were last seen; attendance rows opened and closed as people come and go; alerts to the chair and
// secretary when a connection point drops, comes back, or its network turns poor.
import type { NetworkReport, Presence, StatusAlertKind, StatusEntry } from '../../common/meeting.ts';
import { networkQuality } from '../../common/networkQuality.ts';
import type { Meeting, Participant } from '../meetings/MeetingStore.ts';
import type { Peer } from '../rooms/Peer.ts';
import type { Room } from '../rooms/Room.ts';
import type { Services } from '../services.ts';
import type { LiveMeeting } from './LiveMeeting.ts';
import { endShare } from './screenShare.ts';

/** Network stats are relayed to the hosts at most this often per participant, unless the quality changes. */
const RELAY_INTERVAL_MS = 2000;

export type DepartureReason = 'left' | 'dropped' | 'removed' | 'invitation_revoked' | 'meeting_ended';

const PRESENCE_AFTER: Record<DepartureReason, Presence> = {
  left: 'left',
  dropped: 'dropped',
  removed: 'removed',
  invitation_revoked: 'removed',
  meeting_ended: 'left',
};

const now = () => new Date().toISOString();

export function statusEntry(live: LiveMeeting, participant: Participant): StatusEntry {
  const control = live.controls.get(participant.id);
  const peer = live.peer(participant.id);
  const info = peer?.info();
  return {
    participantId: participant.id,
    name: participant.name,
    role: participant.role,
    connectionPoint: participant.connectionPoint,
    presence: peer ? 'online' : (control?.presence ?? 'absent'),
    micOn: info?.micOn ?? false,
    camOn: info?.camOn ?? false,
    mutedByChair: control?.mutedByChair ?? false,
    handRaised: live.queue.some((r) => r.peerId === participant.id),
    network: control?.network ?? null,
    quality: peer ? networkQuality(control?.network ?? null) : 'unknown',
    joinedAt: control?.joinedAt ?? null,
    lastSeen: control?.lastSeen ?? null,
  };
}

/** One entry per expected participant and connection point, plus admitted guests, in the meeting's order. */
export function statusBoard(live: LiveMeeting, meeting: Meeting): StatusEntry[] {
  return meeting.participants.map((p) => statusEntry(live, p));
}

export function relayStatus(live: LiveMeeting, participant: Participant): void {
  live.control(participant.id).lastRelayAt = Date.now();
  live.toWho('board.view', 'statusChanged', statusEntry(live, participant));
}

function alert(live: LiveMeeting, participant: Participant, kind: StatusAlertKind): void {
  live.toWho('board.view', 'statusAlert', {
    participantId: participant.id,
    name: participant.name,
    connectionPoint: participant.connectionPoint,
    kind,
    at: now(),
  });
}

/** A peer joined: attendance opens, the chair's mute-on-join applies, the hosts see the entry turn online. */
export function peerArrived(services: Services, live: LiveMeeting, peer: Peer): void {
  const control = live.control(peer.id);
  const cameBack = control.presence === 'dropped';
  const at = now();
  // A second connection with the same invitation replaced the first: close the first one's attendance row.
  if (control.attendanceId !== null) services.meetings.attendance.close(control.attendanceId, at, 'replaced');
  control.attendanceId = services.meetings.attendance.open(live.meetingId, peer.id, at);
  control.presence = 'online';
  control.joinedAt = at;
  control.lastSeen = at;
  control.network = null;
  if (live.micPolicy.muteOnJoin && peer.participant.role !== 'chair') control.mutedByChair = true;
  relayStatus(live, peer.participant);
  if (cameBack) alert(live, peer.participant, 'rejoined');
}

/**
 * A peer leaves the room for `reason`: it is removed from the media room, its attendance row closes, and it loses
 * its place in the queue and the floor. Does nothing for a peer that is no longer the room's (already replaced).
 */
export function peerDeparted(services: Services, room: Room, peer: Peer, reason: DepartureReason): void {
  if (room.peers.get(peer.id) !== peer) return;
  room.removePeer(peer);
  const live = services.live.peek(room.meeting.id);
  if (!live) return;
  const control = live.control(peer.id);
  const at = now();
  if (control.attendanceId !== null) services.meetings.attendance.close(control.attendanceId, at, reason);
  control.attendanceId = null;
  control.presence = PRESENCE_AFTER[reason];
  control.lastSeen = at;
  control.unmuteRequested = false;
  if (live.queue.some((r) => r.peerId === peer.id)) {
    live.queue = live.queue.filter((r) => r.peerId !== peer.id);
    live.toAll('speakingQueue', { queue: live.queue });
  }
  if (live.floor?.peerId === peer.id) {
    live.setFloor(null);
    live.toAll('floorChanged', { floor: null });
  }
  if (live.spotlightPeerId === peer.id) {
    live.spotlightPeerId = null;
    live.toAll('spotlightChanged', { peerId: null });
  }
  endShare(live, peer.id, (action, target, detail) =>
    services.meetings.audit.append(
      live.meetingId,
      { id: peer.id, name: peer.participant.name },
      action,
      target,
      detail,
    ),
  );
  relayStatus(live, peer.participant);
  if (reason === 'dropped') alert(live, peer.participant, 'dropped');
  else if (reason === 'left') alert(live, peer.participant, 'left');
}

export function touch(live: LiveMeeting, participantId: string): void {
  live.control(participantId).lastSeen = now();
}

export function reportNetwork(
  live: LiveMeeting,
  peer: Peer,
  stats: Omit<NetworkReport, 'at'>,
): ReturnType<typeof networkQuality> {
  const control = live.control(peer.id);
  const before = networkQuality(control.network);
  control.network = { ...stats, at: now() };
  control.lastSeen = control.network.at;
  const after = networkQuality(control.network);
  if (after !== before || Date.now() - control.lastRelayAt >= RELAY_INTERVAL_MS) relayStatus(live, peer.participant);
  if (after === 'poor' && before !== 'poor') alert(live, peer.participant, 'poor_network');
  if (before === 'poor' && after !== 'poor') alert(live, peer.participant, 'network_recovered');
  return after;
}
