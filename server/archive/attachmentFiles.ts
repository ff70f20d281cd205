// Attachments on their way into an archive without ever being held whole in memory: a meeting's recording is
// gigabytes for a long briefing. A file attachment is read as a stream wherever it goes, and hashed (SHA-256) while
// it streams, so the hash in the filing manifest is the hash of the bytes that were sent; bytes that do not hash to
// what the attachment says are refused (archive_rejected), never filed.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { rejected, sha256, type ArchiveAttachment } from './DocumentArchive.ts';

export interface Hashed {
  sha256: string;
  size: number;
}

/** Passes bytes through unchanged, hashing and counting them (or is given them with `add`). */
export class HashTap extends Transform {
  readonly #hash: Hash = createHash('sha256');
  #size = 0;
  #digest: string | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.add(chunk);
    done(null, chunk);
  }

  add(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.#size += chunk.length;
  }

  /** Once the stream has ended. */
  result(): Hashed {
    this.#digest ??= this.#hash.digest('hex');
    return { sha256: this.#digest, size: this.#size };
  }
}

/** The attachment's bytes as a stream: a file is read in chunks, never whole. */
export function attachmentStream(attachment: ArchiveAttachment): Readable {
  return 'path' in attachment ? createReadStream(attachment.path) : Readable.from([attachment.data]);
}

export function attachmentSize(attachment: ArchiveAttachment): number {
  return 'path' in attachment ? attachment.size : attachment.data.length;
}

/** The hash the attachment must have: a file's is given with it and checked as it streams. */
export function attachmentHash(attachment: ArchiveAttachment): string {
  return 'path' in attachment ? attachment.sha256 : sha256(attachment.data);
}

/** Refuses bytes that are not the attachment's (a file changed or damaged since it was hashed). */
export function checkStreamed(attachment: ArchiveAttachment, streamed: Hashed): void {
  const expected = attachmentHash(attachment);
  if (streamed.sha256 !== expected || streamed.size !== attachmentSize(attachment)) {
    throw rejected(
      `${attachment.name}: streamed ${streamed.size} bytes hashing to ${streamed.sha256}, ` +
        `not ${attachmentSize(attachment)} bytes hashing to ${expected}`,
    );
  }
}

/** `source` read through `tap` (a failure of either ends the other). */
export function through(source: Readable, tap: HashTap): HashTap {
  source.on('error', (error) => tap.destroy(error));
  tap.on('close', () => source.destroy());
  return source.pipe(tap);
}

/** A file's SHA-256 and size, read as a stream. */
export async function hashFile(path: string): Promise<Hashed> {
  const tap = new HashTap();
  await pipeline(createReadStream(path), tap, async (source: AsyncIterable<Buffer>) => {
    for await (const _chunk of source);
  });
  return tap.result();
}

const tempBeside = (path: string) => `${path}.${process.pid}.${Date.now()}.tmp`;

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the attachment to `path` atomically (a temporary file, flushed to disk, then renamed), streaming and
 * hashing it; a file whose bytes are not what the attachment says is not left behind.
 */
export async function writeAttachmentFile(attachment: ArchiveAttachment, path: string): Promise<Hashed> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  try {
    const tap = new HashTap();
    await pipeline(attachmentStream(attachment), tap, createWriteStream(temp));
    checkStreamed(attachment, tap.result());
    await fsyncFile(temp);
    await rename(temp, path);
    return tap.result();
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Puts a file attachment at `path` as a hard link where the two are on one file system (a recording is not copied
 * only to wait in the filing queue), else as a streamed copy; either way checked against its hash as it is read.
 */
export async function linkOrCopyAttachment(attachment: ArchiveAttachment, path: string): Promise<Hashed> {
  if (!('path' in attachment)) return writeAttachmentFile(attachment, path);
  await mkdir(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  try {
    await link(attachment.path, temp);
  } catch {
    return writeAttachmentFile(attachment, path);
  }
  try {
    const hashed = await hashFile(temp);
    checkStreamed(attachment, hashed);
    await rename(temp, path);
    return hashed;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Sends a stream as a request body with node:http(s) (the caller sets content-length), backpressure and all;
 * resolves with the status. `idle` aborts it when no bytes have moved for a while. A server that answers before
 * the body is through (412: already there) is believed, and the rest of the body is not sent.
 */
export function sendStream(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Readable,
  idle: IdleTimeout,
): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  let answered = false;
  return new Promise((resolve, reject) => {
    const request = send(target, { method, headers, signal: idle.signal }, (response) => {
      answered = true;
      response.on('data', () => idle.touch());
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
      if (!body.readableEnded) body.destroy();
    });
    request.on('error', reject);
    body.on('data', () => idle.touch());
    pipeline(body, request).catch((error: unknown) => {
      if (!answered) reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/** An abort signal that fires after `ms` without progress; `touch()` on every chunk that moves. */
export class IdleTimeout {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.#ms = ms;
    this.#timer = this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  touch(): void {
    clearTimeout(this.#timer);
    this.#timer = this.#arm();
  }

  done(): void {
    clearTimeout(this.#timer);
  }

  #arm(): NodeJS.Timeout {
    const timer = setTimeout(
      () => this.#controller.abort(new DOMException(`no progress for ${this.#ms} ms`, 'TimeoutError')),
      this.#ms,
    );
    timer.unref();
    return timer;
  }
}
