// Offline cache of agenda documents, so a delegate can read the agenda when the network drops.
// Content-addressed: a document is stored under its SHA-256, checked when written and again when read (a disk
// error or a tampered file is dropped, never served). Total size is capped; the least recently used documents go
// first. Every file is replaced atomically, and start-up repairs whatever a crash left half done.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CachedDocument } from '../../common/bridge.ts';
import { TEMP_PREFIX, writeFileAtomic } from './atomicFile.ts';

export const DEFAULT_CACHE_MAX_BYTES = 1024 * 1024 * 1024;
const INDEX_FILE = 'index.json';
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 255;

export type CacheErrorCode = 'invalid_hash' | 'invalid_name' | 'hash_mismatch' | 'too_large';

export class CacheError extends Error {
  constructor(
    readonly code: CacheErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

export function isSha256(value: string): boolean {
  return SHA256_PATTERN.test(value);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Display names come from the server; keep them printable and short, they are only ever shown, never paths. */
export function cleanDocumentName(name: string): string {
  return name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
}

interface IndexFile {
  version: 1;
  /** Least recently used first. */
  entries: CachedDocument[];
}

export class DocumentCache {
  /** Map order is recency order: least recently used first, so eviction walks from the front. */
  private readonly entries = new Map<string, CachedDocument>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  static async open(dir: string, maxBytes = DEFAULT_CACHE_MAX_BYTES): Promise<DocumentCache> {
    const cache = new DocumentCache(dir, maxBytes);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await cache.recover();
    return cache;
  }

  get totalBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    return total;
  }

  /** Most recently used first. */
  list(): CachedDocument[] {
    return [...this.entries.values()].reverse().map((entry) => ({ ...entry }));
  }

  put(sha256: string, name: string, data: Uint8Array): Promise<void> {
    return this.serialize(async () => {
      if (!isSha256(sha256)) throw new CacheError('invalid_hash', 'sha256 must be 64 lowercase hex digits');
      const cleanName = cleanDocumentName(name);
      if (cleanName === '') throw new CacheError('invalid_name', 'document name is empty');
      if (data.byteLength > this.maxBytes) {
        throw new CacheError('too_large', `document of ${data.byteLength} bytes exceeds the cache size`);
      }
      const actual = sha256Hex(data);
      if (actual !== sha256) throw new CacheError('hash_mismatch', `content hashes to ${actual}, not ${sha256}`);

      const existing = this.entries.get(sha256);
      this.entries.delete(sha256);
      if (existing === undefined) {
        await this.evictToFit(data.byteLength);
        await writeFileAtomic(this.blobPath(sha256), data);
      }
      this.entries.set(sha256, { sha256, name: cleanName, bytes: data.byteLength });
      await this.writeIndex();
    });
  }

  /** The document's bytes, or null when it is not cached or no longer matches its hash. */
  read(sha256: string): Promise<Uint8Array | null> {
    return this.serialize(async () => {
      if (!isSha256(sha256)) throw new CacheError('invalid_hash', 'sha256 must be 64 lowercase hex digits');
      const entry = this.entries.get(sha256);
      if (entry === undefined) return null;
      let data: Uint8Array;
      try {
        data = await readFile(this.blobPath(sha256));
      } catch {
        await this.drop(sha256);
        return null;
      }
      if (sha256Hex(data) !== sha256) {
        await this.drop(sha256);
        return null;
      }
      this.entries.delete(sha256);
      this.entries.set(sha256, entry);
      await this.writeIndex();
      return data;
    });
  }

  private blobPath(sha256: string): string {
    return join(this.dir, sha256);
  }

  private async evictToFit(incoming: number): Promise<void> {
    let total = this.totalBytes;
    for (const [sha256, entry] of this.entries) {
      if (total + incoming <= this.maxBytes) break;
      this.entries.delete(sha256);
      await rm(this.blobPath(sha256), { force: true });
      total -= entry.bytes;
    }
  }

  private async drop(sha256: string): Promise<void> {
    this.entries.delete(sha256);
    await rm(this.blobPath(sha256), { force: true });
    await this.writeIndex();
  }

  private async writeIndex(): Promise<void> {
    const index: IndexFile = { version: 1, entries: [...this.entries.values()] };
    await writeFileAtomic(join(this.dir, INDEX_FILE), JSON.stringify(index));
  }

  /** Rebuilds a consistent state: sweeps temporary files, forgets entries without a file, deletes unindexed files. */
  private async recover(): Promise<void> {
    const files = new Set(await readdir(this.dir));
    for (const entry of await this.readIndex()) {
      if (files.has(entry.sha256) && !this.entries.has(entry.sha256)) this.entries.set(entry.sha256, entry);
    }
    for (const file of files) {
      const stray = file.startsWith(TEMP_PREFIX) || (isSha256(file) && !this.entries.has(file));
      if (stray) await rm(join(this.dir, file), { force: true, recursive: true });
    }
    await this.writeIndex();
  }

  private async readIndex(): Promise<CachedDocument[]> {
    try {
      const parsed = JSON.parse(await readFile(join(this.dir, INDEX_FILE), 'utf8')) as Partial<IndexFile>;
      if (parsed.version !== 1 || !Array.isArray(parsed.entries)) return [];
      return parsed.entries.filter(
        (e): e is CachedDocument =>
          typeof e === 'object' &&
          e !== null &&
          typeof e.sha256 === 'string' &&
          isSha256(e.sha256) &&
          typeof e.name === 'string' &&
          Number.isSafeInteger(e.bytes) &&
          e.bytes >= 0,
      );
    } catch {
      return []; // a missing or unreadable index means an empty cache; unindexed files are swept
    }
  }

  /** One operation at a time, so the index never interleaves two writers' views. */
  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
