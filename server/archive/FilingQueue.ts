// The filing queue: a signed record waits here until its archive holds it. Jobs and the PDFs they carry are on disk
// before enqueue() resolves, so a crash or restart loses nothing; a target that is down is retried with exponential
// backoff; the idempotency key goes with every attempt, so the archive never gets a second copy. State changes are
// events (queued → filing → retrying … → filed | failed) that the UI shows.
import { EventEmitter } from 'node:events';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFailure } from '../../common/errors.ts';
import { writeFileAtomic } from './embedded.ts';
import {
  isRetryable,
  sha256,
  type ArchiveDocument,
  type ArchiveMetadata,
  type DocumentArchive,
  type FilingReceipt,
} from './DocumentArchive.ts';

export const FILING_STATES = ['queued', 'filing', 'retrying', 'filed', 'failed'] as const;
export type FilingState = (typeof FILING_STATES)[number];

export interface FilingJob {
  key: string;
  /** Name of the archive adapter (DocumentArchive.name). */
  target: string;
  state: FilingState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: { code: string; detail: string } | null;
  receipt: FilingReceipt | null;
  sha256: string;
  meta: ArchiveMetadata;
  createdAt: string;
  updatedAt: string;
}

export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
  /** ± share of the delay, so that many queues do not retry in step. */
  jitter: number;
  /** Attempts before a job is given up as failed (it can be retried by hand). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 2_000,
  factor: 2,
  maxMs: 10 * 60_000,
  jitter: 0.2,
  maxAttempts: 30,
};

export interface FilingQueueOptions {
  /** Holds state.json and the PDFs waiting to be filed. */
  dir: string;
  archives: DocumentArchive[];
  backoff?: Partial<BackoffPolicy>;
}

interface StateFile {
  format: 1;
  jobs: FilingJob[];
}

export function backoffDelay(policy: BackoffPolicy, attempts: number, random = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempts - 1));
  return Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
}

export class FilingQueue extends EventEmitter<{ change: [FilingJob] }> {
  readonly dir: string;
  readonly #archives: Map<string, DocumentArchive>;
  readonly #policy: BackoffPolicy;
  readonly #jobs = new Map<string, FilingJob>();
  #running = false;
  #timer: NodeJS.Timeout | null = null;
  #pumping: Promise<void> | null = null;
  #saving: Promise<void> = Promise.resolve();

