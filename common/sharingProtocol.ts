// The screen-sharing and recording part of the signalling protocol: request schemas, responses and notifications.
// protocol.ts registers them with every other request, so it stays the one place that names the protocol; the
// shapes are screenShare.ts and recording.ts.
import { z } from 'zod';
import type { RecordingChange, RecordingInfo, RecordingState } from './recording.ts';
import type { MediaPolicy, ScreenShareState } from './screenShare.ts';
import { empty, id } from './schemaFields.ts';

export const sharingRequestSchemas = {
  /** The screen share, the media policy and the recording as they are now (on join, and after a reconnection). */
  mediaState: empty,
  /** Ask to share a screen: answered `sharing` (produce source `screen` now) or `waiting` (the chair decides). */
  shareScreen: empty,
  /** Stop one's own share, or withdraw one's waiting request. */
  stopScreenShare: empty,
  /** The chair lets a waiting participant share (ending the current share) or declines. */
  answerScreenShare: z.object({ peerId: id, allow: z.boolean() }).strict(),
  /** The chair stops anyone's share. */
  endScreenShare: z.object({ peerId: id }).strict(),
  /** The chair changes the meeting's media policy; fields left out keep their value. */
  setMediaPolicy: z
    .object({
      delegatesMayShare: z.boolean().optional(),
      secretaryMayRecord: z.boolean().optional(),
      recordingAllowed: z.boolean().optional(),
    })
    .strict(),
  startRecording: empty,
  stopRecording: empty,
  /** The meeting's recordings, newest first. */
  listRecordings: empty,
  /** A short-lived signed URL to play or download a finished recording. */
  recordingUrl: z.object({ recordingId: id }).strict(),
  deleteRecording: z.object({ recordingId: id }).strict(),
} as const;

export interface MediaStateResponse {
  screenShare: ScreenShareState;
  policy: MediaPolicy;
  recording: RecordingState;
}

type Empty = Record<string, never>;

export interface SharingResponseMap {
  mediaState: MediaStateResponse;
  shareScreen: { state: 'sharing' | 'waiting' };
  stopScreenShare: Empty;
  answerScreenShare: Empty;
  endScreenShare: Empty;
  setMediaPolicy: MediaPolicy;
  startRecording: RecordingState;
  stopRecording: RecordingState;
  listRecordings: { recordings: RecordingInfo[] };
  /** `url` is a path: resolve it against the server's origin. Valid until `expiresAt`. */
  recordingUrl: { url: string; expiresAt: string };
  deleteRecording: Empty;
}

export interface SharingNotificationMap {
  /** Who shares and who waits; to everyone on every change. */
  screenShareChanged: ScreenShareState;
  /** To a participant whose waiting request the chair answered. */
  screenShareAnswer: { allowed: boolean };
  mediaPolicyChanged: MediaPolicy;
  /** To everyone: a recording started, stopped or resumed, with a notice to show once. */
  recordingChanged: RecordingChange;
  /** A recording of the meeting changed (processed, failed, deleted: `deleted` true). */
  recordingUpdated: { recording: RecordingInfo; deleted?: boolean };
}
