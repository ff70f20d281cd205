// Where a stroke's time goes on the server, read in the server's own process during a benchmark: when each
// annotation update arrived (epoch ms, comparable with the pages' and the points' clocks) and how long the sync
// service held the event loop for it (checking it against the layer's rules, applying it, relaying it to every
// subscriber), and the same for awareness messages (cursors): wall time, and the process's CPU time, which a machine
// shared with other work does not inflate. The service's methods are wrapped, not replaced: they run as they always do.
import type { SyncService } from '../../server/sync/SyncService.ts';

export interface SyncTimingsWindow {
  /** Per update: its arrival (epoch ms) and the synchronous work it caused (ms, wall and CPU). */
  updates: { at: number; ms: number; cpuMs: number }[];
  /** Per awareness message: the synchronous work it caused (CPU ms). */
  awarenessCpuMs: number[];
  /** Per store of queued updates (one SQLite transaction, its fsync included): wall ms on the event loop. */
  flushMs: number[];
}

const epochMs = () => performance.timeOrigin + performance.now();
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

export class SyncTimings {
  #window: SyncTimingsWindow = { updates: [], awarenessCpuMs: [], flushMs: [] };

  /** Wraps the service's update, awareness and flush to time them. */
  watch(sync: Pick<SyncService, 'update' | 'awareness' | 'flush'>): void {
    const flush = sync.flush.bind(sync);
    sync.flush = () => {
      const at = epochMs();
      try {
        flush();
      } finally {
        this.#window.flushMs.push(epochMs() - at);
      }
    };
    const update = sync.update.bind(sync);
    sync.update = (...args) => {
      const at = epochMs();
      const cpu = process.cpuUsage();
      try {
        return update(...args);
      } finally {
        this.#window.updates.push({ at, ms: epochMs() - at, cpuMs: cpuMsSince(cpu) });
      }
    };
    const awareness = sync.awareness.bind(sync);
    sync.awareness = (...args) => {
      const cpu = process.cpuUsage();
      try {
        awareness(...args);
      } finally {
        this.#window.awarenessCpuMs.push(cpuMsSince(cpu));
      }
    };
  }

  /** What was recorded since the last read. */
  read(): SyncTimingsWindow {
    const window = this.#window;
    this.#window = { updates: [], awarenessCpuMs: [], flushMs: [] };
    return window;
  }
}
