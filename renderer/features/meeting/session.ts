// A participant's live meeting: the signalling socket, the server-side peer behind it, and the media link.
// It survives socket reconnections (rejoin with the same token, re-produce the same local tracks) and SFU restarts
// (new transports only), without a page reload. React reads it through subscribe/getState.
import type { Device } from 'mediasoup-client';
import type {
  JoinResponse,
  NewConsumer,
  NotificationMap,
  RequestName,
  RequestPayload,
  ResponseMap,
} from '../../../common/protocol.ts';
import { ClientError, FATAL_JOIN_CODES } from '../../app/clientErrors.ts';
import { openCam, openMic, stopTrack, type DeviceChoice } from '../devices/localMedia.ts';
import { loadDevice } from './device.ts';
import { MediaLink, type RecvStats, type TransportStats } from './mediaLink.ts';
import {
  addRemoteTrack,
  applyActiveSpeaker,
  applyJoin,
  applyPeerJoined,
  applyPeerLeft,
  applyPeerUpdated,
  initialState,
  removeRemoteTrack,
  setLocalMedia,
  setRemotePaused,
  type LocalMediaState,
  type SessionState,
} from './sessionState.ts';
import { createSignalingSocket, request, type RequestFn, type SignalingSocket } from './signaling.ts';

const RETRY_MS = 3000;
const EVICTION_WINDOW_MS = 30_000;

export interface SessionOptions {
  token: string;
  local: LocalMediaState;
  devices: DeviceChoice;
  createSocket?: () => SignalingSocket;
}

const isLive = (track: MediaStreamTrack | null): track is MediaStreamTrack =>
  track !== null && track.readyState === 'live';

export class MeetingSession {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();
  private readonly errorListeners = new Set<(error: ClientError) => void>();
  private readonly socket: SignalingSocket;
  private readonly token: string;
  private readonly devices: DeviceChoice;
  private device: Device | null = null;
  private link: MediaLink | null = null;
  /**
   * Bumped whenever the server-side peer or its media go away (disconnect, SFU restart, leave): asynchronous work
   * started under an older epoch stops at its next await instead of touching the new generation.
   */
  private epoch = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private leaving = false;
  private disposed = false;
  private micBusy = false;
  private camBusy = false;
  /** Last visibility sent per consumer, so that re-renders do not repeat requests. */
  private readonly visibilitySent = new Map<string, string>();
  /** consumerClosed can overtake the consume() it cancels. */
  private readonly closedConsumers = new Set<string>();
  /** When the server disconnected us on purpose, recently. */
  private evictions: number[] = [];
  /** The latest join answer, replayed to features that subscribe after it arrived. */
  private lastJoin: JoinResponse | null = null;
  private readonly joinListeners = new Set<(join: JoinResponse) => void>();

  constructor(options: SessionOptions) {
    this.token = options.token;
    this.devices = options.devices;
    this.state = initialState(options.local);
    this.socket = (options.createSocket ?? createSignalingSocket)();
  }

  // ---- store interface for React ----------------------------------------------------------------------------

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SessionState => this.state;

