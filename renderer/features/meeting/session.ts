// A participant's live meeting: the signalling socket, the server-side peer behind it, and the media link.
// It survives socket reconnections (rejoin with the same token, re-produce the same local tracks) and SFU restarts
// (new transports only), without a page reload. React reads it through subscribe/getState. The parts it is made
// of: the state store (sessionStore.ts), when work is stale and when to retry (reconnection.ts), the participant's
// own microphone and camera (localSources.ts) and the others' media (remoteMedia.ts).
import type { Device } from 'mediasoup-client';
import type {
  JoinResponse,
  NotificationMap,
  RequestName,
  RequestPayload,
  ResponseMap,
} from '../../../common/protocol.ts';
import { ClientError, FATAL_JOIN_CODES } from '../../app/clientErrors.ts';
import type { DeviceChoice } from '../devices/localMedia.ts';
import { loadDevice } from './device.ts';
import { LocalSources } from './localSources.ts';
import { MediaLink, type RecvStats, type TransportStats } from './mediaLink.ts';
import { Reconnection } from './reconnection.ts';
import { RemoteMedia } from './remoteMedia.ts';
import {
  applyActiveSpeaker,
  applyJoin,
  applyPeerJoined,
  applyPeerLeft,
  applyPeerUpdated,
  initialState,
  removeRemoteTrack,
  setRemotePaused,
  type LocalMediaState,
  type SessionState,
} from './sessionState.ts';
import { SessionStore } from './sessionStore.ts';
import { createSignalingSocket, request, type RequestFn, type SignalingSocket } from './signaling.ts';

export interface SessionOptions {
  token: string;
  local: LocalMediaState;
  devices: DeviceChoice;
  createSocket?: () => SignalingSocket;
}

export class MeetingSession {
  private readonly store: SessionStore;
  private readonly socket: SignalingSocket;
  private readonly token: string;
  private readonly reconnection: Reconnection;
  private readonly local: LocalSources;
  private readonly remote: RemoteMedia;
  private device: Device | null = null;
  private link: MediaLink | null = null;
  private disposed = false;
  /** The latest join answer, replayed to features that subscribe after it arrived. */
  private lastJoin: JoinResponse | null = null;
  private readonly joinListeners = new Set<(join: JoinResponse) => void>();

  constructor(options: SessionOptions) {
    this.token = options.token;
    this.store = new SessionStore(initialState(options.local));
    this.subscribe = this.store.subscribe;
    this.getState = this.store.getState;
    this.socket = (options.createSocket ?? createSignalingSocket)();
    this.reconnection = new Reconnection(() => this.socket.connected);
    const parts = { store: this.store, rpc: this.rpc, reconnection: this.reconnection, link: () => this.link };
    this.local = new LocalSources({ ...parts, devices: options.devices });
    this.remote = new RemoteMedia(parts);
  }

  // ---- store interface for React ----------------------------------------------------------------------------

  /** Stable functions for useSyncExternalStore: the store's own. */
  readonly subscribe: SessionStore['subscribe'];
  readonly getState: SessionStore['getState'];

  onError(listener: (error: ClientError) => void): () => void {
    return this.store.onError(listener);
  }

