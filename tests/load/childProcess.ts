// Load tests run the server and the synthetic points in processes of their own, so that what the server costs (its
// CPU, its event loop) is measured apart from what drives it. This is the small typed call channel between the
// benchmark and such a process: `serveCalls` in the child, `startChild` + `call` in the parent (Node's IPC).
import { fork, type ChildProcess } from 'node:child_process';

/** Method name → (argument) → result, for one kind of child process. */
export type CallMap = Record<string, (arg: never) => Promise<unknown>>;

interface CallMessage {
  id: number;
  method: string;
  arg: unknown;
}

interface ReplyMessage {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** In the child: answers the parent's calls; when the parent goes, cleans up (`onExit`) and exits. */
export function serveCalls(
  handlers: Record<string, (arg: never) => Promise<unknown>>,
  onExit: () => Promise<void> = async () => {},
): void {
  process.on('message', (message: CallMessage) => {
    const handler = handlers[message.method];
    const reply = (r: Omit<ReplyMessage, 'id'>) => process.send?.({ id: message.id, ...r });
    if (!handler) {
      reply({ ok: false, error: `no method ${message.method}` });
      return;
    }
    handler(message.arg as never).then(
      (result) => reply({ ok: true, result }),
      (error: unknown) =>
        reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  process.on('disconnect', () => {
    onExit().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

export class Child<M extends CallMap> {
  readonly process: ChildProcess;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #next = 1;

  constructor(child: ChildProcess) {
    this.process = child;
    child.on('message', (message: ReplyMessage) => {
      const waiting = this.#pending.get(message.id);
      if (!waiting) return;
      this.#pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error));
    });
    child.on('exit', (code, signal) => {
      for (const waiting of this.#pending.values()) waiting.reject(new Error(`child exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  call<K extends keyof M & string>(method: K, arg: Parameters<M[K]>[0]): Promise<Awaited<ReturnType<M[K]>>> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ id, method, arg } satisfies CallMessage);
    });
  }

  /** Asks the child to finish (its `disconnect` handler exits) and waits, then kills what is left. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts a TypeScript module as a child process (through tsx), its stderr passed through. */
export function startChild<M extends CallMap>(modulePath: string, env: Record<string, string> = {}): Child<M> {
  const child = fork(modulePath, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Child<M>(child);
}
