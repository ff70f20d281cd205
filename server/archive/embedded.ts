// The default archive: a folder a person can browse (documents/<year>/<number-notation>/v<n>-<hash>.pdf) and an
// index.json for search by subject or number. Filing the same number/notation again with new content adds a version;
// filing the same key again returns the first receipt. The record's attachments go into a folder beside its PDF
// (v<n>-<hash>.files/), listed with their hashes in the entry. Files are written before the index, each atomically.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  attachmentFileName,
  foldVietnamese,
  numberNotation,
  rejected,
  sha256,
  slug,
  type ArchiveDocument,
  type ArchiveMetadata,
  type DocumentArchive,
  type FilingReceipt,
} from './DocumentArchive.ts';
import { writeAttachmentFile } from './attachmentFiles.ts';

export interface ArchiveEntry {
  id: string;
  idempotencyKey: string;
  version: number;
  sha256: string;
  filedAt: string;
  /** Relative to the archive root. */
  path: string;
  meta: ArchiveMetadata;
  /** The record's attachments (paths relative to the archive root); absent in entries filed before there were any. */
  attachments?: { name: string; sha256: string; path: string }[];
}

interface IndexFile {
  format: 1;
  entries: ArchiveEntry[];
}

export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, data, { flush: true });
  await rename(temp, path);
}

export class EmbeddedArchive implements DocumentArchive {
  readonly name = 'embedded';
  readonly root: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(root: string) {
    this.root = root;
  }

  file(document: ArchiveDocument, idempotencyKey: string): Promise<FilingReceipt> {
    return this.#serial(async () => {
      const index = await this.#read();
      const hash = sha256(document.pdf);
      const existing = index.entries.find((e) => e.idempotencyKey === idempotencyKey);
      if (existing) {
        if (existing.sha256 !== hash) {
          throw rejected(`key ${idempotencyKey} was already used for a different document (${existing.id})`);
        }
        return this.#receipt(existing);
      }
      const code = numberNotation(document.meta);
      const version =
        1 + Math.max(0, ...index.entries.filter((e) => numberNotation(e.meta) === code).map((e) => e.version));
      const folder = join('documents', document.meta.issuedOn.slice(0, 4), slug(code));
      const path = join(folder, `v${version}-${hash.slice(0, 12)}.pdf`);
      await writeFileAtomic(join(this.root, path), document.pdf);
      const attachments = [];
      for (const [i, file] of (document.attachments ?? []).entries()) {
        const name = attachmentFileName(i, file.name);
        const filePath = join(folder, `v${version}-${hash.slice(0, 12)}.files`, name);
        // Streamed and hashed as it is written: a recording is never read whole.
        const written = await writeAttachmentFile(file, join(this.root, filePath));
        attachments.push({ name, sha256: written.sha256, path: filePath });
      }
      const entry: ArchiveEntry = {
        id: `${slug(code)}-v${version}`,
        idempotencyKey,
        version,
        sha256: hash,
        filedAt: new Date().toISOString(),
        path,
        meta: document.meta,
        ...(attachments.length ? { attachments } : {}),
      };
      await writeFileAtomic(join(this.root, folder, `v${version}.json`), `${JSON.stringify(entry, null, 2)}\n`);
      index.entries.push(entry);
      await this.#write(index);
      return this.#receipt(entry);
    });
  }

  async status(idempotencyKey: string): Promise<FilingReceipt | null> {
    const entry = (await this.#read()).entries.find((e) => e.idempotencyKey === idempotencyKey);
    return entry ? this.#receipt(entry) : null;
  }

  /** Entries whose subject, number/notation or agency contain every word of the query (diacritics optional). */
  async search(query: string): Promise<ArchiveEntry[]> {
    const terms = foldVietnamese(query).toLowerCase().split(/\s+/).filter(Boolean);
    const { entries } = await this.#read();
    return entries
      .filter((e) => {
        const haystack = foldVietnamese(`${e.meta.subject} ${numberNotation(e.meta)} ${e.meta.agency}`).toLowerCase();
        return terms.every((t) => haystack.includes(t));
      })
      .sort((a, b) => b.filedAt.localeCompare(a.filedAt));
  }

  /** Every version filed under a number/notation, oldest first. */
  async versions(code: string): Promise<ArchiveEntry[]> {
    const { entries } = await this.#read();
    return entries.filter((e) => numberNotation(e.meta) === code).sort((a, b) => a.version - b.version);
  }

  /** The stored PDF — or, by name, one of its attachments — checked against its recorded hash. */
  async read(id: string, attachment?: string): Promise<Buffer> {
    const entry = (await this.#read()).entries.find((e) => e.id === id);
    if (!entry) throw rejected(`no archived document ${id}`);
    const file = attachment === undefined ? entry : entry.attachments?.find((a) => a.name === attachment);
    if (!file) throw rejected(`archived document ${id} has no attachment ${attachment}`);
    const data = await readFile(join(this.root, file.path));
    if (sha256(data) !== file.sha256) throw rejected(`archived ${file.path} does not match its hash`);
    return data;
  }

  #receipt(entry: ArchiveEntry): FilingReceipt {
    return {
      archive: this.name,
      id: entry.id,
      idempotencyKey: entry.idempotencyKey,
      sha256: entry.sha256,
      filedAt: entry.filedAt,
      version: entry.version,
      location: join(this.root, entry.path),
    };
  }

  async #read(): Promise<IndexFile> {
    try {
      return JSON.parse(await readFile(join(this.root, 'index.json'), 'utf8')) as IndexFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, entries: [] };
      throw error;
    }
  }

  async #write(index: IndexFile): Promise<void> {
    await writeFileAtomic(join(this.root, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  }

  /** One filing at a time: versions are numbered from the index. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => {});
    return next;
  }
}
