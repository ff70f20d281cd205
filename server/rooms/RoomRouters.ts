// The mediasoup routers of one meeting. A meeting starts on one router, its home, which also hosts the
// active-speaker observer. When the worker a new peer would land on would carry more than
// SFU_MAX_CONSUMERS_PER_WORKER, the peer is placed on another router of the same meeting on another worker. Every
// producer is piped (`pipeToRouter`, keeping its id) to every other router of the meeting, so a peer consumes from
// the router its own transports are on, and every microphone reaches the observer at home. docs/sfu.md.
import type { types } from 'mediasoup';
import { AppFailure } from '../../common/errors.ts';
import { mediaCodecs } from '../sfu/mediaCodecs.ts';
import type { WorkerPool } from '../sfu/WorkerPool.ts';
import type { Peer } from './Peer.ts';
import { logger } from '../log.ts';

const log = logger('room');

/** What a participant is assumed to send when placing them: a microphone and a camera. */
const STREAMS_PER_PEER = 2;

/** Pipes stay on this machine: workers of one server talk over loopback. */
const PIPE_LISTEN: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };

interface Slot {
  readonly router: types.Router;
  readonly worker: types.Worker;
  readonly peers: Set<Peer>;
}

/** One router of a meeting, as tests and diagnostics see it. */
export interface MeetingRouter {
  router: types.Router;
  workerPid: number;
  home: boolean;
  peerIds: string[];
}

export class RoomRouters {
  readonly #pool: WorkerPool;
  readonly #label: string;
  readonly #onDominantSpeaker: (peerId: string | null) => void;
  /** At most one router per worker: a piped producer keeps its id, which mediasoup allows only across workers. */
  readonly #slots: Slot[] = [];
  #home: Slot | null = null;
  #observer: types.ActiveSpeakerObserver | null = null;
  #rtpCapabilities!: types.RtpCapabilities;
  readonly #placed = new Map<Peer, Slot>();
  /** Placements and home changes run one at a time, so that peers joining together see each other's load. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The room's own producers (not pipes), with the router each was produced on. */
  readonly #origins = new Map<string, { producer: types.Producer; slot: Slot }>();
  /** Pipes made or being made, by `producerId>routerId`. */
  readonly #pipes = new Map<string, Promise<boolean>>();
  #warnedFull = false;
  #closed = false;

  private constructor(pool: WorkerPool, label: string, onDominantSpeaker: (peerId: string | null) => void) {
    this.#pool = pool;
    this.#label = label;
    this.#onDominantSpeaker = onDominantSpeaker;
  }

  static async open(
    pool: WorkerPool,
    label: string,
    onDominantSpeaker: (peerId: string | null) => void,
  ): Promise<RoomRouters> {
    const routers = new RoomRouters(pool, label, onDominantSpeaker);
    await routers.#ensureHome();
    return routers;
  }

  /** Every router of a meeting is made with the same codecs, so they share one set of capabilities. */
  get rtpCapabilities(): types.RtpCapabilities {
    return this.#rtpCapabilities;
  }

