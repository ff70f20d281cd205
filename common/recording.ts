// The meeting's recording as the protocol and the HTTP API carry it: whether one is running (everyone sees the
// indicator, late joiners too), why it stopped, and the finished files with their chapters. Types only; the
// rules over who may record are in screenShare.ts beside the meeting's media policy.

/** Why a recording stopped: asked for, the meeting ended, the disk ran low, or the recorder failed. */
export type RecordingStopReason = 'stopped' | 'meeting_ended' | 'disk_low' | 'failed';

/** What is running now; `active` false between recordings. */
export interface RecordingState {
  active: boolean;
  recordingId: string | null;
  startedAt: string | null;
  /** Who started it (a name, as shown in the notice). */
  startedBy: string | null;
}

/** A notice that comes with a change of the recording state: everyone sees it once. */
export type RecordingNotice = 'started' | 'stopped' | 'disk_low' | 'failed' | 'resumed';

export interface RecordingChange {
  state: RecordingState;
  notice: RecordingNotice | null;
}

/** A chapter of a finished recording: where an agenda item started, a speaker took the floor, a share began. */
export interface RecordingChapter {
  /** Seconds from the start of the file. */
  at: number;
  kind: 'agenda' | 'floor' | 'screen';
  title: string;
  /** The agenda item the chapter belongs to (chapters of kind `agenda` start one). */
  agendaItemId: string | null;
}

/**
 * recording: parts are being written; processing: joining the parts into the file; ready: the file is there;
 * failed: nothing usable came out (the parts are kept for a person to look at).
 */
export type RecordingStatus = 'recording' | 'processing' | 'ready' | 'failed';

export interface RecordingInfo {
  id: string;
  meetingId: string;
  status: RecordingStatus;
  startedAt: string;
  endedAt: string | null;
  startedBy: string;
  stopReason: RecordingStopReason | null;
  /** Of the finished file; null until it is ready. */
  durationSeconds: number | null;
  bytes: number | null;
  sha256: string | null;
  /** "video/webm". */
  contentType: string;
  chapters: RecordingChapter[];
}

export const RECORDING_CONTENT_TYPE = 'video/webm';

export const NOT_RECORDING: Readonly<RecordingState> = Object.freeze({
  active: false,
  recordingId: null,
  startedAt: null,
  startedBy: null,
});

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The file name a recording goes by wherever it leaves the app — the minutes' attachments, a download, the filed
 * record: "ghi-hinh-2026-12-07-0905.webm", in Vietnam time (UTC+7 all year, no daylight saving).
 */
export function recordingFileName(startedAt: string): string {
  const local = new Date(Date.parse(startedAt) + 7 * 3600_000);
  const date = `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  return `ghi-hinh-${date}-${two(local.getUTCHours())}${two(local.getUTCMinutes())}.webm`;
}
