// The meeting's one screen share: who holds it, who waits for the chair, and the moves between them. Holding the
// share is what allows a peer to produce the `screen` sources (the media handler asks `assertSharing`); ending a
// share closes those producers, so every client's surface goes with it. Start and end are in the audit log, which
// the minutes' timeline reads ("… trình bày màn hình 10:05–10:17").
import { AppFailure } from '../../common/errors.ts';
import type { MediaSource } from '../../common/media.ts';
import { addRequest } from '../../common/screenShare.ts';
import type { Peer } from '../rooms/Peer.ts';
import type { LiveMeeting } from './LiveMeeting.ts';

/** The sources a share produces: the screen and, where the platform offers it, its sound. */
export const SHARE_SOURCES: readonly MediaSource[] = ['screen', 'screenAudio'];

type Audit = (action: string, target: string | null, detail?: unknown) => void;

const now = () => new Date().toISOString();

function broadcast(live: LiveMeeting): void {
  live.toAll('screenShareChanged', live.screenShare.state());
}

function closeShareProducers(live: LiveMeeting, peerId: string): void {
  const peer = live.peer(peerId);
  if (!live.room || !peer) return;
  for (const source of SHARE_SOURCES) {
    const producer = peer.producerFor(source);
    if (producer && !producer.closed) live.room.closeProducer(peer, producer.id);
  }
}

/** Gives the share to `peer`; the current sharer's producers close and its share ends in the audit log. */
export function startShare(live: LiveMeeting, peer: Peer, audit: Audit): void {
  const slot = live.screenShare;
  if (slot.sharer?.peerId === peer.id) return;
  if (slot.sharer) endShare(live, slot.sharer.peerId, audit, false);
  slot.waiting = slot.waiting.filter((r) => r.peerId !== peer.id);
  const { participant } = peer;
  slot.sharer = {
    peerId: peer.id,
    name: participant.name,
    connectionPoint: participant.connectionPoint,
    startedAt: now(),
  };
  audit('screenShareStart', peer.id, { name: participant.name });
  broadcast(live);
}

/** Puts `peer` on the waiting list (the chair sees it in the next state); a second request changes nothing. */
export function askToShare(live: LiveMeeting, peer: Peer): void {
  const slot = live.screenShare;
  const { participant } = peer;
  slot.waiting = addRequest(slot.waiting, {
    peerId: peer.id,
    name: participant.name,
    connectionPoint: participant.connectionPoint,
    askedAt: now(),
  });
  broadcast(live);
}

/**
 * Ends `peerId`'s share (its screen producers close) or withdraws its waiting request. Returns whether anything
 * changed. `notify` false: the caller broadcasts the new state itself.
 */
export function endShare(live: LiveMeeting, peerId: string, audit: Audit, notify = true): boolean {
  const slot = live.screenShare;
  let changed = false;
  if (slot.sharer?.peerId === peerId) {
    const sharer = slot.sharer;
    slot.sharer = null;
    closeShareProducers(live, peerId);
    audit('screenShareEnd', peerId, { name: sharer.name, startedAt: sharer.startedAt });
    changed = true;
  }
  if (slot.waiting.some((r) => r.peerId === peerId)) {
    slot.waiting = slot.waiting.filter((r) => r.peerId !== peerId);
    changed = true;
  }
  if (changed && notify) broadcast(live);
  return changed;
}

/** The chair's answer to a waiting request: allowed, the share moves to them; declined, they are told so. */
export function answerRequest(live: LiveMeeting, target: Peer, allow: boolean, audit: Audit): void {
  const slot = live.screenShare;
  if (!slot.waiting.some((r) => r.peerId === target.id)) {
    throw new AppFailure('not_found', `${target.id} is not waiting to share`, 'not_waiting');
  }
  if (allow) startShare(live, target, audit);
  else {
    slot.waiting = slot.waiting.filter((r) => r.peerId !== target.id);
    broadcast(live);
  }
  live.toPeer(target.id, 'screenShareAnswer', { allowed: allow });
}

/** The media handler's guard: only the participant holding the share produces a screen. */
export function assertSharing(live: LiveMeeting | undefined, peer: Peer, source: MediaSource): void {
  if (!SHARE_SOURCES.includes(source)) return;
  if (live?.screenShare.sharer?.peerId !== peer.id) {
    throw new AppFailure('forbidden', 'ask to share (shareScreen) before producing a screen', 'not_sharing');
  }
}
