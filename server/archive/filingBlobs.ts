// The bytes a filing job waits with, on disk beside the queue's state (blobs/<sha256>.pdf for the record, .bin for
// its attachments): written before the job is saved, read for each attempt, dropped once no waiting job needs them.
// Attachments are streamed in (a recording is hard-linked where it can be) and handed to the archive as files, so
// that a recording of a long meeting is never held in memory by the queue.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { linkOrCopyAttachment } from './attachmentFiles.ts';
import { sha256, type ArchiveDocument, type FileAttachment } from './DocumentArchive.ts';
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
      // Named by its hash, which is known (and checked) once it has streamed in.
      const staging = this.#attachment(`incoming-${randomUUID()}`);
      const { sha256: hash, size } = await linkOrCopyAttachment(a, staging);
      await rename(staging, this.#attachment(hash));
      const { name, contentType, description } = a;
      out.push({ name, contentType, description, sha256: hash, size });
    }
    return out;
  }

  /** The job's document as the archive gets it: the attachments as files it streams. */
  async document(job: FilingJob): Promise<ArchiveDocument> {
    const pdf = await readFile(this.#pdf(job.sha256));
    const attachments = job.attachments.map(
      ({ name, contentType, description, sha256: hash, size }): FileAttachment => ({
        name,
        contentType,
        description,
        path: this.#attachment(hash),
        sha256: hash,
        size,
      }),
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