  onError(listener: (error: ClientError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private update(change: (state: SessionState) => SessionState): void {
    const next = change(this.state);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private report(error: unknown, fallback: ClientError['code'] = 'internal'): void {
    const clientError = ClientError.from(error, fallback);
    console.warn(`[phonghop] ${clientError.code}: ${clientError.message}`);
    for (const listener of this.errorListeners) listener(clientError);
  }

  private readonly rpc = <K extends RequestName>(
    name: K,
    payload: RequestPayload<K>,
    timeoutMs?: number,
  ): Promise<ResponseMap[K]> => request(this.socket, name, payload, timeoutMs);

  // ---- for the features beside the media (floor, votes, chat, status board) ----------------------------------

  /** The invitation token this session joined with (the documents HTTP API takes it as a Bearer token). */
  get inviteToken(): string {
    return this.token;
  }

  /** A request as this participant; rejects with a ClientError (the server authorises it by role). */
  readonly request: RequestFn = (name, payload, timeoutMs) => this.rpc(name, payload, timeoutMs);

  /** Listens to one server notification until the returned function is called. */
  on<K extends keyof NotificationMap>(event: K, listener: (payload: NotificationMap[K]) => void): () => void {
    // socket.io's typed `on` cannot be narrowed through a generic key; the map above keeps the payload exact.
    const socket = this.socket as unknown as {
      on(event: string, listener: (payload: never) => void): void;
      off(event: string, listener: (payload: never) => void): void;
    };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  /** Called after every join and rejoin with the server's answer; at once when the session has already joined. */
  onJoined(listener: (join: JoinResponse) => void): () => void {
    this.joinListeners.add(listener);
    if (this.lastJoin && this.state.status === 'joined') listener(this.lastJoin);
    return () => this.joinListeners.delete(listener);
  }

  /** The media link's raw WebRTC statistics, for the network reports of the status board. */
  async transportStats(): Promise<TransportStats> {
    return (await this.link?.transportStats()) ?? { send: null, recv: null };
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  start(): void {
    const s = this.socket;
    s.on('connect', () => void this.join(++this.epoch));
    s.on('disconnect', (reason) => this.onDisconnected(reason));
    s.on('peerJoined', (peer) => this.update((st) => applyPeerJoined(st, peer)));
    s.on('peerUpdated', (peer) => this.update((st) => applyPeerUpdated(st, peer)));
    s.on('peerLeft', ({ peerId }) => this.update((st) => applyPeerLeft(st, peerId)));
    s.on('activeSpeaker', ({ peerId }) => this.update((st) => applyActiveSpeaker(st, peerId)));
    s.on('newConsumer', (notification) => void this.consume(notification));
    s.on('consumerClosed', ({ consumerId }) => this.dropConsumer(consumerId));
    s.on('consumerPaused', ({ consumerId, paused }) => this.update((st) => setRemotePaused(st, consumerId, paused)));
    s.on('mediaRestart', ({ reason }) => this.onMediaRestart(reason));
    // The chair's controls act on the server first; these keep our own buttons and tracks in step with them.
    s.on('mutedByChair', () => void this.setMic(false, false).catch((e: unknown) => this.report(e)));
    s.on('cameraStopped', () => void this.camOff(false).catch((e: unknown) => this.report(e)));
    s.on('unmuteAnswer', ({ allowed }) => {
      if (allowed && !this.state.micOn) void this.setMic(true, true).catch((e: unknown) => this.report(e));
    });
    s.on('floorChanged', ({ floor }) => {
      const selfId = this.state.self?.id;
      if (floor && floor.peerId === selfId && !this.state.micOn) {
        void this.setMic(true, true).catch((e: unknown) => this.report(e));
      }
    });
    s.on('removedFromMeeting', ({ reason }) =>
      this.fail(
        new ClientError(
          reason === 'meeting_ended' ? 'meeting_ended' : reason === 'removed' ? 'removed' : 'token_invalid',
          `removed from the meeting: ${reason}`,
        ),
      ),
    );
    s.on('meetingEnded', ({ endedAt }) => this.fail(new ClientError('meeting_ended', `meeting ended at ${endedAt}`)));
    // A connection opened in the lobby may be up already: its `connect` has passed.
    if (s.connected) void this.join(++this.epoch);
    else s.connect();
  }

  private stale(epoch: number): boolean {
    return epoch !== this.epoch || this.leaving || this.disposed;
  }

  private retry(epoch: number, step: () => void): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stale(epoch) && this.socket.connected) step();
    }, RETRY_MS);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Join (or rejoin after a reconnection: the server dropped our old peer) and bring media up. */
  private async join(epoch: number): Promise<void> {
    this.closeLink();
    try {
      const joined = await this.rpc('join', { token: this.token });
      if (this.stale(epoch)) return;
      this.visibilitySent.clear();
      this.closedConsumers.clear();
      // Joining a meeting where the chair mutes newcomers: the SFU holds our microphone paused, and so do we.
      if (joined.state?.mutedByChair && this.state.micOn) {
        if (this.state.micTrack) this.state.micTrack.enabled = false;
        this.update((st) => setLocalMedia(st, { micOn: false }));
      }
      this.update((st) => applyJoin(st, joined));
      this.lastJoin = joined;
      for (const listener of this.joinListeners) {
        try {
          listener(joined);
        } catch (error) {
          console.warn('[phonghop] join listener failed', error);
        }
      }
      this.device = await loadDevice(joined.routerRtpCapabilities);
    } catch (error) {
      if (this.stale(epoch)) return;
      const clientError = ClientError.from(error);
      if (FATAL_JOIN_CODES.includes(clientError.code) || clientError.code === 'unsupported') {
        this.fail(clientError);
        return;
      }
      this.report(clientError);
      this.retry(epoch, () => void this.join(epoch));
      return;
    }
    if (this.stale(epoch)) return;
    await this.openMedia(epoch);
  }

  private async openMedia(epoch: number): Promise<void> {
    const device = this.device;
    if (!device) return;
    this.closeLink();
    try {
      const link = await MediaLink.open(device, this.rpc, () => this.socket.connected, {
        consumerGone: (consumerId) => this.update((st) => removeRemoteTrack(st, consumerId)),
        error: (error) => this.report(error),
      });
      if (this.stale(epoch)) {
        link.close();
        return;
      }
      this.link = link;
      // Receive first: the others' media starts flowing to us while our own producers are still negotiated.
      await this.rpc('ready', { rtpCapabilities: device.recvRtpCapabilities as unknown as Record<string, unknown> });
      if (this.stale(epoch)) return;
      await this.produceLocal(link, epoch);
    } catch (error) {
      if (this.stale(epoch)) return;
      this.report(error, 'media_error');
      this.retry(epoch, () => void this.openMedia(epoch));
    }
  }

  /** Produces the tracks we already hold; a failure of one source must not keep the other off the air. */
  private async produceLocal(link: MediaLink, epoch: number): Promise<void> {
    // The participant may toggle while a producer is negotiated: decide on pausing or closing after it exists,
    // from the state at that moment rather than the state when production started.
    const micTrack = this.state.micTrack;
    if (isLive(micTrack)) {
      try {
        const producer = await link.produce(micTrack, 'mic');
        if (!this.state.micOn && !this.stale(epoch) && !producer.paused) {
          producer.pause();
          await this.rpc('setProducerPaused', { producerId: producer.id, paused: true });
        }
      } catch (error) {
        if (!this.stale(epoch)) this.report(error, 'media_error');
      }
    }
    const camTrack = this.state.camTrack;
    if (this.state.camOn && isLive(camTrack) && !this.stale(epoch)) {
      try {
        const producer = await link.produce(camTrack, 'cam');
        if (this.state.camTrack !== camTrack && !this.stale(epoch)) {
          link.closeProducer('cam');
          await this.rpc('closeProducer', { producerId: producer.id });
        }
      } catch (error) {
        if (!this.stale(epoch)) this.report(error, 'media_error');
      }
    }
  }

  private closeLink(): void {
    this.link?.close();
    this.link = null;
    this.update((st) => (st.remote.length === 0 ? st : { ...st, remote: [] }));
  }

  private onDisconnected(reason: string): void {
    this.epoch++;
    this.clearRetry();
    this.closeLink();
    if (this.leaving || this.disposed) return;
    if (reason === 'io server disconnect') {
      // The server closed this connection on purpose: a graceful restart, or the same invitation joining from
      // another device (the newest connection wins). Rejoin once; a second eviction soon after means another
      // device holds the seat, and rejoining again would only evict it in turn, back and forth.
      const now = Date.now();
      this.evictions = this.evictions.filter((at) => now - at < EVICTION_WINDOW_MS);
      this.evictions.push(now);
      if (this.evictions.length > 1) {
        this.fail(
          new ClientError('already_joined', 'evicted twice by the server: another device uses this invitation'),
        );
        return;
      }
      setTimeout(() => {
        if (!this.leaving && !this.disposed && !this.socket.connected) this.socket.connect();
      }, 1000);
    }
    this.update((st) => ({ ...st, status: 'reconnecting', activeSpeakerId: null }));
  }

  private onMediaRestart(reason: string): void {
    console.info(`[phonghop] media restart: ${reason}`);
    if (!this.device || this.state.status !== 'joined') return;
    const epoch = ++this.epoch;
    this.clearRetry();
    void this.openMedia(epoch);
  }

  /** Ends the session for good; the app shows the error page instead of a toast. */
  private fail(error: ClientError): void {
    if (this.leaving || this.disposed) return;
    console.warn(`[phonghop] session ended: ${error.code}: ${error.message}`);
    this.leaving = true;
    this.epoch++;
    this.closeLink();
    this.socket.disconnect();
    this.stopLocalTracks();
    this.update((st) => ({ ...st, status: 'error', fatalError: error.code }));
  }

  // ---- remote media ----------------------------------------------------------------------------------------

  private async consume(notification: NewConsumer): Promise<void> {
    const link = this.link;
    const epoch = this.epoch;
    if (!link) return;
    try {
      const consumer = await link.consume(notification);
      if (this.stale(epoch) || link.isClosed) return;
      if (this.closedConsumers.delete(consumer.id)) {
        link.closeConsumer(consumer.id);
        return;
      }
      this.update((st) =>
        addRemoteTrack(st, {
          consumerId: consumer.id,
          producerId: notification.producerId,
          peerId: notification.peerId,
          kind: notification.kind,
          source: notification.source,
          track: consumer.track,
          paused: notification.producerPaused,
        }),
      );
      await this.rpc('resumeConsumer', { consumerId: consumer.id });
    } catch (error) {
      if (!this.stale(epoch)) this.report(error, 'media_error');
    }
  }

  private dropConsumer(consumerId: string): void {
    if (!this.state.remote.some((r) => r.consumerId === consumerId)) this.closedConsumers.add(consumerId);
    this.link?.closeConsumer(consumerId);
    this.visibilitySent.delete(consumerId);
    this.update((st) => removeRemoteTrack(st, consumerId));
  }

  /** Tiles report whether they are on screen and how large; hidden video is paused on the server. */
  setConsumerVisibility(consumerId: string, visible: boolean, layer: 'low' | 'high'): void {
    const key = `${visible}:${layer}`;
    if (this.visibilitySent.get(consumerId) === key || this.state.status !== 'joined') return;
    this.visibilitySent.set(consumerId, key);
    this.rpc('setConsumerVisible', { consumerId, visible, layer }).catch((error: unknown) => {
      this.visibilitySent.delete(consumerId);
      const clientError = ClientError.from(error);
      // A consumer closing while the request was in flight is not worth a message.
      if (clientError.code !== 'not_found' && clientError.code !== 'disconnected') this.report(clientError);
    });
  }

  async recvStats(): Promise<RecvStats> {
    return (await this.link?.recvStats()) ?? { audioPacketsReceived: 0, videoFramesDecoded: 0 };
  }

  // ---- local media -----------------------------------------------------------------------------------------

  /**
   * Turns the microphone on or off here and, unless the server did it first (the chair muted us, or gave us the
   * floor), at the SFU too. Muting is local first: silence must not wait for the server's answer.
   */
  private async setMic(on: boolean, tellServer: boolean): Promise<void> {
    let track = this.state.micTrack;
    if (on && !isLive(track)) {
      track = await openMic(this.devices.micDeviceId);
      this.update((st) => setLocalMedia(st, { micTrack: track }));
    }
    if (track) track.enabled = on;
    this.update((st) => setLocalMedia(st, { micOn: on }));
    const link = this.link;
    if (!link || this.state.status !== 'joined') return; // applied when media comes back
    const producer = link.producer('mic');
    if (!producer) {
      if (on && isLive(track)) await link.produce(track, 'mic');
      return;
    }
    if (on) producer.resume();
    else producer.pause();
    if (!tellServer) return;
    try {
      await this.rpc('setProducerPaused', { producerId: producer.id, paused: !on });
    } catch (error) {
      if (on) {
        // Refused (muted by the chair): the microphone stays off here, as it is at the SFU.
        producer.pause();
        if (track) track.enabled = false;
        this.update((st) => setLocalMedia(st, { micOn: false }));
      }
      throw error;
    }
  }

  async toggleMic(): Promise<void> {
    if (this.micBusy || this.leaving) return;
    this.micBusy = true;
    try {
      await this.setMic(!this.state.micOn, true);
    } catch (error) {
      this.report(error);
    } finally {
      this.micBusy = false;
    }
  }

  /** Camera off: the track is stopped (the camera light goes out) and the producer closed. */
  private async camOff(tellServer: boolean): Promise<void> {
    const track = this.state.camTrack;
    this.update((st) => setLocalMedia(st, { camOn: false, camTrack: null }));
    stopTrack(track);
    const producerId = this.link?.closeProducer('cam') ?? null;
    if (tellServer && producerId && this.state.status === 'joined') await this.rpc('closeProducer', { producerId });
  }

  async toggleCam(): Promise<void> {
    if (this.camBusy || this.leaving) return;
    this.camBusy = true;
    try {
      if (this.state.camOn) {
        await this.camOff(true);
      } else {
        const track = await openCam(this.devices.camDeviceId);
        if (this.leaving) {
          stopTrack(track);
          return;
        }
        this.update((st) => setLocalMedia(st, { camOn: true, camTrack: track }));
        const link = this.link;
        if (link && this.state.status === 'joined') await link.produce(track, 'cam');
      }
    } catch (error) {
      this.report(error);
    } finally {
      this.camBusy = false;
    }
  }

  private stopLocalTracks(): void {
    stopTrack(this.state.micTrack);
    stopTrack(this.state.camTrack);
    this.update((st) => setLocalMedia(st, { micTrack: null, camTrack: null }));
  }

  // ---- leaving ---------------------------------------------------------------------------------------------

  async leave(): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    this.epoch++;
    this.clearRetry();
    if (this.socket.connected) {
      await this.rpc('leave', {}, 3000).catch(() => undefined);
    }
    this.closeLink();
    this.socket.disconnect();
    this.stopLocalTracks();
    this.update((st) => ({ ...st, status: 'left', peers: [], remote: [], activeSpeakerId: null }));
  }

  /** Releases everything without telling the server (page teardown, or after leave()). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.leaving = true;
    this.epoch++;
    this.clearRetry();
    this.closeLink();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.stopLocalTracks();
    this.listeners.clear();
    this.errorListeners.clear();
    this.joinListeners.clear();
  }
}
