// What every participant needs to follow a chaired meeting: their role, the agenda and its current item, who has
// the floor, the spotlight, the speaking queue and the chair's microphone policy. Pure transitions applied by the
// floor store as notifications arrive; tested without a browser.
import type { AgendaState, FloorState, MicPolicy, SpeakingRequest } from '../../../common/meeting.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import type { JoinResponse } from '../../../common/protocol.ts';
import { positionOf } from '../../../common/speakingQueue.ts';

export interface FloorView {
  selfId: string | null;
  role: MeetingRole | null;
  locked: boolean;
  agenda: AgendaState | null;
  floor: FloorState | null;
  /** The speaker's time box has run out (nothing is cut; the chair decides). */
  timeUp: boolean;
  spotlightPeerId: string | null;
  queue: SpeakingRequest[];
  micPolicy: MicPolicy;
  /** Whether the chair holds this participant's microphone off. */
  mutedByChair: boolean;
  /** This participant asked the chair to be unmuted and waits for the answer. */
  unmuteAsked: boolean;
  /** When the chair last declined this participant's raised hand (shown briefly). */
  handDeclinedAt: number | null;
}

export const initialFloorView: FloorView = {
  selfId: null,
  role: null,
  locked: false,
  agenda: null,
  floor: null,
  timeUp: false,
  spotlightPeerId: null,
  queue: [],
  micPolicy: { muteOnJoin: false, selfUnmute: true },
  mutedByChair: false,
  unmuteAsked: false,
  handDeclinedAt: null,
};

/** The role the server authorises this participant as; older servers without `selfRole` imply it from the peer. */
export function roleOf(join: Pick<JoinResponse, 'self' | 'selfRole'>): MeetingRole {
  return join.selfRole ?? (join.self.guest ? 'guest' : join.self.role);
}

export function applyJoinState(view: FloorView, join: JoinResponse): FloorView {
  const state = join.state;
  return {
    ...view,
    selfId: join.self.id,
    role: roleOf(join),
    locked: state?.locked ?? false,
    agenda: state?.agenda ?? null,
    floor: state?.floor ?? null,
    timeUp: false,
    spotlightPeerId: state?.spotlightPeerId ?? null,
    queue: state?.queue ?? [],
    micPolicy: state?.micPolicy ?? initialFloorView.micPolicy,
    mutedByChair: state?.mutedByChair ?? false,
    unmuteAsked: false,
  };
}

export function applyFloorChanged(view: FloorView, floor: FloorState | null): FloorView {
  const mine = floor !== null && floor.peerId === view.selfId;
  return {
    ...view,
    floor,
    timeUp: false,
    // The floor lifts the chair's mute at the SFU; a participant losing the floor is muted again by the server.
    mutedByChair: mine ? false : view.mutedByChair,
    unmuteAsked: mine ? false : view.unmuteAsked,
  };
}

export function applyFloorTimeUp(view: FloorView, peerId: string): FloorView {
  return view.floor?.peerId === peerId ? { ...view, timeUp: true } : view;
}

export function applyMutedByChair(view: FloorView, canSelfUnmute: boolean): FloorView {
  return {
    ...view,
    mutedByChair: true,
    micPolicy: { ...view.micPolicy, selfUnmute: canSelfUnmute },
  };
}

export function applyUnmuteAnswer(view: FloorView, allowed: boolean): FloorView {
  return { ...view, unmuteAsked: false, mutedByChair: allowed ? false : view.mutedByChair };
}

/** The participant the stage shows large: the speaker holding the floor, else the chair's spotlight. */
export function stageFocus(
  view: Pick<FloorView, 'floor' | 'spotlightPeerId'>,
  presentIds: ReadonlySet<string>,
): string | null {
  const candidates = [view.floor?.peerId ?? null, view.spotlightPeerId];
  return candidates.find((id): id is string => id !== null && presentIds.has(id)) ?? null;
}

/** This participant's place in the speaking queue (1-based), or null. */
export function myPosition(view: Pick<FloorView, 'queue' | 'selfId'>): number | null {
  return view.selfId ? positionOf(view.queue, view.selfId) : null;
}

/** Whether this participant's microphone is held off and can only come back through the chair. */
export function needsChairToUnmute(view: Pick<FloorView, 'mutedByChair' | 'micPolicy'>): boolean {
  return view.mutedByChair && !view.micPolicy.selfUnmute;
}

/** The agenda item under way with its 1-based number, or null before the chair starts the first one. */
export function currentAgendaItem(agenda: AgendaState | null) {
  if (!agenda || agenda.currentIndex === null) return null;
  const item = agenda.items[agenda.currentIndex];
  return item ? { item, number: agenda.currentIndex + 1, total: agenda.items.length } : null;
}
