// The filing queue: a signed record waits here until its archive holds it. Jobs and the PDFs they carry are on disk
// before enqueue() resolves, so a crash or restart loses nothing; a target that is down is retried with exponential
// backoff; the idempotency key goes with every attempt, so the archive never gets a second copy. State changes are
// events (queued → filing → retrying … → filed | failed) that the UI shows. Archives whose receivers report back
// (edXML) are watched while the queue runs: each status lands on the job that filed that document, and a refusal
// lets the job be filed again.
import { EventEmitter } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFailure } from '../../common/errors.ts';
import { logger } from '../log.ts';
import { writeFileAtomic } from './embedded.ts';
import {
  isRetryable,
  sha256,
  type ArchiveBusiness,
  type ArchiveDocument,
  type ArchiveStatusReport,
  type DocumentArchive,
} from './DocumentArchive.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy, type FilingJob } from './filingJob.ts';
import { FilingBlobs } from './filingBlobs.ts';
import { mergeStatus, refileOffered } from './receiverStatuses.ts';

export {
  backoffDelay,
  DEFAULT_BACKOFF,
  FILING_STATES,
  type BackoffPolicy,
  type FiledAttachment,
  type FilingJob,
  type FilingState,
} from './filingJob.ts';

const log = logger('filing');

/** Status reports kept while no job has filed their document yet (a connector faster than our own bookkeeping). */
const MAX_UNMATCHED = 200;

export interface FilingQueueOptions {
  /** Holds state.json and the PDFs waiting to be filed. */
  dir: string;
  archives: DocumentArchive[];
  backoff?: Partial<BackoffPolicy>;
}

interface StateFile {
  format: 1;
  jobs: FilingJob[];
  unmatched?: (ArchiveStatusReport & { archive: string })[];
}

export class FilingQueue extends EventEmitter<{ change: [FilingJob] }> {
  readonly dir: string;
  readonly #archives: Map<string, DocumentArchive>;
  readonly #policy: BackoffPolicy;
  readonly #jobs = new Map<string, FilingJob>();
  readonly #blobs: FilingBlobs;
  #unmatched: (ArchiveStatusReport & { archive: string })[] = [];
  #watching: Promise<(() => Promise<void>)[]> | null = null;
  #reporting: Promise<void> = Promise.resolve();
  #running = false;
  #timer: NodeJS.Timeout | null = null;
  #pumping: Promise<void> | null = null;
  #saving: Promise<void> = Promise.resolve();

  private constructor(options: FilingQueueOptions) {
    super();
    this.dir = options.dir;
    this.#archives = new Map(options.archives.map((a) => [a.name, a]));
    this.#policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#blobs = new FilingBlobs(join(this.dir, 'blobs'));
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
    queue.#unmatched = state.unmatched ?? [];
    for (const job of state.jobs) {
      // Jobs saved before attachments and receiver statuses existed.
      job.attachments ??= [];
      job.receiverStatuses ??= [];
      job.resends ??= 0;
      job.refiledAt ??= null;
      job.sentAt ??= job.receipt ? [job.receipt.filedAt] : [];
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
    const attachments = await this.#blobs.store(document);
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
      attachments,
      receiverStatuses: [],
      resends: 0,
      refiledAt: null,
      createdAt: now,
      updatedAt: now,
    };
    this.#jobs.set(key, job);
    await this.#save();
    this.#emit(job);
    this.#kick();
    return structuredClone(job);
  }

  /**
   * Queues a follow-up to a filed job — an update or replacement with the new document, or a recall — for the same
   * archive, referring to the original by the id the archive gave it.
   */
  async enqueueFollowUp(
    originalKey: string,
    business: Omit<ArchiveBusiness, 'originalId'>,
    document: ArchiveDocument,
    key: string,
  ): Promise<FilingJob> {
    const original = this.#jobs.get(originalKey);
    if (!original?.receipt) throw new AppFailure('archive_rejected', `${originalKey} has not been filed`);
    const meta = { ...document.meta, business: { ...business, originalId: original.receipt.id } };
    return this.enqueue(original.target, { ...document, meta }, key);
  }

