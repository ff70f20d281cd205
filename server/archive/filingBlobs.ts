// The bytes a filing job waits with, on disk beside the queue's state (blobs/<sha256>.pdf for the record, .bin for
// its attachments): written before the job is saved, read for each attempt, dropped once no waiting job needs them.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256, type ArchiveDocument } from './DocumentArchive.ts';
import { writeFileAtomic } from './embedded.ts';
import type { FiledAttachment, FilingJob } from './filingJob.ts';

export class FilingBlobs {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  #pdf(hash: string): string {
    return join(this.dir, `${hash}.pdf`);
  }

  #attachment(hash: string): string {
    return join(this.dir, `${hash}.bin`);
  }

  /** Puts the PDF and attachments on disk; lists the attachments as the job keeps them. */
  async store(document: ArchiveDocument): Promise<FiledAttachment[]> {
    await writeFileAtomic(this.#pdf(sha256(document.pdf)), document.pdf);
    const out: FiledAttachment[] = [];
    for (const a of document.attachments ?? []) {
      const hash = sha256(a.data);
      await writeFileAtomic(this.#attachment(hash), a.data);
      const { name, contentType, description } = a;
      out.push({ name, contentType, description, sha256: hash, size: a.data.length });
    }
    return out;
  }

  /** The job's document as the archive gets it. */
  async document(job: FilingJob): Promise<ArchiveDocument> {
    const pdf = await readFile(this.#pdf(job.sha256));
    const attachments = await Promise.all(
      job.attachments.map(async ({ name, contentType, description, sha256: hash }) => ({
        name,
        contentType,
        description,
        data: await readFile(this.#attachment(hash)),
      })),
    );
    return { pdf, meta: job.meta, ...(attachments.length ? { attachments } : {}) };
  }

  /** The filed job's bytes, unless one of the jobs still waiting needs the same. */
  async drop(job: FilingJob, waiting: readonly FilingJob[]): Promise<void> {
    const needed = new Set(waiting.flatMap((j) => [j.sha256, ...j.attachments.map((a) => a.sha256)]));
    if (!needed.has(job.sha256)) await rm(this.#pdf(job.sha256), { force: true });
    for (const a of job.attachments) {
      if (!needed.has(a.sha256)) await rm(this.#attachment(a.sha256), { force: true });
    }
  }
}
