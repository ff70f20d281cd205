// A pool of mediasoup workers (one process per core by default). A worker that dies is replaced at once and the
// pool tells its listeners, so that meetings on it can move to the replacement and clients rejoin their media.
// Load is counted in consumers (pipe consumers included): that is what costs a worker CPU (docs/sfu.md).
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { loadMediasoup } from './loadMediasoup.ts';
import type { ServerConfig } from '../config.ts';
import { logger } from '../log.ts';

const log = logger('sfu');

export interface WorkerPoolEvents {
  workerDied: [worker: types.Worker, error: Error];
}

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  #routerRtpCapabilities: types.RtpCapabilities | null = null;
  readonly #config: ServerConfig['sfu'];
  readonly #workers: types.Worker[] = [];
  readonly #load = new Map<types.Worker, number>();
  readonly #consumers = new Map<types.Worker, number>();
  #closed = false;

  constructor(config: ServerConfig['sfu']) {
    super();
    // Every open meeting room listens for worker deaths.
    this.setMaxListeners(0);
    this.#config = config;
  }

  get size(): number {
    return this.#workers.length;
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.#config.workers; i++) this.#workers.push(await this.#spawn());
  }

  /** The least loaded worker (consumers first, then routers), leaving out `exclude`; undefined if none is left. */
  leastLoaded(exclude: ReadonlySet<types.Worker> = new Set()): types.Worker | undefined {
    const routers = (w: types.Worker) => this.#load.get(w) ?? 0;
    const lighter = (a: types.Worker, b: types.Worker) =>
      this.consumerLoad(a) - this.consumerLoad(b) || routers(a) - routers(b);
    const alive = this.#workers.filter((w) => !w.closed && !exclude.has(w));
    return alive.reduce<types.Worker | undefined>((best, w) => (!best || lighter(w, best) < 0 ? w : best), undefined);
  }

  pick(): types.Worker {
    const worker = this.leastLoaded();
    if (!worker) throw new Error('no SFU worker is running');
    return worker;
  }

  /** Consumers the worker carries now, over all its routers. */
  consumerLoad(worker: types.Worker): number {
    return this.#consumers.get(worker) ?? 0;
  }

  get maxConsumersPerWorker(): number {
    return this.#config.maxConsumersPerWorker;
  }

  /** A router on the given worker, or on the least loaded one. */
  async createRouter(
    mediaCodecs: types.RouterRtpCodecCapability[],
    worker: types.Worker = this.pick(),
  ): Promise<types.Router> {
    const router = await worker.createRouter({ mediaCodecs, appData: { workerPid: worker.pid } });
    this.#load.set(worker, (this.#load.get(worker) ?? 0) + 1);
    router.observer.once('close', () => this.#load.set(worker, Math.max(0, (this.#load.get(worker) ?? 1) - 1)));
    return router;
  }

  /**
   * What a router made with these codecs offers. mediasoup derives it from the codec list alone, so every router of
   * this server offers the same: clients get it with their invitation and prepare their media stack in the lobby.
   */
  async probeRouterCapabilities(mediaCodecs: types.RouterRtpCodecCapability[]): Promise<types.RtpCapabilities> {
    const router = await this.createRouter(mediaCodecs);
    this.#routerRtpCapabilities = router.rtpCapabilities;
    router.close();
    return router.rtpCapabilities;
  }

  /** Set by probeRouterCapabilities (the server does it once at startup). */
  get routerRtpCapabilities(): types.RtpCapabilities | null {
    return this.#routerRtpCapabilities;
  }

  workers(): readonly types.Worker[] {
    return this.#workers;
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#workers) w.close();
    this.#workers.length = 0;
  }

  async #spawn(): Promise<types.Worker> {
    const mediasoup = await loadMediasoup();
    const worker = await mediasoup.createWorker({
      logLevel: this.#config.logLevel,
      rtcMinPort: this.#config.rtcMinPort,
      rtcMaxPort: this.#config.rtcMaxPort,
    });
    this.#load.set(worker, 0);
    this.#countConsumers(worker);
    worker.on('died', (error) => void this.#replace(worker, error));
    return worker;
  }

  async #replace(dead: types.Worker, error: Error): Promise<void> {
    if (this.#closed) return;
    log.error(`worker ${dead.pid} died: ${error.message}; starting a replacement`);
    const index = this.#workers.indexOf(dead);
    this.#load.delete(dead);
    this.#consumers.delete(dead);
    try {
      const fresh = await this.#spawn();
      if (index >= 0) this.#workers[index] = fresh;
      else this.#workers.push(fresh);
    } catch (spawnError) {
      log.error('could not start a replacement worker', spawnError);
      if (index >= 0) this.#workers.splice(index, 1);
    }
    this.emit('workerDied', dead, error);
  }

  #countConsumers(worker: types.Worker): void {
    this.#consumers.set(worker, 0);
    const add = (delta: number) => {
      if (this.#consumers.has(worker)) this.#consumers.set(worker, (this.#consumers.get(worker) ?? 0) + delta);
    };
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newconsumer', (consumer) => {
          add(1);
          consumer.observer.once('close', () => add(-1));
        }),
      ),
    );
  }
}
