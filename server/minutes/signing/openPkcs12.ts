// Opening PKCS#12 files that people upload, off the event loop: each in a worker thread (pkcs12.worker.mjs) with a
// time and memory limit, a few at a time. The file decides how costly its key derivation is (up to the limit in
// identity.ts), and whatever it costs is paid by that thread, never by the meetings this server runs.
import { Worker } from 'node:worker_threads';
import { AppFailure, isAppError, type AppError } from '../../../common/errors.ts';
import { identityFromParts, type SigningIdentity } from './identity.ts';

export const DEFAULT_OPEN_TIMEOUT_MS = 10_000;
/** Files opened at once; more wait their turn (each holds a worker thread and its heap). */
const PARALLEL = 2;
const WORKER_URL = new URL('./pkcs12.worker.mjs', import.meta.url);

type Answer =
  { ok: true; keyPem: string; certificates: Uint8Array[] } | { ok: false; failure: AppError | null; message?: string };

function run(data: Buffer, password: string, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const copy = new Uint8Array(data);
    const worker = new Worker(WORKER_URL, {
      workerData: { data: copy, password },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      settle();
    };
    const fail = (detail: string) => finish(() => reject(new AppFailure('signing_failed', detail)));
    const timer = setTimeout(
      () => fail(`opening the PKCS#12 file took longer than ${timeoutMs} ms; export it again with the usual settings`),
      timeoutMs,
    );
    worker.once('message', (answer: Answer) => finish(() => resolve(answer)));
    worker.once('error', (error) => fail(`the PKCS#12 file could not be opened: ${error.message}`));
    worker.once('exit', (code) => fail(`the PKCS#12 reader stopped (${code})`));
  });
}

/** Opens uploaded PKCS#12 files in worker threads, at most PARALLEL at once. One per server. */
export class Pkcs12Opener {
  readonly #timeoutMs: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(timeoutMs = DEFAULT_OPEN_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
  }

  /**
   * The identity in `data`. A wrong password or a file without a usable key is `signing_failed` +
   * signing_password (what the person can put right); the limits' failures (iterations, time) say what they are.
   */
  async open(data: Buffer, password: string): Promise<SigningIdentity> {
    await this.#turn();
    let answer: Answer;
    try {
      answer = await run(data, password, this.#timeoutMs);
    } finally {
      this.#next();
    }
    if (!answer.ok) {
      const failure = answer.failure;
      if (!failure || !isAppError(failure)) {
        throw new AppFailure('invalid_message', `not a PKCS#12 file: ${answer.message ?? 'unreadable'}`);
      }
      if (failure.code === 'signing_failed' && !failure.reason) {
        throw new AppFailure('signing_failed', failure.detail, 'signing_password');
      }
      throw new AppFailure(failure.code, failure.detail, failure.reason, failure.params);
    }
    try {
      return identityFromParts({ keyPem: answer.keyPem, certificates: answer.certificates.map((c) => Buffer.from(c)) });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new AppFailure('signing_failed', detail, 'signing_password');
    }
  }

  #turn(): Promise<void> {
    if (this.#running < PARALLEL) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** The turn passes to the next waiting, or is given back. */
  #next(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}
