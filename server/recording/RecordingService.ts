// Recording meetings: start and stop (with the meeting's policy, free space and ffmpeg checked first), the state
// everyone sees (the indicator and the notice, late joiners too), the audit entries the minutes' timeline reads,
// and after a stop the parts joined into one file in the background. A recording the server was running or
// joining when it stopped is finished when it starts again.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { AppFailure } from '../../common/errors.ts';
import {
  NOT_RECORDING,
  type RecordingInfo,
  type RecordingNotice,
  type RecordingState,
  type RecordingStopReason,
} from '../../common/recording.ts';
import type { LiveMeeting, LiveRegistry } from '../live/LiveMeeting.ts';
import type { MediaPolicyStore } from '../meetings/MediaPolicyStore.ts';
import type { MeetingStore } from '../meetings/MeetingStore.ts';
import { logger } from '../log.ts';
import { recordingChapters } from './chapters.ts';
import { requireFfmpeg } from './ffmpeg.ts';
import { finishRecording, readManifest, removeParts, RECORDING_FILE } from './finishRecording.ts';
import { freeBytes, Recorder, type RecordingManifest } from './Recorder.ts';
import type { RecordingConfig } from './recordingConfig.ts';
import type { RecordingRow, RecordingStore } from './RecordingStore.ts';

const log = logger('recording');

export interface Actor {
  id: string;
  name: string;
}

/** Who stops a recording the server stopped by itself (disk low, meeting ended, failure). */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Hệ thống' };

interface Running {
  id: string;
  meetingId: string;
  recorder: Recorder;
  state: RecordingState;
  stopping: Promise<RecordingState> | null;
}

interface Events {
  /** A recording's row changed (processed, failed, deleted). */
  updated: [recording: RecordingInfo, deleted: boolean];
}

export interface RecordingServiceOptions {
  config: RecordingConfig;
  store: RecordingStore;
  policies: MediaPolicyStore;
  meetings: MeetingStore;
  live: LiveRegistry;
}

export class RecordingService extends EventEmitter<Events> {
  readonly store: RecordingStore;
  readonly policies: MediaPolicyStore;
  readonly config: RecordingConfig;
  readonly #o: RecordingServiceOptions;
  readonly #running = new Map<string, Running>();
  /** Joining parts runs one recording at a time. */
  #finishing: Promise<unknown> = Promise.resolve();

  constructor(options: RecordingServiceOptions) {
    super();
    this.#o = options;
    this.store = options.store;
    this.policies = options.policies;
    this.config = options.config;
  }

  state(meetingId: string): RecordingState {
    return this.#running.get(meetingId)?.state ?? NOT_RECORDING;
  }

  dirOf(recordingId: string): string {
    return join(this.config.dir, recordingId);
  }

  fileOf(recording: Pick<RecordingInfo, 'id'>): string {
    return join(this.dirOf(recording.id), RECORDING_FILE);
  }

  async start(live: LiveMeeting, actor: Actor): Promise<RecordingState> {
    const meetingId = live.meetingId;
    if (this.#running.has(meetingId)) {
      throw new AppFailure('invalid_message', 'the meeting is being recorded already', 'recording_running');
    }
    if (!this.policies.get(meetingId).recordingAllowed) {
      throw new AppFailure('forbidden', 'this meeting is not recorded', 'recording_forbidden');
    }
    await requireFfmpeg(this.config.ffmpeg);
    await mkdir(this.config.dir, { recursive: true });
    const free = await freeBytes(this.config.dir);
    if (free < this.config.minFreeBytes) {
      throw new AppFailure('unavailable', `${free} bytes free for recordings`, 'disk_low', {
        minBytes: this.config.minFreeBytes,
      });
    }
    if (this.#running.has(meetingId)) {
      throw new AppFailure('invalid_message', 'the meeting is being recorded already', 'recording_running');
    }
    const id = randomUUID();
    const dir = this.dirOf(id);
    await mkdir(dir, { recursive: true });
    const recorder = new Recorder({
      live,
      dir,
      ffmpeg: this.config.ffmpeg,
      minFreeBytes: () => this.config.minFreeBytes,
      onDiskLow: () => void this.stop(meetingId, 'disk_low', SYSTEM_ACTOR).catch(() => undefined),
      onEmpty: () => void this.stop(meetingId, 'stopped', SYSTEM_ACTOR).catch(() => undefined),
      onResumed: () => {
        const running = this.#running.get(meetingId);
        if (running) this.#announce(meetingId, running.state, 'resumed');
      },
    });
    const startedAt = new Date(recorder.manifest.startedAt).toISOString();
    const state: RecordingState = { active: true, recordingId: id, startedAt, startedBy: actor.name };
    this.#running.set(meetingId, { id, meetingId, recorder, state, stopping: null });
    this.store.add(id, meetingId, startedAt, actor);
    recorder.start();
    this.#o.meetings.audit.append(meetingId, actor, 'recordingStart', id);
    this.#announce(meetingId, state, 'started');
    return state;
  }