  private constructor(options: FilingQueueOptions) {
    super();
    this.dir = options.dir;
    this.#archives = new Map(options.archives.map((a) => [a.name, a]));
    this.#policy = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** Loads the queue from its folder; an attempt cut short by a restart is retried (safe: filing is idempotent). */
  static async open(options: FilingQueueOptions): Promise<FilingQueue> {
    const queue = new FilingQueue(options);
    await mkdir(join(queue.dir, 'blobs'), { recursive: true });
    let state: StateFile = { format: 1, jobs: [] };
    try {
      state = JSON.parse(await readFile(join(queue.dir, 'state.json'), 'utf8')) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const job of state.jobs) {
      if (job.state === 'filing') {
        job.state = 'retrying';
        job.nextAttemptAt = new Date().toISOString();
      }
      queue.#jobs.set(job.key, job);
    }
    return queue;
  }

  get(key: string): FilingJob | undefined {
    const job = this.#jobs.get(key);
    return job ? structuredClone(job) : undefined;
  }

  list(): FilingJob[] {
    return [...this.#jobs.values()].map((job) => structuredClone(job));
  }

  /**
   * Queues a document for an archive. Resolves once the job and its PDF are on disk. The same key again returns the
   * existing job (never a second filing); a key reused for other content is refused.
   */
  async enqueue(target: string, document: ArchiveDocument, key: string): Promise<FilingJob> {
    const hash = sha256(document.pdf);
    const existing = this.#jobs.get(key);
    if (existing) {
      if (existing.sha256 !== hash) throw new AppFailure('archive_rejected', `key ${key} is queued for other content`);
      return structuredClone(existing);
    }
    if (!this.#archives.has(target)) throw new AppFailure('archive_rejected', `no archive named ${target}`);
    await writeFileAtomic(this.#blob(hash), document.pdf);
    const now = new Date().toISOString();
    const job: FilingJob = {
      key,
      target,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      receipt: null,
      sha256: hash,
      meta: document.meta,
      createdAt: now,
      updatedAt: now,
    };
    this.#jobs.set(key, job);
    await this.#save();
    this.#emit(job);
    this.#kick();
    return structuredClone(job);
  }

  /** Puts a failed job back in the queue. */
  async retry(key: string): Promise<void> {
    const job = this.#jobs.get(key);
    if (!job || job.state !== 'failed') return;
    Object.assign(job, { state: 'queued', attempts: 0, nextAttemptAt: new Date().toISOString() });
    await this.#save();
    this.#emit(job);
    this.#kick();
  }

  /** Resolves when the job is filed or has failed. */
  settled(key: string): Promise<FilingJob> {
    return new Promise((resolve, reject) => {
      const check = (job: FilingJob | undefined): boolean => {
        if (job && (job.state === 'filed' || job.state === 'failed')) {
          this.off('change', onChange);
          resolve(structuredClone(job));
          return true;
        }
        return false;
      };
      const onChange = (job: FilingJob): void => {
        if (job.key === key) check(job);
      };
      if (!this.#jobs.has(key)) return reject(new Error(`no filing job ${key}`));
      this.on('change', onChange);
      check(this.#jobs.get(key));
    });
  }

  start(): void {
    this.#running = true;
    this.#kick();
  }

  /** Stops scheduling; waits for an attempt in progress to end. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#pumping;
    await this.#saving;
  }

  #blob(hash: string): string {
    return join(this.dir, 'blobs', `${hash}.pdf`);
  }

  #emit(job: FilingJob): void {
    this.emit('change', structuredClone(job));
  }

  #save(): Promise<void> {
    const snapshot: StateFile = { format: 1, jobs: [...this.#jobs.values()] };
    const text = `${JSON.stringify(snapshot, null, 1)}\n`;
    this.#saving = this.#saving.then(() => writeFileAtomic(join(this.dir, 'state.json'), text));
    return this.#saving;
  }

  #kick(): void {
    if (!this.#running || this.#pumping) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = null;
      this.#schedule();
    });
  }

  #schedule(): void {
    if (!this.#running) return;
    const waiting = [...this.#jobs.values()].filter((j) => j.state === 'queued' || j.state === 'retrying');
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((j) => Date.parse(j.nextAttemptAt ?? j.createdAt)));
    // Not unref'd: a started queue keeps the process alive until stop(), like a server does.
    this.#timer = setTimeout(() => this.#kick(), Math.max(0, next - Date.now()));
  }

  async #pump(): Promise<void> {
    for (;;) {
      if (!this.#running) return;
      const now = Date.now();
      const due = [...this.#jobs.values()]
        .filter(
          (j) => (j.state === 'queued' || j.state === 'retrying') && Date.parse(j.nextAttemptAt ?? j.createdAt) <= now,
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
      if (!due) return;
      await this.#attempt(due);
    }
  }

  async #attempt(job: FilingJob): Promise<void> {
    const archive = this.#archives.get(job.target);
    Object.assign(job, { state: 'filing', attempts: job.attempts + 1, updatedAt: new Date().toISOString() });
    await this.#save();
    this.#emit(job);
    try {
      if (!archive) throw new AppFailure('archive_rejected', `no archive named ${job.target}`);
      const pdf = await readFile(this.#blob(job.sha256));
      const document: ArchiveDocument = { pdf, meta: job.meta };
      const receipt = await archive.file(document, job.key);
      Object.assign(job, { state: 'filed', receipt, nextAttemptAt: null, lastError: null });
    } catch (error) {
      const code = error instanceof AppFailure ? error.code : 'archive_unavailable';
      const lastError = { code, detail: (error as Error).message };
      if (isRetryable(error) && job.attempts < this.#policy.maxAttempts) {
        const at = Date.now() + backoffDelay(this.#policy, job.attempts);
        Object.assign(job, { state: 'retrying', lastError, nextAttemptAt: new Date(at).toISOString() });
      } else {
        Object.assign(job, { state: 'failed', lastError, nextAttemptAt: null });
      }
    }
    job.updatedAt = new Date().toISOString();
    await this.#save();
    const stillNeeded = [...this.#jobs.values()].some((j) => j.sha256 === job.sha256 && j.state !== 'filed');
    if (job.state === 'filed' && !stillNeeded) await rm(this.#blob(job.sha256), { force: true });
    this.#emit(job);
  }
}
