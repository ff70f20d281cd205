// A synthetic connection point (điểm cầu): one participant in Node that joins as the renderer does and behaves as a
// province's meeting room does during a briefing, for load tests and benchmarks. Lobby: the invitation is checked
// over HTTP (GET /api/invite, which also gives the router's capabilities for the Device) and the signalling socket
// opened. Join: `join`, both transports at once, `ready` before producing, then camera and microphone (muted, as
// the chair mutes the provinces, until given the floor). It consumes what its layout shows (pointLayout.ts) over
// real WebRTC (pointMedia.ts), syncs the shared annotation layer of the document on screen with the renderer's own
// DocSync, sends the status board's network reports, raises its hand and votes when told to.
import { io, type Socket } from 'socket.io-client';
import type { DocRef } from '../../common/documents.ts';
import type {
  Ack,
  ClientToServerEvents,
  JoinResponse,
  NewConsumer,
  NotificationMap,
  RequestName,
  RequestPayload,
  ResponseMap,
  ServerToClientEvents,
} from '../../common/protocol.ts';
import { DocSync } from '../../renderer/features/documents/syncClient.ts';
import { loadPointDevice, nowMs, PointMedia } from './pointMedia.ts';
import { PointLayout } from './pointLayout.ts';
import type { ReplayControl, RtpReplay } from './rtpReplay.ts';

export interface PointOptions {
  /** The server's origin, e.g. http://127.0.0.1:4100. */
  url: string;
  token: string;
  replay: RtpReplay;
  /** Other participants' video shown as thumbnails beside the main tile (the chair, or whoever has the floor). */
  thumbnails: number;
  /** Send the network reports of the status board this often (ms); 0: never. */
  statusEveryMs: number;
  /** Cast a vote when one opens, after a random delay up to this many ms; null: only when told. */
  autoVoteWithinMs: number | null;
  /** Requests that get no answer in this time fail (ms). */
  requestTimeoutMs?: number;
}

export interface PointTimes {
  /** The moment the point "clicks join" (the lobby is done). */
  joinStart: number;
  joined: number | null;
  sendConnected: number | null;
  recvConnected: number | null;
  firstRtp: number | null;
  firstVideoRtp: number | null;
}

/** Steps of the lobby and the join, in ms: the lobby's from its start, the join's from the click. */
export type JoinPhases = Partial<
  Record<'lobby' | 'joined' | 'transports' | 'ready' | 'cam_produced' | 'mic_produced' | 'mic_paused', number>
>;

/** Every signalling round trip this point made, by request name (ms). */
export type RoundTrips = Map<string, number[]>;

export class SyntheticPoint {
  readonly options: PointOptions;
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly roundTrips: RoundTrips = new Map();
  readonly errors: string[] = [];
  /** Arrival time of each shared-layer mark another participant added, by mark id. */
  readonly markArrivals = new Map<string, number>();
  readonly phases: JoinPhases = {};
  times: PointTimes = {
    joinStart: 0,
    joined: null,
    sendConnected: null,
    recvConnected: null,
    firstRtp: null,
    firstVideoRtp: null,
  };
  self: JoinResponse['self'] | null = null;
  media: PointMedia | null = null;
  annotations: DocSync | null = null;
  votesCast = 0;
  /** Times the media link was made again because ICE did not connect (see #watchConnection). */
  mediaRestarts = 0;
  readonly #layout: PointLayout;
  #mic: ReplayControl | null = null;
  #cam: ReplayControl | null = null;
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  private constructor(options: PointOptions, socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    this.options = options;
    this.socket = socket;
    this.#layout = new PointLayout(options.thumbnails);
  }

  /** The lobby: checks the invitation, loads the Device, opens the signalling connection. */
  static async lobby(options: PointOptions): Promise<{ point: SyntheticPoint; device: PointMedia['device'] }> {
    const started = nowMs();
    const response = await fetch(`${options.url}/api/invite?token=${encodeURIComponent(options.token)}`);
    if (!response.ok) throw new Error(`GET /api/invite: ${response.status} ${await response.text()}`);
    const invite = (await response.json()) as { routerRtpCapabilities: unknown };
    const device = await loadPointDevice(invite.routerRtpCapabilities);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const point = new SyntheticPoint(options, socket);
    point.phases.lobby = nowMs() - started;
    return { point, device };
  }

  /** Lobby and join in one go. */
  static async join(options: PointOptions): Promise<SyntheticPoint> {
    const { point, device } = await SyntheticPoint.lobby(options);
    await point.enter(device);
    return point;
  }

