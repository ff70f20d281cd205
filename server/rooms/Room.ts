// A meeting's media room: its peers, its routers (one, or several on several workers for a large meeting:
// RoomRouters.ts), and the rule that every ready peer consumes every other peer's producers. It also follows the
// dominant speaker, keeps hidden video paused and thumbnails on the lowest layer, and survives worker deaths.
// Every request that reaches mediasoup goes through one guarded call (#media): what mediasoup rejects is answered as
// `media_error`; known failures pass through as they are.
import type { types } from 'mediasoup';
import type { MediaSource, NewConsumer, NotificationMap } from '../../common/protocol.ts';
import { AppFailure } from '../../common/errors.ts';
import type { ServerConfig } from '../config.ts';
import type { Meeting } from '../meetings/MeetingStore.ts';
import type { WorkerPool } from '../sfu/WorkerPool.ts';
import { Peer } from './Peer.ts';
import { RoomRouters, type MeetingRouter } from './RoomRouters.ts';
import { logger } from '../log.ts';

/** Just over the 300 ms within which Chromium ignores a second keyframe request (see #produce). */
const KEY_FRAME_REQUEST_DELAY_MS = 350;

const log = logger('room');

const SOURCE_KIND: Record<MediaSource, 'audio' | 'video'> = {
  mic: 'audio',
  cam: 'video',
  screen: 'video',
  screenAudio: 'audio',
};

/** A producer to create on one of the peer's send transports. */
interface ProduceRequest {
  transportId: string;
  kind: 'audio' | 'video';
  rtpParameters: types.RtpParameters;
  source: MediaSource;
  /** Start paused (a microphone the chair has muted). */
  paused?: boolean;
}

/** What the Room keeps on a consumer: whether the client has it on screen and has asked for it to start. */
interface ConsumerState {
  hidden?: boolean;
  resumed?: boolean;
}

/** Highest spatial layer of a simulcast or SVC consumer ("L3T3" has three); three when it does not say. */
function topSpatialLayer(consumer: types.Consumer): number {
  const mode = consumer.rtpParameters.encodings?.[0]?.scalabilityMode;
  const layers = Number(/^[LS](\d+)/.exec(mode ?? '')?.[1] ?? 3);
  return Math.max(0, layers - 1);
}

function asMediaFailure(error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  return new AppFailure('media_error', error instanceof Error ? error.message : String(error));
}

export class Room {
  readonly meeting: Meeting;
  readonly peers = new Map<string, Peer>();
  activeSpeakerId: string | null = null;
  #routers!: RoomRouters;
  readonly #pool: WorkerPool;
  readonly #sfu: ServerConfig['sfu'];
  #closed = false;
  onEmpty: () => void = () => {};

  private constructor(meeting: Meeting, pool: WorkerPool, sfu: ServerConfig['sfu']) {
    this.meeting = meeting;
    this.#pool = pool;
    this.#sfu = sfu;
  }