  private get state(): SessionState {
    return this.store.getState();
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

  /** The media link while joined (null between links), for features that produce more than the mic and camera. */
  get mediaLink(): MediaLink | null {
    return this.state.status === 'joined' && this.link && !this.link.isClosed ? this.link : null;
  }

  /** The media link's raw WebRTC statistics, for the network reports of the status board. */
  async transportStats(): Promise<TransportStats> {
    return (await this.link?.transportStats()) ?? { send: null, recv: null };
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  start(): void {
    const s = this.socket;
    const update = (change: (st: SessionState) => SessionState) => this.store.update(change);
    const report = (e: unknown) => this.store.report(e);
    s.on('connect', () => void this.join(this.reconnection.next()));
    s.on('disconnect', (reason) => this.onDisconnected(reason));
    s.on('peerJoined', (peer) => update((st) => applyPeerJoined(st, peer)));
    s.on('peerUpdated', (peer) => update((st) => applyPeerUpdated(st, peer)));
    s.on('peerLeft', ({ peerId }) => update((st) => applyPeerLeft(st, peerId)));
    s.on('activeSpeaker', ({ peerId }) => update((st) => applyActiveSpeaker(st, peerId)));
    s.on('newConsumer', (notification) => void this.remote.consume(notification));
    s.on('consumerClosed', ({ consumerId }) => this.remote.drop(consumerId));
    s.on('consumerPaused', ({ consumerId, paused }) => update((st) => setRemotePaused(st, consumerId, paused)));
    s.on('mediaRestart', ({ reason }) => this.onMediaRestart(reason));
    // The chair's controls act on the server first; these keep our own buttons and tracks in step with them.
    s.on('mutedByChair', () => void this.local.setMic(false, false).catch(report));
    s.on('cameraStopped', () => void this.local.camOff(false).catch(report));
    s.on('unmuteAnswer', ({ allowed }) => {
      if (allowed && !this.state.micOn) void this.local.setMic(true, true).catch(report);
    });
    s.on('floorChanged', ({ floor }) => {
      const selfId = this.state.self?.id;
      if (floor && floor.peerId === selfId && !this.state.micOn) {
        void this.local.setMic(true, true).catch(report);
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
    if (s.connected) void this.join(this.reconnection.next());
    else s.connect();
  }

  /** Join (or rejoin after a reconnection: the server dropped our old peer) and bring media up. */
  private async join(epoch: number): Promise<void> {
    const { reconnection } = this;
    this.closeLink();
    let joined: JoinResponse;
    try {
      joined = await this.rpc('join', { token: this.token });
      if (reconnection.stale(epoch)) return;
      this.remote.reset();
      this.local.applyJoin(joined);
      // Loaded in the lobby: this resolves at once, and nothing else has been queued meanwhile.
      this.device = await loadDevice(joined.routerRtpCapabilities);
    } catch (error) {
      if (reconnection.stale(epoch)) return;
      const clientError = ClientError.from(error);
      if (FATAL_JOIN_CODES.includes(clientError.code) || clientError.code === 'unsupported') {
        this.fail(clientError);
        return;
      }
      this.store.report(clientError);
      reconnection.retry(epoch, () => void this.join(epoch));
      return;
    }
    if (reconnection.stale(epoch)) return;
    // Media first: the transport requests leave now, so the server creates them while the meeting view renders for
    // the first time (tens to hundreds of ms of main thread, which the store update below starts) and before the
    // requests the features send when they hear of the join.
    const media = this.openMedia(epoch);
    this.store.update((st) => applyJoin(st, joined));
    this.lastJoin = joined;
    for (const listener of this.joinListeners) {
      try {
        listener(joined);
      } catch (error) {
        console.warn('[phonghop] join listener failed', error);
      }
    }
    await media;
  }

  private async openMedia(epoch: number): Promise<void> {
    const { device, reconnection } = this;
    if (!device) return;
    this.closeLink();
    try {
      const link = await MediaLink.open(device, this.rpc, () => this.socket.connected, {
        consumerGone: (consumerId) => this.store.update((st) => removeRemoteTrack(st, consumerId)),
        error: (error) => this.store.report(error),
      });
      if (reconnection.stale(epoch)) {
        link.close();
        return;
      }
      this.link = link;
      // Receive first: the others' media starts flowing to us while our own producers are still negotiated.
      await this.rpc('ready', { rtpCapabilities: device.recvRtpCapabilities as unknown as Record<string, unknown> });
      if (reconnection.stale(epoch)) return;
      await this.local.produce(link, epoch);
    } catch (error) {
      if (reconnection.stale(epoch)) return;
      this.store.report(error, 'media_error');
      reconnection.retry(epoch, () => void this.openMedia(epoch));
    }
  }

  private closeLink(): void {
    this.link?.close();
    this.link = null;
    this.store.update((st) => (st.remote.length === 0 ? st : { ...st, remote: [] }));
  }

  private onDisconnected(reason: string): void {
    const { reconnection } = this;
    reconnection.next();
    reconnection.clearRetry();
    this.closeLink();
    if (reconnection.hasEnded) return;
    if (reason === 'io server disconnect') {
      // Closed on purpose by the server: rejoin once, unless it is the second time soon (reconnection.ts).
      if (reconnection.evictedAgain()) {
        this.fail(
          new ClientError('already_joined', 'evicted twice by the server: another device uses this invitation'),
        );
        return;
      }
      setTimeout(() => {
        if (!reconnection.hasEnded && !this.socket.connected) this.socket.connect();
      }, 1000);
    }
    this.store.update((st) => ({ ...st, status: 'reconnecting', activeSpeakerId: null }));
  }

  private onMediaRestart(reason: string): void {
    console.info(`[phonghop] media restart: ${reason}`);
    if (!this.device || this.state.status !== 'joined') return;
    const epoch = this.reconnection.next();
    this.reconnection.clearRetry();
    void this.openMedia(epoch);
  }

  /** Ends the session for good; the app shows the error page instead of a toast. */
  private fail(error: ClientError): void {
    if (this.reconnection.hasEnded) return;
    console.warn(`[phonghop] session ended: ${error.code}: ${error.message}`);
    this.reconnection.end();
    this.closeLink();
    this.socket.disconnect();
    this.local.stop();
    this.store.update((st) => ({ ...st, status: 'error', fatalError: error.code }));
  }

  // ---- media controls for the view ---------------------------------------------------------------------------

  /** Tiles report whether they are on screen and how large; hidden video is paused on the server. */
  setConsumerVisibility(consumerId: string, visible: boolean, layer: 'low' | 'high'): void {
    this.remote.setVisibility(consumerId, visible, layer);
  }

  recvStats(): Promise<RecvStats> {
    return this.remote.recvStats();
  }

  toggleMic(): Promise<void> {
    return this.local.toggleMic();
  }

  toggleCam(): Promise<void> {
    return this.local.toggleCam();
  }

  // ---- leaving ---------------------------------------------------------------------------------------------

  async leave(): Promise<void> {
    if (this.reconnection.hasEnded) return;
    this.reconnection.end();
    if (this.socket.connected) {
      await this.rpc('leave', {}, 3000).catch(() => undefined);
    }
    this.closeLink();
    this.socket.disconnect();
    this.local.stop();
    this.store.update((st) => ({ ...st, status: 'left', peers: [], remote: [], activeSpeakerId: null }));
  }

  /** Releases everything without telling the server (page teardown, or after leave()). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reconnection.end();
    this.closeLink();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.local.stop();
    this.store.clear();
    this.joinListeners.clear();
  }
}
