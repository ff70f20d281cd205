// The real server as a child process for the fuzzers and fault tests (`node --import tsx server/main.ts`, as
// `npm start` runs it), with tests/fuzz/serverWatch.mjs loaded into it to count unhandled rejections and uncaught
// exceptions. Its resident memory is read from /proc, so that what the fuzzer itself holds is not counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServerProcessOptions {
  dataDir: string;
  /** A fixed port (a restarted server keeps its clients' URL); 0: any free one. */
  port?: number;
  env?: Record<string, string>;
  /** Extra arguments for server/main.ts (`--demo`). */
  args?: string[];
  startTimeoutMs?: number;
}

const WATCH_LINE = /^\[fuzz-watch\] (unhandledRejection|uncaughtException) (.*)$/;
const running = new Set<ChildProcess>();

export class ServerProcess {
  readonly child: ChildProcess;
  /** Each unhandled rejection or uncaught exception the server reported, with its stack. */
  readonly unhandled: { kind: string; detail: string }[] = [];
  /** The last lines the server wrote on stderr (for a report when something goes wrong). */
  readonly stderrTail: string[] = [];
  readonly #exited: Promise<void>;
  #ready: Promise<void> = Promise.resolve();
  #url = '';

  private constructor(child: ChildProcess) {
    this.child = child;
    this.#exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void this.#exited.then(() => running.delete(child));
    child.stdout!.resume();
  }

  /** Starts the server and resolves once it listens. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const server = ServerProcess.spawn(options);
    await server.ready();
    return server;
  }

  /** Starts the server and returns at once (a test may kill it before it listens); `ready()` waits for it. */
  static spawn(options: ServerProcessOptions): ServerProcess {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './tests/fuzz/serverWatch.mjs', 'server/main.ts', ...(options.args ?? [])],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATA_DIR: options.dataDir,
          PORT: String(options.port ?? 0),
          HOST: '127.0.0.1',
          HTTP_ONLY: '1',
          SFU_WORKERS: '1',
          RTC_MIN_PORT: '40000',
          RTC_MAX_PORT: '49999',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    running.add(child);
    const server = new ServerProcess(child);
    server.#ready = server.#announced(options.startTimeoutMs ?? 60_000).then((url) => {
      server.#url = url;
    });
    // Awaited by whoever calls ready(); a server killed before it listens has nobody waiting, and that is fine.
    server.#ready.catch(() => {});
    return server;
  }

  /** Resolves once the server listens; rejects if it exits or takes too long first. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Reads stderr for good; resolves with the URL the server announces once it listens. */
  #announced(timeoutMs: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const failed = (why: string) => reject(new Error(`${why}:\n${this.stderrTail.join('\n')}`));
      const timer = setTimeout(() => failed('the server did not start'), timeoutMs);
      void this.#exited.then(() => {
        clearTimeout(timer);
        failed(`the server exited (${this.child.exitCode ?? this.child.signalCode})`);
      });
      createInterface({ input: this.child.stderr! }).on('line', (line) => {
        const watch = WATCH_LINE.exec(line);
        if (watch) this.unhandled.push({ kind: watch[1]!, detail: JSON.parse(watch[2]!) as string });
        this.stderrTail.push(line);
        if (this.stderrTail.length > 200) this.stderrTail.shift();
        const announced = /^Phòng họp số: (https?:\/\/\S+)/.exec(line);
        if (announced) {
          clearTimeout(timer);
          // The server listens on 127.0.0.1; the name it announces may be "localhost", which can resolve to ::1.
          const origin = new URL(announced[1]!);
          origin.hostname = '127.0.0.1';
          resolve(origin.origin);
        }
      });
    });
  }

  get url(): string {
    return this.#url;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The server process's resident memory in MiB (the mediasoup worker, a process of its own, apart). */
  rssMb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : null;
    } catch {
      return null;
    }
  }

  /** Alive and answering HTTP. */
  async healthy(timeoutMs = 5000): Promise<boolean> {
    if (!this.alive()) return false;
    try {
      const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** SIGKILL: nothing of the server's runs, as when the power goes. */
  async kill(): Promise<void> {
    if (this.alive()) this.child.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM (the server's own shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive()) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }

  exited(): Promise<void> {
    return this.#exited;
  }
}

/** For `after` hooks and signal handlers: no server outlives the fuzzer that started it. */
export function killAllServerProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}