  /**
   * Files a job again after a receiving system refused it: a new filing of the same document (the archive sees the
   * key with the resend number). Its PDF and attachments come again, as they are not kept once filed.
   */
  async refile(key: string, document: ArchiveDocument): Promise<FilingJob> {
    const job = this.#jobs.get(key);
    if (!job) throw new AppFailure('archive_rejected', `no filing job ${key}`);
    if (job.state !== 'filed' || !refileOffered(job.receiverStatuses, job.refiledAt)) {
      throw new AppFailure('archive_rejected', `${key} was not refused by its receiver; nothing to file again`);
    }
    if (sha256(document.pdf) !== job.sha256) throw new AppFailure('archive_rejected', `${key} is for other content`);
    await this.#blobs.store(document);
    const now = new Date().toISOString();
    const again = { state: 'queued', attempts: 0, resends: job.resends + 1, refiledAt: now, nextAttemptAt: now };
    Object.assign(job, { ...again, updatedAt: now });
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

  /** Starts filing, and reading the statuses of archives that report back; resolves once both run. */
  start(): Promise<void> {
    this.#running = true;
    this.#kick();
    this.#watching ??= Promise.all(
      [...this.#archives.values()].map((archive) =>
        archive.watchStatuses
          ? archive
              .watchStatuses((report) => this.#report(archive.name, report))
              .catch((error: unknown) => {
                log.error(`cannot read the statuses of ${archive.name}`, error);
                return async () => {};
              })
          : Promise.resolve(async () => {}),
      ),
    );
    return this.#watching.then(() => {});
  }

  /** Stops scheduling and reading statuses; waits for an attempt in progress to end. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const stoppers = await this.#watching;
    this.#watching = null;
    await Promise.all((stoppers ?? []).map((stopWatching) => stopWatching()));
    await this.#pumping;
    await this.#saving;
  }

  /**
   * A receiver's status: onto the latest job that filed that document, or kept until one has. Resolves once saved
   * (the message may then be moved away); reports are taken one at a time, each announced once.
   */
  #report(archive: string, report: ArchiveStatusReport): Promise<void> {
    const next = this.#reporting.then(() => this.#takeReport(archive, report));
    this.#reporting = next.catch(() => {});
    return next;
  }

  async #takeReport(archive: string, report: ArchiveStatusReport): Promise<void> {
    const job = [...this.#jobs.values()]
      .filter((j) => j.target === archive && j.receipt?.id === report.documentId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!job) {
      log.warn(`status ${report.code} from ${report.organId} for ${report.documentId}: no filing of it yet`);
      this.#unmatched = [...this.#unmatched, { ...report, archive }].slice(-MAX_UNMATCHED);
      await this.#save();
      return;
    }
    if (this.#addStatus(job, report)) {
      job.updatedAt = new Date().toISOString();
      await this.#save();
      this.#emit(job);
    }
  }

  #addStatus(job: FilingJob, report: ArchiveStatusReport): boolean {
    const { documentId: _documentId, ...status } = report;
    const merged = mergeStatus(job.receiverStatuses, status);
    if (!merged) return false;
    job.receiverStatuses = merged;
    return true;
  }

  /** Statuses that arrived before this job's filing was recorded. */
  #adoptUnmatched(job: FilingJob): void {
    const mine = this.#unmatched.filter((r) => r.archive === job.target && r.documentId === job.receipt?.id);
    if (mine.length === 0) return;
    this.#unmatched = this.#unmatched.filter((r) => !mine.includes(r));
    for (const { archive: _archive, ...report } of mine) this.#addStatus(job, report);
  }

  #emit(job: FilingJob): void {
    this.emit('change', structuredClone(job));
  }

  #save(): Promise<void> {
    const snapshot: StateFile = { format: 1, jobs: [...this.#jobs.values()], unmatched: this.#unmatched };
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
      const document = await this.#blobs.document(job);
      const receipt = await archive.file(document, job.resends ? `${job.key}#resend-${job.resends}` : job.key);
      Object.assign(job, { state: 'filed', receipt, nextAttemptAt: null, lastError: null });
      // One sending per filing (the first, then each resend): an attempt repeated after a restart is not another.
      const sent = job.sentAt ?? [];
      if (sent.length <= job.resends) job.sentAt = [...sent, receipt.filedAt];
      this.#adoptUnmatched(job);
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
    if (job.state === 'filed')
      await this.#blobs.drop(
        job,
        [...this.#jobs.values()].filter((j) => j.state !== 'filed'),
      );
    this.#emit(job);
  }
}