  /** Stops the meeting's recording; its file is joined in the background. */
  stop(meetingId: string, reason: RecordingStopReason, actor: Actor): Promise<RecordingState> {
    const running = this.#running.get(meetingId);
    if (!running) throw new AppFailure('invalid_message', 'the meeting is not being recorded', 'not_recording');
    running.stopping ??= (async () => {
      const manifest = await running.recorder.stop();
      this.#running.delete(meetingId);
      const endedAt = new Date(manifest.endedAt ?? Date.now()).toISOString();
      this.store.stopped(running.id, endedAt, reason);
      this.#o.meetings.audit.append(meetingId, actor, 'recordingStop', running.id, { reason });
      const notice: RecordingNotice = reason === 'disk_low' ? 'disk_low' : reason === 'failed' ? 'failed' : 'stopped';
      this.#announce(meetingId, NOT_RECORDING, notice);
      this.#queueFinish(running.id, meetingId, manifest);
      return NOT_RECORDING;
    })();
    return running.stopping;
  }

  /** Stops a running recording if there is one (the meeting ended). */
  async stopIfRunning(meetingId: string, reason: RecordingStopReason): Promise<void> {
    if (this.#running.has(meetingId)) await this.stop(meetingId, reason, SYSTEM_ACTOR);
  }

  list(meetingId: string): RecordingInfo[] {
    return this.store.list(meetingId).map(publicInfo);
  }

  async delete(recordingId: string, meetingId: string, actor: Actor): Promise<void> {
    const recording = this.store.get(recordingId);
    if (!recording || recording.meetingId !== meetingId)
      throw new AppFailure('not_found', `no recording ${recordingId}`);
    if (recording.status === 'recording' || recording.status === 'processing') {
      throw new AppFailure('invalid_message', 'stop the recording and let it finish first', 'recording_running');
    }
    this.store.markDeleted(recordingId, new Date().toISOString());
    await rm(this.dirOf(recordingId), { recursive: true, force: true });
    this.#o.meetings.audit.append(meetingId, actor, 'recordingDelete', recordingId);
    this.emit('updated', publicInfo(recording), true);
  }

  /** Finishes what a previous run of the server left: recordings it was writing or joining when it stopped. */
  async resumeUnfinished(): Promise<void> {
    for (const recording of this.store.unfinished()) {
      if ([...this.#running.values()].some((r) => r.id === recording.id)) continue;
      const manifest = await readManifest(this.dirOf(recording.id));
      if (!manifest) {
        this.store.failed(recording.id);
        continue;
      }
      await stopOrphans(manifest);
      manifest.endedAt ??= Math.max(manifest.startedAt, ...manifest.parts.map((p) => p.closedAt ?? p.openedAt));
      if (recording.status === 'recording') {
        this.store.stopped(recording.id, new Date(manifest.endedAt).toISOString(), 'failed');
      }
      this.#queueFinish(recording.id, recording.meetingId, manifest);
    }
    await this.#finishing;
  }

  /** Server shutdown: running recordings stop (their parts are finished); joining waits for the next start. */
  async close(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.stop(id, 'stopped', SYSTEM_ACTOR).catch(() => null)));
    await this.#finishing.catch(() => undefined);
  }

  /** Resolves when every recording stopped so far has been joined (tests, benchmarks). */
  whenFinished(): Promise<unknown> {
    return this.#finishing;
  }

  #queueFinish(id: string, meetingId: string, manifest: RecordingManifest): void {
    this.#finishing = this.#finishing.then(() => this.#finish(id, meetingId, manifest));
  }

  async #finish(id: string, meetingId: string, manifest: RecordingManifest): Promise<void> {
    const dir = this.dirOf(id);
    const meeting = this.#o.meetings.get(meetingId);
    const endedAt = manifest.endedAt ?? Date.now();
    const chapters = recordingChapters(
      this.#o.meetings.audit.list(meetingId, 100_000),
      manifest.startedAt,
      endedAt,
      (participantId) => this.#o.meetings.participant(meetingId, participantId)?.name ?? participantId,
    );
    try {
      const free = await freeBytes(this.config.dir);
      if (free < this.config.minFreeBytes) throw new Error(`only ${free} bytes free to join the parts`);
      const file = await finishRecording({
        dir,
        manifest,
        chapters,
        title: meeting?.title ?? meetingId,
        ffmpeg: this.config.ffmpeg,
        ffprobe: this.config.ffprobe,
        settings: this.config,
      });
      this.store.finished(id, file);
      await removeParts(dir, manifest, file.unreadableParts);
      log.info(`${meetingId}: recording ${id} is ready (${file.durationSeconds} s, ${file.bytes} bytes)`);
    } catch (error) {
      log.error(`${meetingId}: recording ${id} could not be joined; its parts are kept in ${dir}`, error);
      this.store.failed(id);
    }
    const row = this.store.get(id);
    if (row) this.emit('updated', publicInfo(row), false);
  }

  #announce(meetingId: string, state: RecordingState, notice: RecordingNotice): void {
    this.#o.live.peek(meetingId)?.toAll('recordingChanged', { state, notice });
  }
}

function publicInfo(row: RecordingRow): RecordingInfo {
  const { startedById: _startedById, ...info } = row;
  return info;
}

/** ffmpeg processes a crashed server left writing parts (or waiting as spares): stopped, if still the same. */
async function stopOrphans(manifest: RecordingManifest): Promise<void> {
  const spares = (manifest.spares ?? []).map((s) => ({ ...s, closedAt: null }));
  for (const part of [...manifest.parts, ...spares]) {
    const pid = part.pid;
    if (part.closedAt !== null || pid === null) continue;
    // Only if the process is still ffmpeg writing this very part (a pid may have been reused).
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(part.file)) continue;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
