// This participant's screen sharing, in step with the server: the share and the policy from the join on, and our
// own share — captured with getDisplayMedia (in the desktop shell the main process shows its picker of screens
// and windows and answers the same call; the page never names a source), asked for, produced as its own `screen`
// source (and `screenAudio` where the platform offers the sound), stopped by us, by the browser's own "stop
// sharing", or by the chair.
import type { MediaStateResponse } from '../../../common/sharingProtocol.ts';
import { ClientError } from '../../app/clientErrors.ts';
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { initialShareView, ownShareAfter, type ShareView } from './shareView.ts';

/** Up to 1920×1080 at 5–15 frames a second: slides and spreadsheets, not motion. */
const DISPLAY_CONSTRAINTS: DisplayMediaStreamOptions = {
  video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 15, max: 15 } },
  audio: true,
};

const LINK_WAIT_MS = 20_000;

export class ScreenShareStore extends Store<ShareView> {
  #session: MeetingSession | null = null;
  #audio: MediaStreamTrack | null = null;
  #onError: (error: ClientError) => void = () => {};

  constructor() {
    super(initialShareView);
  }

  /** Follows a session until the returned function is called; errors go to `onError` (a toast). */
  attach(session: MeetingSession, onError: (error: ClientError) => void): () => void {
    this.#session = session;
    this.#onError = onError;
    const offs = [
      session.onJoined((join) => {
        this.update((v) => ({ ...v, selfId: join.self.id, role: join.selfRole ?? null }));
        void session
          .request('mediaState', {})
          .then((state) => this.#applyMediaState(state))
          .catch(() => undefined);
      }),
      session.on('screenShareChanged', (share) => this.#applyShare(share)),
      session.on('mediaPolicyChanged', (policy) => this.update((v) => ({ ...v, policy }))),
      session.on('mediaRestart', () => void this.#reproduce()),
    ];
    return () => {
      offs.forEach((off) => off());
      this.#release();
      this.#session = null;
    };
  }

  #applyMediaState(state: MediaStateResponse): void {
    this.update((v) => ({ ...v, policy: state.policy }));
    this.#applyShare(state.screenShare);
  }

  #applyShare(share: ShareView['share']): void {
    const action = ownShareAfter(this.getState(), share);
    this.update((v) => ({ ...v, share }));
    if (action === 'produce') void this.#produce();
    if (action === 'stop') this.#release();
  }

  /** Captures a screen or window, asks the server, and shares it at once or waits for the chair. */
  async start(): Promise<void> {
    const session = this.#session;
    if (!session || this.getState().mine !== 'idle') return;
    this.update((v) => ({ ...v, mine: 'asking' }));
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia(DISPLAY_CONSTRAINTS);
    } catch (error) {
      this.update((v) => ({ ...v, mine: 'idle' }));
      // The person closed the picker: nothing to report.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) {
        this.#onError(ClientError.from(error, 'media_error'));
      }
      return;
    }
    const [video] = stream.getVideoTracks();
    if (!video) return this.#release();
    video.contentHint = 'detail';
    // The browser's own "stop sharing" ends the track.
    video.addEventListener('ended', () => void this.stop());
    this.#audio = stream.getAudioTracks()[0] ?? null;
    this.update((v) => ({ ...v, localVideo: video }));
    try {
      const { state } = await session.request('shareScreen', {});
      if (this.getState().localVideo !== video) return;
      if (state === 'sharing') await this.#produce();
      else this.update((v) => ({ ...v, mine: 'waiting' }));
    } catch (error) {
      this.#release();
      this.#onError(ClientError.from(error));
    }
  }

  /** Ends our share (or withdraws our request). */
  async stop(): Promise<void> {
    const session = this.#session;
    const was = this.getState().mine;
    this.#release();
    if (session && was !== 'idle') await session.request('stopScreenShare', {}).catch(() => undefined);
  }

  async #produce(): Promise<void> {
    const video = this.getState().localVideo;
    const link = this.#session?.mediaLink;
    if (!video || video.readyState !== 'live') return this.#release();
    this.update((v) => ({ ...v, mine: 'sharing' }));
    if (!link) return; // produced when media comes back (#reproduce)
    try {
      await link.produce(video, 'screen');
      if (this.#audio?.readyState === 'live') await link.produce(this.#audio, 'screenAudio');
    } catch (error) {
      this.#onError(ClientError.from(error, 'media_error'));
    }
  }

  /** The SFU restarted: once the session has new transports, our share is produced again. */
  async #reproduce(): Promise<void> {
    if (this.getState().mine !== 'sharing') return;
    const until = Date.now() + LINK_WAIT_MS;
    const before = this.#session?.mediaLink ?? null;
    while (Date.now() < until && this.getState().mine === 'sharing') {
      const link = this.#session?.mediaLink ?? null;
      if (link && link !== before) return this.#produce();
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** Stops our capture and closes our screen producers here (the server closes its side when the share ends). */
  #release(): void {
    const { localVideo } = this.getState();
    const link = this.#session?.mediaLink;
    link?.closeProducer('screen');
    link?.closeProducer('screenAudio');
    localVideo?.stop();
    this.#audio?.stop();
    this.#audio = null;
    this.update((v) => (v.mine === 'idle' && !v.localVideo ? v : { ...v, mine: 'idle', localVideo: null }));
  }

  /** The chair: lets a waiting participant share, or declines. */
  answer(peerId: string, allow: boolean): Promise<unknown> {
    return this.#session?.request('answerScreenShare', { peerId, allow }) ?? Promise.resolve();
  }

  /** The chair stops someone's share. */
  end(peerId: string): Promise<unknown> {
    return this.#session?.request('endScreenShare', { peerId }) ?? Promise.resolve();
  }
}
