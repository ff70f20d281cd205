// Keeps the floor view in step with the server: the join answer, then every notification about the agenda, the
// floor, the spotlight, the queue and the microphone policy.
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import {
  applyFloorChanged,
  applyFloorTimeUp,
  applyJoinState,
  applyMutedByChair,
  applyUnmuteAnswer,
  initialFloorView,
  type FloorView,
} from './floorState.ts';

export class FloorStore extends Store<FloorView> {
  constructor() {
    super(initialFloorView);
  }

  /** Follows a session until the returned function is called. */
  attach(session: MeetingSession): () => void {
    const offs = [
      session.onJoined((join) => this.update((v) => applyJoinState(v, join))),
      session.on('speakingQueue', ({ queue }) => this.update((v) => ({ ...v, queue }))),
      session.on('floorChanged', ({ floor }) => this.update((v) => applyFloorChanged(v, floor))),
      session.on('floorTimeUp', ({ peerId }) => this.update((v) => applyFloorTimeUp(v, peerId))),
      session.on('spotlightChanged', ({ peerId }) => this.update((v) => ({ ...v, spotlightPeerId: peerId }))),
      session.on('agendaChanged', (agenda) => this.update((v) => ({ ...v, agenda }))),
      session.on('meetingLocked', ({ locked }) => this.update((v) => ({ ...v, locked }))),
      session.on('micPolicyChanged', (micPolicy) => this.update((v) => ({ ...v, micPolicy }))),
      session.on('mutedByChair', ({ canSelfUnmute }) => this.update((v) => applyMutedByChair(v, canSelfUnmute))),
      session.on('unmuteAnswer', ({ allowed }) => this.update((v) => applyUnmuteAnswer(v, allowed))),
      session.on('speakingRequestDeclined', () => this.update((v) => ({ ...v, handDeclinedAt: Date.now() }))),
    ];
    return () => offs.forEach((off) => off());
  }

  markUnmuteAsked(): void {
    this.update((v) => ({ ...v, unmuteAsked: true }));
  }
}
