// A pool of mediasoup workers (one process per core by default). A worker that dies is replaced at once and the
// pool tells its listeners, so that meetings on it can move to the replacement and clients rejoin their media.
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { loadMediasoup } from './loadMediasoup.ts';
import type { ServerConfig } from '../config.ts';

export interface WorkerPoolEvents {
  workerDied: [worker: types.Worker, error: Error];
}

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #config: ServerConfig['sfu'];
  readonly #workers: types.Worker[] = [];
  readonly #load = new Map<types.Worker, number>();
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

  /** The least loaded worker, counted in routers it hosts. */
  pick(): types.Worker {
    const alive = this.#workers.filter((w) => !w.closed);
    const first = alive[0];
    if (!first) throw new Error('no SFU worker is running');
    return alive.reduce((best, w) => ((this.#load.get(w) ?? 0) < (this.#load.get(best) ?? 0) ? w : best));
  }

  async createRouter(mediaCodecs: types.RouterRtpCodecCapability[]): Promise<types.Router> {
    const worker = this.pick();
    const router = await worker.createRouter({ mediaCodecs, appData: { workerPid: worker.pid } });
    this.#load.set(worker, (this.#load.get(worker) ?? 0) + 1);
    router.observer.once('close', () => this.#load.set(worker, Math.max(0, (this.#load.get(worker) ?? 1) - 1)));
    return router;
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
    worker.on('died', (error) => void this.#replace(worker, error));
    return worker;
  }

  async #replace(dead: types.Worker, error: Error): Promise<void> {
    if (this.#closed) return;
    console.error(`[sfu] worker ${dead.pid} died: ${error.message}; starting a replacement`);
    const index = this.#workers.indexOf(dead);
    this.#load.delete(dead);
    try {
      const fresh = await this.#spawn();
      if (index >= 0) this.#workers[index] = fresh;
      else this.#workers.push(fresh);
    } catch (spawnError) {
      console.error('[sfu] could not start a replacement worker', spawnError);
      if (index >= 0) this.#workers.splice(index, 1);
    }
    this.emit('workerDied', dead, error);
  }
}
