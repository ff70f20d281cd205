// Which video the recording shows: what the meeting is looking at. A screen share first; otherwise the floor
// holder, the participant the chair spotlighted, the active speaker — the stage's own order — and while nobody is
// any of these, the last choice stays (no flapping between cameras in a silence), or the first camera there is.
// A focused participant without a camera is shown as such (the file shows black, as the stage shows a placeholder).
import type { MediaSource } from '../../common/media.ts';

export interface PeerVideo {
  peerId: string;
  /** The live (not paused) camera producer, if any. */
  cam: string | null;
  screen: string | null;
}

export interface StageView {
  sharerId: string | null;
  floorId: string | null;
  spotlightId: string | null;
  activeSpeakerId: string | null;
}

export interface ShownVideo {
  peerId: string;
  /** null: the focused participant has no video now. */
  producerId: string | null;
  source: Extract<MediaSource, 'cam' | 'screen'>;
}

export function chooseShownVideo(
  view: StageView,
  peers: readonly PeerVideo[],
  previous: ShownVideo | null,
): ShownVideo | null {
  const byId = new Map(peers.map((p) => [p.peerId, p] as const));
  const sharer = view.sharerId ? byId.get(view.sharerId) : undefined;
  if (sharer?.screen) return { peerId: sharer.peerId, producerId: sharer.screen, source: 'screen' };
  const focus = [view.floorId, view.spotlightId, view.activeSpeakerId]
    .map((id) => (id ? byId.get(id) : undefined))
    .find((p) => p !== undefined);
  if (focus) return { peerId: focus.peerId, producerId: focus.cam, source: 'cam' };
  const kept = previous ? byId.get(previous.peerId) : undefined;
  if (kept && previous?.source === 'cam') return { peerId: kept.peerId, producerId: kept.cam, source: 'cam' };
  const first = peers.find((p) => p.cam !== null);
  return first ? { peerId: first.peerId, producerId: first.cam, source: 'cam' } : null;
}

/** An interval of the recording during which one video (a producer id, or null for none) was shown. */
export interface ShownInterval {
  producerId: string | null;
  /** Wall-clock ms. */
  from: number;
  to: number | null;
}

/** The log of what was shown when, kept as intervals for joining the parts. */
export class ShownLog {
  readonly intervals: ShownInterval[] = [];

  get current(): string | null {
    const last = this.intervals.at(-1);
    return last && last.to === null ? last.producerId : null;
  }

  switchTo(producerId: string | null, at: number): void {
    const last = this.intervals.at(-1);
    if (last && last.to === null) {
      if (last.producerId === producerId) return;
      last.to = at;
    }
    this.intervals.push({ producerId, from: at, to: null });
  }

  close(at: number): void {
    const last = this.intervals.at(-1);
    if (last && last.to === null) last.to = at;
  }
}
