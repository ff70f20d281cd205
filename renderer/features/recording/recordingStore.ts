// The meeting's recording as this participant sees it: whether it is being recorded (the indicator, and a notice
// when it starts — a late joiner gets the notice too), who may start and stop it under the meeting's policy, and
// the finished recordings with their chapters.
import { can } from '../../../common/permissions.ts';
import {
  NOT_RECORDING,
  type RecordingInfo,
  type RecordingNotice,
  type RecordingState,
} from '../../../common/recording.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import { DEFAULT_MEDIA_POLICY, type MediaPolicy } from '../../../common/screenShare.ts';
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';

export interface RecordingView {
  role: MeetingRole | null;
  policy: MediaPolicy;
  state: RecordingState;
  /** The latest notice to show once; `at` tells one notice from the next. */
  notice: { kind: RecordingNotice; at: number } | null;
  recordings: RecordingInfo[];
}

export const initialRecordingView: RecordingView = {
  role: null,
  policy: DEFAULT_MEDIA_POLICY,
  state: NOT_RECORDING,
  notice: null,
  recordings: [],
};

/** The list with one recording replaced, added (newest first) or removed. */
export function withRecording(
  list: readonly RecordingInfo[],
  recording: RecordingInfo,
  deleted = false,
): RecordingInfo[] {
  const others = list.filter((r) => r.id !== recording.id);
  if (deleted) return others;
  return [recording, ...others].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export class RecordingStore extends Store<RecordingView> {
  #session: MeetingSession | null = null;

  constructor() {
    super(initialRecordingView);
  }

  attach(session: MeetingSession): () => void {
    this.#session = session;
    const offs = [
      session.onJoined((join) => {
        const role = join.selfRole ?? null;
        this.update((v) => ({ ...v, role }));
        void session
          .request('mediaState', {})
          .then(({ policy, recording }) =>
            this.update((v) => ({
              ...v,
              policy,
              state: recording,
              // Joining a meeting that is being recorded: the notice is for us too.
              notice: recording.active && !v.state.active ? { kind: 'started', at: Date.now() } : v.notice,
            })),
          )
          .catch(() => undefined);
        if (role && can(role, 'recording.view')) void this.refresh();
      }),
      session.on('recordingChanged', ({ state, notice }) =>
        this.update((v) => ({ ...v, state, notice: notice ? { kind: notice, at: Date.now() } : v.notice })),
      ),
      session.on('mediaPolicyChanged', (policy) => this.update((v) => ({ ...v, policy }))),
      session.on('recordingUpdated', ({ recording, deleted }) =>
        this.update((v) => ({ ...v, recordings: withRecording(v.recordings, recording, deleted === true) })),
      ),
    ];
    return () => {
      offs.forEach((off) => off());
      this.#session = null;
    };
  }

  async refresh(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    const { recordings } = await session.request('listRecordings', {});
    this.update((v) => ({ ...v, recordings }));
  }

  start(): Promise<unknown> {
    return this.#session?.request('startRecording', {}) ?? Promise.resolve();
  }

  stop(): Promise<unknown> {
    return this.#session?.request('stopRecording', {}) ?? Promise.resolve();
  }

  async url(recordingId: string): Promise<string> {
    const session = this.#session;
    if (!session) throw new Error('not in a meeting');
    return (await session.request('recordingUrl', { recordingId })).url;
  }

  delete(recordingId: string): Promise<unknown> {
    return this.#session?.request('deleteRecording', { recordingId }) ?? Promise.resolve();
  }

  setPolicy(change: Partial<MediaPolicy>): Promise<unknown> {
    return this.#session?.request('setMediaPolicy', change) ?? Promise.resolve();
  }
}