  list(): MeetingRouter[] {
    return this.#slots.map((slot) => ({
      router: slot.router,
      workerPid: slot.worker.pid,
      home: slot === this.#home,
      peerIds: [...slot.peers].map((p) => p.id),
    }));
  }

  /** The router the peer's transports are on; undefined before its first transport. */
  routerOf(peer: Peer): types.Router | undefined {
    return this.#placed.get(peer)?.router;
  }

  /** The peer's router, chosen on its first call: the least loaded router of the meeting, or a new one. */
  place(peer: Peer, othersInRoom: number): Promise<types.Router> {
    const placed = this.#placed.get(peer);
    if (placed) return Promise.resolve(placed.router);
    return this.#serially(async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const again = this.#placed.get(peer);
        if (again) return again.router;
        if (this.#closed || peer.closed) break;
        const slot = await this.#choose(othersInRoom);
        // A router may close while a new one is being made (its last peer left, its worker died): choose again.
        if (slot.router.closed || !this.#slots.includes(slot)) continue;
        if (peer.closed) break;
        slot.peers.add(peer);
        this.#placed.set(peer, slot);
        return slot.router;
      }
      throw new AppFailure('media_error', 'no media router is available for this participant');
    });
  }

  /** The peer left (or lost its media): a router other than home that nobody uses any more is closed. */
  release(peer: Peer): void {
    const slot = this.#placed.get(peer);
    if (!slot) return;
    this.#placed.delete(peer);
    slot.peers.delete(peer);
    if (slot !== this.#home && slot.peers.size === 0) this.#closeSlot(slot);
  }

  /** A producer of one of the meeting's peers: piped to every other router; microphones join the observer. */
  async addProducer(peer: Peer, producer: types.Producer): Promise<void> {
    const slot = this.#placed.get(peer);
    if (!slot) throw new AppFailure('media_error', 'the participant has no media router');
    this.#origins.set(producer.id, { producer, slot });
    producer.observer.once('close', () => this.#origins.delete(producer.id));
    await Promise.all(this.#slots.map((other) => this.ensureOn(producer.id, other.router)));
    if (producer.kind === 'audio') await this.#observe(producer.id);
  }

  /** Makes a producer of the meeting consumable on `router`, piping it there once; false if it cannot be. */
  ensureOn(producerId: string, router: types.Router): Promise<boolean> {
    const origin = this.#origins.get(producerId);
    if (!origin || origin.producer.closed || router.closed) return Promise.resolve(false);
    if (origin.slot.router === router) return Promise.resolve(true);
    const key = `${producerId}>${router.id}`;
    let pipe = this.#pipes.get(key);
    if (!pipe) {
      pipe = origin.slot.router
        .pipeToRouter({ producerId, router, keepId: true, enableSctp: false, listenInfo: PIPE_LISTEN })
        .then(
          ({ pipeProducer }) => {
            // Closed with its producer, its pipe or either router: a later call pipes again if both still exist.
            pipeProducer?.observer.once('close', () => this.#pipes.delete(key));
            return true;
          },
          (error: unknown) => {
            this.#pipes.delete(key);
            if (!origin.producer.closed && !router.closed) {
              log.warn(`${this.#label}: could not pipe producer ${producerId}`, error);
            }
            return false;
          },
        );
      this.#pipes.set(key, pipe);
    }
    return pipe;
  }

  /**
   * The pool has replaced a dead worker. Its router is forgotten and the peers placed there are returned: their
   * media is gone and they must rebuild it, on whichever router they are placed next.
   */
  dropWorker(worker: types.Worker): Peer[] {
    const slot = this.#slots.find((s) => s.worker === worker);
    if (!slot) return [];
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    if (slot === this.#home) {
      this.#home = null;
      this.#observer = null;
    }
    const peers = [...slot.peers];
    for (const peer of peers) this.#placed.delete(peer);
    return peers;
  }

  /** After the home router's worker died: another router of the meeting becomes home, or a new one is made. */
  ensureHome(): Promise<void> {
    return this.#serially(() => this.#ensureHome());
  }

  close(): void {
    this.#closed = true;
    for (const slot of this.#slots) slot.router.close();
    this.#slots.length = 0;
    this.#placed.clear();
    this.#home = null;
  }

  async #ensureHome(): Promise<void> {
    if (this.#home || this.#closed) return;
    const slot = this.#slots[0] ?? (await this.#addSlot(this.#pool.pick()));
    const observer = await slot.router.createActiveSpeakerObserver({ interval: 300 });
    observer.on('dominantspeaker', ({ producer }) => {
      this.#onDominantSpeaker((producer.appData as { peerId?: string }).peerId ?? null);
    });
    this.#rtpCapabilities ??= slot.router.rtpCapabilities;
    this.#home = slot;
    this.#observer = observer;
    for (const { producer } of this.#origins.values()) if (producer.kind === 'audio') void this.#observe(producer.id);
  }

  async #observe(producerId: string): Promise<void> {
    const home = this.#home;
    const observer = this.#observer;
    if (!home || !observer || !(await this.ensureOn(producerId, home.router))) return;
    // Already observed (home changed while this ran), or closed meanwhile: nothing to do.
    await observer.addProducer({ producerId }).catch(() => undefined);
  }

  /**
   * The router with the least projected load if it stays within the limit; otherwise a new router on the least
   * loaded worker that has none of this meeting, when that worker would carry less; otherwise the least loaded
   * router anyway (a meeting is never refused for load; the log says it is over).
   */
  async #choose(othersInRoom: number): Promise<Slot> {
    if (!this.#home) await this.#ensureHome();
    const max = this.#pool.maxConsumersPerWorker;
    // A newcomer consumes everyone else's streams and its router-mates consume its own. Peers that joined but do
    // not consume yet (everyone joining at the start of a briefing) are counted by what they will consume.
    const projected = (slot: Slot) =>
      Math.max(
        this.#pool.consumerLoad(slot.worker) + STREAMS_PER_PEER * (othersInRoom + slot.peers.size),
        STREAMS_PER_PEER * (slot.peers.size + 1) * othersInRoom,
      );
    let best: Slot | undefined;
    let bestLoad = Infinity;
    for (const slot of this.#slots) {
      const load = projected(slot);
      if (load < bestLoad) [best, bestLoad] = [slot, load];
    }
    if (best && bestLoad <= max) return best;
    const spare = this.#pool.leastLoaded(new Set(this.#slots.map((s) => s.worker)));
    if (spare && this.#pool.consumerLoad(spare) + STREAMS_PER_PEER * othersInRoom < bestLoad) {
      return this.#addSlot(spare);
    }
    if (!best) return this.#addSlot(this.#pool.pick());
    if (!this.#warnedFull) {
      this.#warnedFull = true;
      log.warn(`${this.#label}: every worker is past ${max} consumers; adding to the least loaded`);
    }
    return best;
  }

  async #addSlot(worker: types.Worker): Promise<Slot> {
    const router = await this.#pool.createRouter(mediaCodecs, worker);
    if (this.#closed) {
      router.close();
      throw new AppFailure('media_error', 'the meeting room has closed');
    }
    const slot: Slot = { router, worker, peers: new Set() };
    this.#slots.push(slot);
    // Everything already produced in the meeting comes over now; a consumer that needs a pipe first waits for it.
    for (const producerId of this.#origins.keys()) void this.ensureOn(producerId, router);
    return slot;
  }

  #closeSlot(slot: Slot): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    // Closing the router closes its pipe transports, and mediasoup closes their other ends and the pipe consumers.
    slot.router.close();
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
