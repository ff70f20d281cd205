// What a running server costs while a load test runs, read inside its own process: Node's CPU and event-loop delay
// (perf_hooks' histogram sampled every millisecond, reset each window; what a sample took beyond that millisecond is
// the delay), memory, and for each mediasoup worker its CPU (getResourceUsage),
// resident memory (/proc), WebRTC transports and consumers, active or paused. Read in windows: `start()` opens one,
// `read()` closes it and opens the next.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { types } from 'mediasoup';

export interface WorkerWindow {
  pid: number;
  cpuPct: number;
  rssMb: number | null;
  transports: number;
  transportsConnected: number;
  consumers: number;
  consumersActive: number;
  consumersPaused: number;
  producers: number;
}

export interface ServerWindow {
  seconds: number;
  nodeCpuPct: number;
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  nodeRssMb: number;
  nodeHeapMb: number;
  workers: WorkerWindow[];
}

interface Tracked {
  transports: Set<types.WebRtcTransport>;
  consumers: Set<types.Consumer>;
  producers: Set<types.Producer>;
}

/** The event-loop sampling timer's period (ms); what the histogram records beyond it is the delay. */
const RESOLUTION_MS = 1;
const delayMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Resident memory of a process, from /proc (null where there is none). */
export function rssMbOf(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export class ServerStats {
  readonly #tracked = new Map<types.Worker, Tracked>();
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  #started = 0;
  #cpu = process.cpuUsage();
  #workerCpu = new Map<types.Worker, number>();

  /** Follows the worker's transports, producers and consumers from now on. */
  watch(worker: types.Worker): void {
    const tracked: Tracked = { transports: new Set(), consumers: new Set(), producers: new Set() };
    this.#tracked.set(worker, tracked);
    const follow = <T extends { observer: { once(event: 'close', listener: () => void): unknown } }>(
      set: Set<T>,
      item: T,
    ) => {
      set.add(item);
      item.observer.once('close', () => set.delete(item));
    };
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) => {
        if (transport.type === 'webrtc') follow(tracked.transports, transport as types.WebRtcTransport);
        transport.observer.on('newconsumer', (consumer) => follow(tracked.consumers, consumer));
        transport.observer.on('newproducer', (producer) => follow(tracked.producers, producer));
      }),
    );
  }

  async start(): Promise<void> {
    this.#histogram.reset();
    this.#histogram.enable();
    this.#cpu = process.cpuUsage();
    this.#started = performance.now();
    for (const worker of this.#tracked.keys()) this.#workerCpu.set(worker, await this.#workerCpuMs(worker));
  }

  async read(): Promise<ServerWindow> {
    const elapsedMs = performance.now() - this.#started;
    const cpu = process.cpuUsage(this.#cpu);
    const h = this.#histogram;
    const memory = process.memoryUsage();
    const workers: WorkerWindow[] = [];
    for (const [worker, tracked] of this.#tracked) {
      if (worker.closed) continue;
      const cpuMs = await this.#workerCpuMs(worker);
      const consumers = [...tracked.consumers];
      const active = consumers.filter((c) => !c.paused && !c.producerPaused).length;
      workers.push({
        pid: worker.pid,
        cpuPct: ((cpuMs - (this.#workerCpu.get(worker) ?? cpuMs)) / elapsedMs) * 100,
        rssMb: rssMbOf(worker.pid),
        transports: tracked.transports.size,
        transportsConnected: [...tracked.transports].filter((t) => t.dtlsState === 'connected').length,
        consumers: consumers.length,
        consumersActive: active,
        consumersPaused: consumers.length - active,
        producers: tracked.producers.size,
      });
    }
    const window: ServerWindow = {
      seconds: elapsedMs / 1000,
      nodeCpuPct: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
      eventLoopP50Ms: delayMs(h.percentile(50)),
      eventLoopP99Ms: delayMs(h.percentile(99)),
      eventLoopMaxMs: delayMs(h.max),
      nodeRssMb: mb(memory.rss),
      nodeHeapMb: mb(memory.heapUsed),
      workers,
    };
    await this.start();
    return window;
  }

  stop(): void {
    this.#histogram.disable();
  }

  async #workerCpuMs(worker: types.Worker): Promise<number> {
    const usage = await worker.getResourceUsage();
    return usage.ru_utime + usage.ru_stime;
  }
}