  static async create(meeting: Meeting, pool: WorkerPool, sfu: ServerConfig['sfu']): Promise<Room> {
    const room = new Room(meeting, pool, sfu);
    room.#routers = await room.#media(() =>
      RoomRouters.open(pool, meeting.id, (peerId) => room.#setActiveSpeaker(peerId)),
    );
    pool.on('workerDied', room.#onWorkerDied);
    return room;
  }

  // The pool has already started a replacement when it reports a death: the peers whose router was on the dead
  // worker rebuild their transports (placed afresh); the peers stay in the meeting, and the others keep their media.
  readonly #onWorkerDied = (worker: types.Worker): void => {
    if (!this.#closed) void this.#recoverFromWorkerDeath(worker);
  };

  get routerRtpCapabilities(): types.RtpCapabilities {
    return this.#routers.rtpCapabilities;
  }

  /**
   * The meeting's home router with this producer on it (piped there when it came from another router), for
   * consumers of the server's own (recording); null when the meeting has no router now (its worker just died).
   */
  async routerWith(producerId: string): Promise<types.Router | null> {
    const home = this.#routers.list().find((r) => r.home)?.router;
    if (!home || home.closed) return null;
    return (await this.#media(() => this.#routers.ensureOn(producerId, home))) ? home : null;
  }

  /** The meeting's routers, home first: for tests and diagnostics. */
  mediaRouters(): MeetingRouter[] {
    return this.#routers.list();
  }

  addPeer(peer: Peer): void {
    const previous = this.peers.get(peer.id);
    this.peers.set(peer.id, peer);
    if (previous) {
      // The same invitation joined again (a reconnect, or a second device): the newest connection wins.
      previous.close();
      this.#routers.release(previous);
      this.broadcast(peer.id, 'peerLeft', { peerId: previous.id });
      previous.socket.disconnect(true);
    }
    this.broadcast(peer.id, 'peerJoined', peer.info());
  }

  removePeer(peer: Peer): void {
    if (this.peers.get(peer.id) !== peer) return;
    const peerId = peer.id;
    this.peers.delete(peerId);
    peer.close();
    this.#routers.release(peer);
    this.broadcast(peerId, 'peerLeft', { peerId });
    if (this.activeSpeakerId === peerId) this.#setActiveSpeaker(null);
    if (this.peers.size === 0) this.close();
  }

  createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    return this.#media(() => this.#createTransport(peer, direction));
  }

  connectTransport(peer: Peer, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = peer.transport(transportId);
    return this.#media(() => transport.connect({ dtlsParameters }));
  }

  restartIce(peer: Peer, transportId: string): Promise<types.IceParameters> {
    const transport = peer.transport(transportId);
    return this.#media(() => transport.restartIce());
  }

  async #createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    peer.transportFor(direction)?.close();
    const router = await this.#routers.place(peer, this.peers.size - 1);
    const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
      protocol,
      ip: this.#sfu.listenIp,
      ...(this.#sfu.announcedAddress ? { announcedAddress: this.#sfu.announcedAddress } : {}),
      portRange: { min: this.#sfu.rtcMinPort, max: this.#sfu.rtcMaxPort },
    });
    const listenInfos: types.TransportListenInfo[] = [];
    if (this.#sfu.enableUdp) listenInfos.push(listen('udp'));
    if (this.#sfu.enableTcp) listenInfos.push(listen('tcp'));
    const transport = await router.createWebRtcTransport({
      listenInfos,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction },
    });
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    return transport;
  }

  produce(peer: Peer, request: ProduceRequest): Promise<types.Producer> {
    return this.#media(() => this.#produce(peer, request));
  }

  async #produce(peer: Peer, request: ProduceRequest): Promise<types.Producer> {
    if (SOURCE_KIND[request.source] !== request.kind) {
      throw new AppFailure('invalid_message', `source ${request.source} must carry ${SOURCE_KIND[request.source]}`);
    }
    const transport = peer.transport(request.transportId);
    if ((transport.appData as { direction?: string }).direction !== 'send') {
      throw new AppFailure('forbidden', 'cannot produce on a receive transport');
    }
    peer.producerFor(request.source)?.close();
    const producer = await transport.produce({
      kind: request.kind,
      rtpParameters: request.rtpParameters,
      paused: request.paused ?? false,
      // Requests for a keyframe within this long of one sent are sent together when it ends: the browser ignores
      // those that come within 300 ms of the last it took, and mediasoup then waited a second to ask again.
      ...(request.kind === 'video' ? { keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS } : {}),
      appData: { source: request.source, peerId: peer.id },
    });
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      peer.producers.delete(producer.id);
      if (!peer.closed) this.broadcast(peer.id, 'peerUpdated', peer.info(), true);
    });
    // On every router of the meeting before anyone consumes it.
    await this.#routers.addProducer(peer, producer);
    for (const other of this.peers.values()) {
      if (other !== peer && other.rtpCapabilities) await this.#consume(other, peer, producer);
    }
    this.broadcast(peer.id, 'peerUpdated', peer.info(), true);
    return producer;
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const producer = peer.producer(producerId);
    await this.#media(() => (paused ? producer.pause() : producer.resume()));
    this.broadcast(peer.id, 'peerUpdated', peer.info(), true);
  }

  /** The peer stops one of its producers (its consumers close with it, and their peers are told). */
  closeProducer(peer: Peer, producerId: string): void {
    const producer = peer.producer(producerId);
    this.#mediaSync(() => producer.close());
  }

  /** The peer can receive: it consumes everything already produced in the room. */
  async ready(peer: Peer, rtpCapabilities: types.RtpCapabilities): Promise<void> {
    if (!peer.transportFor('recv')) throw new AppFailure('not_found', 'create a receive transport before ready');
    peer.rtpCapabilities = rtpCapabilities;
    await this.#media(async () => {
      for (const other of this.peers.values()) {
        if (other === peer) continue;
        for (const producer of other.producers.values()) await this.#consume(peer, other, producer);
      }
    });
  }

  /**
   * The client reports a tile on or off screen, and how large: hidden video is paused at the SFU (nothing is sent);
   * a thumbnail gets the lowest simulcast layer and a large tile the top one. Consumers start on the lowest.
   */
  async setConsumerVisible(peer: Peer, consumerId: string, visible: boolean, layer?: 'low' | 'high'): Promise<void> {
    const consumer = peer.consumer(consumerId);
    const state = consumer.appData as ConsumerState;
    state.hidden = !visible;
    await this.#media(async () => {
      if (layer && consumer.kind === 'video' && (consumer.type === 'simulcast' || consumer.type === 'svc')) {
        await consumer.setPreferredLayers({ spatialLayer: layer === 'high' ? topSpatialLayer(consumer) : 0 });
      }
      if (!visible) await consumer.pause();
      else if (state.resumed) await consumer.resume();
    });
  }

  async resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
    const consumer = peer.consumer(consumerId);
    const state = consumer.appData as ConsumerState;
    state.resumed = true;
    if (!state.hidden) await this.#media(() => consumer.resume());
  }

  broadcast<K extends keyof NotificationMap>(
    fromPeerId: string,
    event: K,
    payload: NotificationMap[K],
    includeSelf = false,
  ): void {
    for (const peer of this.peers.values()) {
      if (includeSelf || peer.id !== fromPeerId) peer.socket.emit(event, payload);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.#pool.off('workerDied', this.#onWorkerDied);
    this.#routers.close();
    this.onEmpty();
  }

  async #consume(consumerPeer: Peer, producerPeer: Peer, producer: types.Producer): Promise<void> {
    const transport = consumerPeer.transportFor('recv');
    const caps = consumerPeer.rtpCapabilities;
    const router = this.#routers.routerOf(consumerPeer);
    if (!transport || !caps || !router) return;
    // Peers joining together reach one pair twice (the ready peer's sweep and the new producer's fan-out): the
    // receive transport remembers what it consumes, so that each producer reaches it once.
    const consuming = ((transport.appData as { consuming?: Set<string> }).consuming ??= new Set<string>());
    if (consuming.has(producer.id)) return;
    consuming.add(producer.id);
    const consumer = await this.#newConsumer(transport, router, caps, producer);
    if (!consumer) {
      consuming.delete(producer.id);
      return;
    }
    consumerPeer.consumers.set(consumer.id, consumer);
    const notify = <K extends keyof NotificationMap>(event: K, payload: NotificationMap[K]) => {
      if (!consumerPeer.closed) consumerPeer.socket.emit(event, payload);
    };
    consumer.observer.once('close', () => {
      consumerPeer.consumers.delete(consumer.id);
      consuming.delete(producer.id);
    });
    consumer.on('producerclose', () => notify('consumerClosed', { consumerId: consumer.id }));
    consumer.on('producerpause', () => notify('consumerPaused', { consumerId: consumer.id, paused: true }));
    consumer.on('producerresume', () => notify('consumerPaused', { consumerId: consumer.id, paused: false }));
    const message: NewConsumer = {
      consumerId: consumer.id,
      producerId: producer.id,
      peerId: producerPeer.id,
      kind: consumer.kind,
      source: (producer.appData as { source: MediaSource }).source,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
    };
    notify('newConsumer', message);
  }

  /** A paused consumer of the producer on the transport; null when the producer cannot reach it or mediasoup refuses. */
  async #newConsumer(
    transport: types.WebRtcTransport,
    router: types.Router,
    caps: types.RtpCapabilities,
    producer: types.Producer,
  ): Promise<types.Consumer | null> {
    // A producer from another router of the meeting is piped here first (once), under the same id.
    if (!(await this.#routers.ensureOn(producer.id, router))) return null;
    if (!router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) return null;
    try {
      return await transport.consume({
        producerId: producer.id,
        rtpCapabilities: caps,
        paused: true,
        // Thumbnail quality until the client says the tile is large (setConsumerVisible, layer 'high').
        ...(producer.kind === 'video' ? { preferredLayers: { spatialLayer: 0 } } : {}),
      });
    } catch (error) {
      log.warn(`${this.meeting.id}: consume failed`, error);
      return null;
    }
  }

  async #recoverFromWorkerDeath(worker: types.Worker): Promise<void> {
    const lost = this.#routers.dropWorker(worker);
    if (lost.length === 0 && this.#routers.list().some((r) => r.home)) return;
    for (const peer of lost) peer.resetMedia();
    try {
      await this.#routers.ensureHome();
    } catch (error) {
      log.error(`${this.meeting.id}: could not open a new router`, error);
      return;
    }
    for (const peer of lost) peer.socket.emit('mediaRestart', { reason: 'sfu_worker_restarted' });
  }

  #setActiveSpeaker(peerId: string | null): void {
    if (peerId === this.activeSpeakerId) return;
    this.activeSpeakerId = peerId;
    for (const peer of this.peers.values()) peer.socket.emit('activeSpeaker', { peerId });
  }

  /** The guarded call: a failure of mediasoup (bad parameters from a client, a closed worker) is a `media_error`. */
  async #media<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw asMediaFailure(error);
    }
  }

  #mediaSync<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      throw asMediaFailure(error);
    }
  }
}
