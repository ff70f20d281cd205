// The content-addressed blob folder in DATA_DIR: every stored file is named by the SHA-256 of its bytes, so a file
// uploaded twice is stored once and a name always means the same bytes. Writes go to a temporary file that is
// flushed to disk and then renamed into place, so a crash leaves either the whole blob or none of it.
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, sep } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class BlobStore {
  readonly dir: string;
  /** Where files on their way in are written (the same filesystem, so that moving one into place is a rename). */
  readonly tmpDir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.tmpDir = join(dir, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Where a blob lives: `<dir>/ab/abcdef…` (two-letter fan-out keeps folders small). */
  path(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 name: ${sha256.slice(0, 80)}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.path(sha256));
  }

  size(sha256: string): number {
    return statSync(this.path(sha256)).size;
  }

  /** Stores the bytes (once) and returns their name. Durable when it returns. */
  put(bytes: Uint8Array): { sha256: string; size: number } {
    const sha256 = sha256Hex(bytes);
    const target = this.path(sha256);
    if (existsSync(target)) return { sha256, size: bytes.byteLength };
    const folder = join(this.dir, sha256.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    const temporary = join(this.dir, 'tmp', `${randomUUID()}.part`);
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(temporary, { force: true });
      throw error;
    }
    closeSync(fd);
    this.#moveIn(temporary, folder, target);
    return { sha256, size: bytes.byteLength };
  }

  /**
   * Stores a file already written in `tmpDir` (an upload), by moving it into place under `sha256`, the caller's hash
   * of its bytes. Durable when it returns; the file is the store's then (or removed, when the blob exists already).
   */
  adopt(file: { path: string; sha256: string; size: number }): { sha256: string; size: number } {
    const target = this.path(file.sha256);
    if (!file.path.startsWith(this.tmpDir + sep)) throw new Error(`not a file of ${this.tmpDir}: ${file.path}`);
    if (existsSync(target)) {
      rmSync(file.path, { force: true });
      return { sha256: file.sha256, size: file.size };
    }
    const folder = join(this.dir, file.sha256.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    const fd = openSync(file.path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#moveIn(file.path, folder, target);
    return { sha256: file.sha256, size: file.size };
  }

  #moveIn(temporary: string, folder: string, target: string): void {
    renameSync(temporary, target);
    // The rename itself is durable only once the folder's entry is on disk.
    const dirFd = openSync(folder, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
