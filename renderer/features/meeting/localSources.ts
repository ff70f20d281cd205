// The participant's own microphone and camera in a meeting session: the buttons, the chair's controls acting on
// them, and producing them again on every new media link. Muting is local first; the SFU follows.
import type { JoinResponse } from '../../../common/protocol.ts';
import { openCam, openMic, stopTrack, type DeviceChoice } from '../devices/localMedia.ts';
import type { MediaLink } from './mediaLink.ts';
import type { Reconnection } from './reconnection.ts';
import { setLocalMedia } from './sessionState.ts';
import type { SessionStore } from './sessionStore.ts';
import type { RequestFn } from './signaling.ts';

const isLive = (track: MediaStreamTrack | null): track is MediaStreamTrack =>
  track !== null && track.readyState === 'live';

export interface LocalSourcesContext {
  store: SessionStore;
  rpc: RequestFn;
  reconnection: Reconnection;
  devices: DeviceChoice;
  /** The current media link; null between links. */
  link(): MediaLink | null;
}

export class LocalSources {
  private micBusy = false;
  private camBusy = false;

  constructor(private readonly ctx: LocalSourcesContext) {}

  private get state() {
    return this.ctx.store.getState();
  }

  /** The link, when media is up: otherwise a change is applied when media comes back. */
  private liveLink(): MediaLink | null {
    const link = this.ctx.link();
    return link && this.state.status === 'joined' ? link : null;
  }

  /** Joining a meeting where the chair mutes newcomers: the SFU holds our microphone paused, and so do we. */
  applyJoin(joined: JoinResponse): void {
    if (!joined.state?.mutedByChair || !this.state.micOn) return;
    if (this.state.micTrack) this.state.micTrack.enabled = false;
    this.ctx.store.update((st) => setLocalMedia(st, { micOn: false }));
  }

  /** Produces the tracks we already hold; a failure of one source must not keep the other off the air. */
  async produce(link: MediaLink, epoch: number): Promise<void> {
    const { rpc, reconnection, store } = this.ctx;
    // The participant may toggle while a producer is negotiated: decide on pausing or closing after it exists,
    // from the state at that moment rather than the state when production started.
    const micTrack = this.state.micTrack;
    if (isLive(micTrack)) {
      try {
        const producer = await link.produce(micTrack, 'mic');
        if (!this.state.micOn && !reconnection.stale(epoch) && !producer.paused) {
          producer.pause();
          await rpc('setProducerPaused', { producerId: producer.id, paused: true });
        }
      } catch (error) {
        if (!reconnection.stale(epoch)) store.report(error, 'media_error');
      }
    }
    const camTrack = this.state.camTrack;
    if (this.state.camOn && isLive(camTrack) && !reconnection.stale(epoch)) {
      try {
        const producer = await link.produce(camTrack, 'cam');
        if (this.state.camTrack !== camTrack && !reconnection.stale(epoch)) {
          link.closeProducer('cam');
          await rpc('closeProducer', { producerId: producer.id });
        }
      } catch (error) {
        if (!reconnection.stale(epoch)) store.report(error, 'media_error');
      }
    }
  }

  /**
   * Turns the microphone on or off here and, unless the server did it first (the chair muted us, or gave us the
   * floor), at the SFU too. Muting is local first: silence must not wait for the server's answer.
   */
  async setMic(on: boolean, tellServer: boolean): Promise<void> {
    const { store } = this.ctx;
    let track = this.state.micTrack;
    if (on && !isLive(track)) {
      track = await openMic(this.ctx.devices.micDeviceId);
      store.update((st) => setLocalMedia(st, { micTrack: track }));
    }
    if (track) track.enabled = on;
    store.update((st) => setLocalMedia(st, { micOn: on }));
    const link = this.liveLink();
    if (!link) return;
    const producer = link.producer('mic');
    if (!producer) {
      if (on && isLive(track)) await link.produce(track, 'mic');
      return;
    }
    if (on) producer.resume();
    else producer.pause();
    if (!tellServer) return;
    try {
      await this.ctx.rpc('setProducerPaused', { producerId: producer.id, paused: !on });
    } catch (error) {
      if (on) {
        // Refused (muted by the chair): the microphone stays off here, as it is at the SFU.
        producer.pause();
        if (track) track.enabled = false;
        store.update((st) => setLocalMedia(st, { micOn: false }));
      }
      throw error;
    }
  }

  async toggleMic(): Promise<void> {
    if (this.micBusy || this.ctx.reconnection.hasEnded) return;
    this.micBusy = true;
    try {
      await this.setMic(!this.state.micOn, true);
    } catch (error) {
      this.ctx.store.report(error);
    } finally {
      this.micBusy = false;
    }
  }

  /** Camera off: the track is stopped (the camera light goes out) and the producer closed. */
  async camOff(tellServer: boolean): Promise<void> {
    const track = this.state.camTrack;
    this.ctx.store.update((st) => setLocalMedia(st, { camOn: false, camTrack: null }));
    stopTrack(track);
    const producerId = this.ctx.link()?.closeProducer('cam') ?? null;
    if (tellServer && producerId && this.state.status === 'joined') await this.ctx.rpc('closeProducer', { producerId });
  }

  async toggleCam(): Promise<void> {
    if (this.camBusy || this.ctx.reconnection.hasEnded) return;
    this.camBusy = true;
    try {
      if (this.state.camOn) {
        await this.camOff(true);
      } else {
        const track = await openCam(this.ctx.devices.camDeviceId);
        if (this.ctx.reconnection.hasEnded) {
          stopTrack(track);
          return;
        }
        this.ctx.store.update((st) => setLocalMedia(st, { camOn: true, camTrack: track }));
        await this.liveLink()?.produce(track, 'cam');
      }
    } catch (error) {
      this.ctx.store.report(error);
    } finally {
      this.camBusy = false;
    }
  }

  /** Releases the camera and microphone (their lights go out). */
  stop(): void {
    stopTrack(this.state.micTrack);
    stopTrack(this.state.camTrack);
    this.ctx.store.update((st) => setLocalMedia(st, { micTrack: null, camTrack: null }));
  }
}
