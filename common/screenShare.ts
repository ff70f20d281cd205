// Screen sharing and the meeting's media policy as the protocol carries them, and the pure rules over them: who
// may share (the chair and the secretary always, connection points when the chair allows, guests never), one
// share at a time (a second request waits for the chair), and who may start and stop a recording.
import type { MeetingRole } from './roles.ts';

/** Who is sharing a screen now. */
export interface ScreenSharer {
  peerId: string;
  name: string;
  connectionPoint: string | null;
  startedAt: string;
}

/** A participant who asked to share while someone else was: the chair decides. */
export interface ShareRequest {
  peerId: string;
  name: string;
  connectionPoint: string | null;
  askedAt: string;
}

export interface ScreenShareState {
  sharer: ScreenSharer | null;
  waiting: ShareRequest[];
}

/** The meeting's settings for screens and recording; the chair changes them in the room. */
export interface MediaPolicy {
  /** Connection points (delegates) may share their screen; the chair and the secretary always may. */
  delegatesMayShare: boolean;
  /** The secretary may start and stop the recording as well as the chair. */
  secretaryMayRecord: boolean;
  /** False: this meeting is never recorded. */
  recordingAllowed: boolean;
}

export const DEFAULT_MEDIA_POLICY: Readonly<MediaPolicy> = Object.freeze({
  delegatesMayShare: false,
  secretaryMayRecord: false,
  recordingAllowed: true,
});

export const NO_SHARE: Readonly<ScreenShareState> = Object.freeze({ sharer: null, waiting: [] });

/** Whether this role may share a screen under the meeting's policy. */
export function mayShareScreen(role: MeetingRole, policy: MediaPolicy): boolean {
  if (role === 'chair' || role === 'secretary') return true;
  return role === 'delegate' && policy.delegatesMayShare;
}

/** Whether this role may start and stop recording under the meeting's policy (never when recording is forbidden). */
export function mayControlRecording(role: MeetingRole, policy: MediaPolicy): boolean {
  if (!policy.recordingAllowed) return false;
  return role === 'chair' || (role === 'secretary' && policy.secretaryMayRecord);
}

/**
 * What a request to share does: `share` when the slot is free (or the caller holds it already), `wait` when
 * someone else shares (the request goes to the chair). The chair's own request replaces the current share.
 */
export function shareDecision(state: ScreenShareState, peerId: string, role: MeetingRole): 'share' | 'wait' {
  if (!state.sharer || state.sharer.peerId === peerId) return 'share';
  return role === 'chair' ? 'share' : 'wait';
}

/** The waiting list with this participant's request added once, in the order people asked. */
export function addRequest(waiting: readonly ShareRequest[], request: ShareRequest): ShareRequest[] {
  return waiting.some((r) => r.peerId === request.peerId) ? [...waiting] : [...waiting, request];
}