  /** A request as this participant; its round trip is recorded. */
  request<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResponseMap[K]> {
    const started = nowMs();
    const timeoutMs = this.options.requestTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no answer within ${timeoutMs} ms`)), timeoutMs);
      const emit = this.socket.emit.bind(this.socket) as unknown as (
        event: K,
        payload: RequestPayload<K>,
        ack: (response: Ack<ResponseMap[K]>) => void,
      ) => void;
      emit(name, payload, (response) => {
        clearTimeout(timer);
        const samples = this.roundTrips.get(name) ?? [];
        samples.push(nowMs() - started);
        this.roundTrips.set(name, samples);
        if (response.ok) resolve(response.data);
        else
          reject(Object.assign(new Error(`${name}: ${response.error.code} ${response.error.detail}`), response.error));
      });
    });
  }

  on<K extends keyof NotificationMap>(event: K, listener: (payload: NotificationMap[K]) => void): () => void {
    const socket = this.socket as unknown as {
      on(event: string, listener: (payload: never) => void): void;
      off(event: string, listener: (payload: never) => void): void;
    };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  /** The click on "join": everything after it is what a participant waits for. */
  async enter(device: PointMedia['device']): Promise<void> {
    this.times.joinStart = nowMs();
    this.on('peerJoined', (peer) => this.#layout.peerJoined(peer));
    this.on('newConsumer', (n) => void this.#onNewConsumer(n).catch((e: unknown) => this.#fail('consume', e)));
    this.on('consumerClosed', ({ consumerId }) => this.media?.closeConsumer(consumerId));
    this.on('floorChanged', ({ floor }) => void this.#onFloor(floor?.peerId ?? null));
    this.on('mutedByChair', () => this.#setMic(false, false));
    this.on('voteOpened', (vote) => this.#onVoteOpened(vote.id, vote.options.length));
    const joined = await this.request('join', { token: this.options.token });
    this.times.joined = nowMs();
    this.#phase('joined');
    this.self = joined.self;
    this.#layout.start(joined);
    await this.#openMedia(device);
    if (joined.state?.floor?.peerId === this.self.id) await this.#onFloor(this.self.id);
    if (this.options.statusEveryMs > 0) this.#every(this.options.statusEveryMs, () => this.#reportStatus());
    this.#watchConnection(device);
  }

  /** Transports, `ready`, then camera and microphone: what the renderer's MeetingSession.openMedia does. */
  async #openMedia(device: PointMedia['device']): Promise<void> {
    const media = new PointMedia(device, (name, payload) => this.request(name, payload));
    this.media = media;
    await media.open();
    this.#phase('transports');
    // Receive first, as the renderer does: the others' media flows while our producers are negotiated.
    await this.request('ready', { rtpCapabilities: media.recvRtpCapabilities });
    this.#phase('ready');
    const cam = await media.produce('cam', () => this.#cam?.keyframe());
    this.#cam = this.options.replay.add(cam.track, 'video');
    this.#phase('cam_produced');
    const mic = await media.produce('mic');
    this.#phase('mic_produced');
    this.#mic = this.options.replay.add(mic.track, 'audio');
    // Provinces join muted; the microphone opens when the chair gives the floor.
    this.#mic.setSending(false);
    await this.request('setProducerPaused', { producerId: mic.producerId, paused: true });
    this.#phase('mic_paused');
  }

  /**
   * A transport whose ICE has not connected 10 s after the join is started over with new transports, as the
   * renderer recovers (it restarts ICE; msc-node cannot, so the media link is made again). On a loaded machine
   * werift's ICE checks sometimes never complete; a point left without media would measure nothing. Counted in
   * `mediaRestarts`, and a restarted point's join → first RTP includes the wait.
   */
  #watchConnection(device: PointMedia['device']): void {
    const check = () => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (this.#closed || this.connected || this.mediaRestarts >= 2) return;
        this.mediaRestarts++;
        this.#cam?.stop();
        this.#mic?.stop();
        this.media?.close();
        void this.#openMedia(device).then(check, (e: unknown) => this.#fail('media restart', e));
      }, 10_000);
      this.#timers.add(timer);
    };
    check();
  }

  /** Opens the shared layer of a document and records when others' marks arrive. */
  openAnnotations(ref: DocRef): DocSync {
    const sync = new DocSync(
      {
        request: (name, payload) => this.request(name, payload),
        on: (event, listener) => this.on(event, listener),
        onJoined: (listener) => {
          if (this.socket.connected) listener();
          return () => {};
        },
      },
      ref,
      // What the viewer uses (renderer/features/documents/useAnnotationLayers.ts).
      { batchMs: 16, awarenessMs: 40 },
    );
    sync.doc.getMap('strokes').observe((event) => {
      if (event.transaction.local) return;
      const at = nowMs();
      for (const [key, change] of event.changes.keys) {
        if (change.action === 'add' && !this.markArrivals.has(key)) this.markArrivals.set(key, at);
      }
    });
    this.annotations = sync;
    return sync;
  }

  /** Draws a pen stroke on the shared layer as this participant (the server checks the author). */
  drawStroke(id: string, page = 1): void {
    const sync = this.annotations;
    if (!sync || !this.self) throw new Error('no annotation layer open');
    const x = Math.random() * 0.8;
    const y = Math.random() * 0.8;
    const points = Array.from({ length: 12 }, (_, i) => [x + i * 0.01, y + (i % 2) * 0.02]).flat();
    sync.doc.getMap('strokes').set(id, {
      id,
      page,
      kind: 'pen',
      color: '#1f6feb',
      width: 0.003,
      points,
      author: this.self.id,
      authorName: this.self.name,
      at: Date.now(),
    });
  }

  async raiseHand(topic?: string): Promise<number> {
    return (await this.request('raiseHand', topic ? { topic } : {})).position;
  }

  async castVote(voteId: string, option: number): Promise<void> {
    await this.request('castVote', { voteId, option });
    this.votesCast++;
  }

  /** Whether the point is fully up: both transports connected (DTLS) and RTP arriving. */
  get connected(): boolean {
    const t = this.refreshTimes();
    return t.sendConnected !== null && t.recvConnected !== null && t.firstRtp !== null;
  }

  /** Copies the media link's timings into `times` (they are kept there as they happen). */
  refreshTimes(): PointTimes {
    const media = this.media;
    if (media) {
      this.times.sendConnected = media.connectedAt.send;
      this.times.recvConnected = media.connectedAt.recv;
      this.times.firstRtp = media.firstRtpAt;
      this.times.firstVideoRtp = media.firstVideoRtpAt;
    }
    return this.times;
  }

  /** Consumers with RTP in the last window, of those shown; packets received by all of them. */
  receivedPackets(): { streams: number; packets: number; bytes: number } {
    let packets = 0;
    let bytes = 0;
    let streams = 0;
    for (const stream of this.media?.received.values() ?? []) {
      streams++;
      packets += stream.packets;
      bytes += stream.bytes;
    }
    return { streams, packets, bytes };
  }

  async leave(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#cam?.stop();
    this.#mic?.stop();
    this.annotations?.destroy();
    if (this.socket.connected) await this.request('leave', {}).catch(() => undefined);
    this.media?.close();
    this.socket.disconnect();
  }

  async #onNewConsumer(notification: NewConsumer): Promise<void> {
    const media = this.media;
    if (!media || this.#closed) return;
    const shown = this.#layout.place(notification);
    // Off-screen tiles stay paused on the server (consumers start paused there): nothing is sent for them.
    if (!shown) return;
    await media.consume(notification);
    await this.request('resumeConsumer', { consumerId: notification.consumerId });
    if (shown === 'high') {
      await this.request('setConsumerVisible', { consumerId: notification.consumerId, visible: true, layer: 'high' });
    }
  }

  async #onFloor(peerId: string | null): Promise<void> {
    if (!this.self) return;
    this.#setMic(peerId === this.self.id, false);
  }

  #setMic(on: boolean, tellServer: boolean): void {
    this.#mic?.setSending(on);
    const producerId = this.media?.producerId('mic');
    if (tellServer && producerId) {
      void this.request('setProducerPaused', { producerId, paused: !on }).catch((e: unknown) => this.#fail('mic', e));
    }
  }

  #onVoteOpened(voteId: string, options: number): void {
    const within = this.options.autoVoteWithinMs;
    if (within === null) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.castVote(voteId, Math.floor(Math.random() * options)).catch((e: unknown) => this.#fail('vote', e));
    }, Math.random() * within);
    this.#timers.add(timer);
  }

  async #reportStatus(): Promise<void> {
    const received = this.receivedPackets();
    const seconds = this.options.statusEveryMs / 1000;
    const recvKbps = (received.bytes * 8) / 1000 / Math.max(1, (nowMs() - this.times.joinStart) / 1000);
    await this.request('reportStats', {
      // msc-node's client statistics are stubs: the point reports what it counted itself.
      rttMs: null,
      lossPct: 0,
      sendKbps: null,
      recvKbps: Math.min(1_000_000, Math.round(recvKbps)),
    }).catch((e: unknown) => this.#fail(`reportStats (every ${seconds} s)`, e));
  }

  #phase(name: keyof JoinPhases): void {
    this.phases[name] = nowMs() - this.times.joinStart;
  }

  #every(ms: number, work: () => Promise<void>): void {
    const timer = setInterval(() => void work(), ms);
    this.#timers.add(timer);
  }

  #fail(what: string, error: unknown): void {
    if (this.#closed) return;
    this.errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
