// Filing to any WebDAV document store (RFC 4918): MKCOL for the folders, PUT with If-None-Match: * so that a document
// is never overwritten, then GET to verify the stored bytes by SHA-256. The path is derived from the idempotency key,
// so a retry after a lost response finds the first copy (412) instead of making a second one. A JSON sidecar carries
// the metadata for document systems that index it; the record's attachments go into a collection beside it
// (<name>.files/), each written and verified the same way and listed with its hash in the sidecar. The credentials go
// to the configured server's origin only: hrefs a PROPFIND names elsewhere are not followed, and no request leaves
// that origin. Attachments stream both ways (PUT from the file, GET read back through a hash), with a timeout on
// progress rather than on the whole transfer, so a recording of gigabytes is neither held in memory nor cut off.
import { Readable } from 'node:stream';
import {
  attachmentHash,
  attachmentSize,
  attachmentStream,
  checkStreamed,
  HashTap,
  IdleTimeout,
  sendStream,
  through,
} from './attachmentFiles.ts';
import {
  attachmentFileName,
  rejected,
  sha256,
  slug,
  unavailable,
  type ArchiveAttachment,
  type ArchiveDocument,
  type DocumentArchive,
  type FilingReceipt,
} from './DocumentArchive.ts';

export interface WebDavOptions {
  /** Collection URL the archive writes under, e.g. https://dms.example.gov.vn/dav/bien-ban/ */
  baseUrl: string;
  username?: string;
  password?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** For tests and proxies; the global fetch by default. */
  fetch?: typeof fetch;
}

interface Stored {
  url: string;
  sidecar: string;
  /** The collection of the record's attachments. */
  files: string;
}

export class WebDavArchive implements DocumentArchive {
  readonly name = 'webdav';
  readonly #base: URL;
  readonly #options: WebDavOptions;
  readonly #fetch: typeof fetch;

  constructor(options: WebDavOptions) {
    this.#options = options;
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.#fetch = options.fetch ?? fetch;
  }

  async file(document: ArchiveDocument, idempotencyKey: string): Promise<FilingReceipt> {
    const hash = sha256(document.pdf);
    const folders = [document.meta.issuedOn.slice(0, 4), slug(document.meta.agencyCode ?? document.meta.agency)];
    let collection = this.#base;
    await this.#mkcol(collection);
    for (const folder of folders) {
      collection = new URL(`${encodeURIComponent(folder)}/`, collection);
      await this.#mkcol(collection);
    }
    const stored = this.#paths(collection, document, idempotencyKey);
    const put = await this.#request('PUT', stored.url, {
      body: document.pdf,
      headers: { 'content-type': 'application/pdf', 'if-none-match': '*' },
    });
    let filedAt = new Date().toISOString();
    if (put.status === 412) {
      // Already there (an earlier attempt whose response was lost, or a refiling): the same bytes or a conflict.
      await this.#sameBytes(stored.url, hash);
      filedAt = (await this.#sidecar(stored.sidecar))?.filedAt ?? filedAt;
    } else if (put.status !== 201 && put.status !== 204) {
      throw this.#failure('PUT', stored.url, put.status);
    }
    const attachments = await this.#putAttachments(stored, document);
    const record = { idempotencyKey, sha256: hash, filedAt, meta: document.meta, attachments };
    const sidecar = JSON.stringify(record, null, 2);
    const side = await this.#request('PUT', stored.sidecar, {
      body: sidecar,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    if (side.status !== 201 && side.status !== 204) throw this.#failure('PUT', stored.sidecar, side.status);
    for (const file of [{ url: stored.url, sha256: hash }, ...attachments]) {
      if ((await this.#hashOf(file.url)) !== file.sha256) {
        throw unavailable(`${file.url} did not read back as written; will retry`);
      }
    }
    return { archive: this.name, id: stored.url, idempotencyKey, sha256: hash, filedAt, location: stored.url };
  }

  /** Finds the key's document by its derived file name, walking year and agency folders with Depth: 1 PROPFINDs. */
  async status(idempotencyKey: string): Promise<FilingReceipt | null> {
    const urls = await this.#propfindNames(this.#base, 3);
    const pdf = urls.find((u) => decodeURIComponent(u.pathname).endsWith(`_${keyMarker(idempotencyKey)}.pdf`));
    if (!pdf) return null;
    const url = pdf.toString();
    const data = await this.#get(url);
    if (data === null) return null;
    const side = await this.#sidecar(url.replace(/\.pdf$/, '.json'));
    const filedAt = side?.filedAt ?? new Date().toISOString();
    return { archive: this.name, id: url, idempotencyKey, sha256: sha256(data), filedAt, location: url };
  }

  /** The attachments into the record's own collection, never overwriting: a file already there must be the same. */
  async #putAttachments(
    stored: Stored,
    document: ArchiveDocument,
  ): Promise<{ name: string; sha256: string; url: string }[]> {
    const files = document.attachments ?? [];
    if (files.length === 0) return [];
    await this.#mkcol(new URL(stored.files));
    const out: { name: string; sha256: string; url: string }[] = [];
    for (const [i, file] of files.entries()) {
      const name = attachmentFileName(i, file.name);
      const url = new URL(encodeURIComponent(name), stored.files).toString();
      const hash = attachmentHash(file);
      const tap = new HashTap();
      const put = await this.#request('PUT', url, {
        body: through(attachmentStream(file), tap),
        headers: {
          'content-type': file.contentType,
          'content-length': String(attachmentSize(file)),
          'if-none-match': '*',
        },
      });
      if (put.status === 412) await this.#sameBytes(url, hash);
      else if (put.status !== 201 && put.status !== 204) throw this.#failure('PUT', url, put.status);
      else await this.#sentAsSaid(url, file, tap);
      out.push({ name, sha256: hash, url });
    }
    return out;
  }

  /** What was streamed up is the attachment; if not (the file changed since it was hashed), it does not stay. */
  async #sentAsSaid(url: string, file: ArchiveAttachment, tap: HashTap): Promise<void> {
    try {
      checkStreamed(file, tap.result());
    } catch (error) {
      await this.#request('DELETE', url).catch(() => undefined);
      throw error;
    }
  }

  async #sameBytes(url: string, hash: string): Promise<void> {
    if ((await this.#hashOf(url)) !== hash) throw rejected(`${url} already holds a different document`);
  }

  /** The SHA-256 of what the server holds at `url`, read as a stream; null if nothing is there. */
  async #hashOf(url: string): Promise<string | null> {
    const tap = new HashTap();
    const response = await this.#request('GET', url, { into: tap });
    if (response.status === 404) return null;
    if (response.status !== 200) throw this.#failure('GET', url, response.status);
    return tap.result().sha256;
  }

  async #sidecar(url: string): Promise<{ filedAt?: string } | null> {
    const data = await this.#get(url);
    if (data === null) return null;
    try {
      return JSON.parse(data.toString('utf8')) as { filedAt?: string };
    } catch {
      return null;
    }
  }

  #paths(collection: URL, document: ArchiveDocument, key: string): Stored {
    const name = `${slug(`${document.meta.number}-${document.meta.notation}`)}_${keyMarker(key)}`;
    return {
      url: new URL(`${name}.pdf`, collection).toString(),
      sidecar: new URL(`${name}.json`, collection).toString(),
      files: new URL(`${name}.files/`, collection).toString(),
    };
  }

  async #mkcol(url: URL): Promise<void> {
    const response = await this.#request('MKCOL', url.toString());
    // 201 created; 405 it exists already (RFC 4918, 9.3.1).
    if (response.status !== 201 && response.status !== 405)
      throw this.#failure('MKCOL', url.toString(), response.status);
  }

  async #get(url: string): Promise<Buffer | null> {
    const response = await this.#request('GET', url);
    if (response.status === 404) return null;
    if (response.status !== 200) throw this.#failure('GET', url, response.status);
    return response.body;
  }

  /**
   * What a collection holds, walking `depth` levels with Depth: 1 requests (many servers refuse infinity): its hrefs
   * resolved against it, keeping those on the archive's own origin (an href elsewhere would get the credentials).
   */
  async #propfindNames(collection: URL, depth: number): Promise<URL[]> {
    const response = await this.#request('PROPFIND', collection.toString(), {
      headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
      body: '<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>',
    });
    if (response.status === 404) return [];
    if (response.status !== 207) throw this.#failure('PROPFIND', collection.toString(), response.status);
    const text = response.body.toString('utf8');
    const hrefs = [...text.matchAll(/<(?:\w+:)?href>([^<]+)<\/(?:\w+:)?href>/g)].map((m) => m[1]!.trim());
    const out: URL[] = [];
    for (const href of hrefs) {
      let url: URL;
      try {
        url = new URL(href, collection);
      } catch {
        continue;
      }
      if (url.origin !== this.#base.origin || samePath(url, collection)) continue;
      out.push(url);
      if (url.pathname.endsWith('/') && depth > 1) out.push(...(await this.#propfindNames(url, depth - 1)));
    }
    return out;
  }

  async #request(
    method: string,
    url: string,
    init: { body?: Buffer | string | Readable; headers?: Record<string, string>; into?: HashTap } = {},
  ): Promise<{ status: number; body: Buffer }> {
    if (new URL(url).origin !== this.#base.origin) {
      throw rejected(`${method} ${url}: not on the archive's origin ${this.#base.origin}; nothing is sent there`);
    }
    const headers: Record<string, string> = { ...init.headers };
    if (this.#options.username !== undefined) {
      const token = Buffer.from(`${this.#options.username}:${this.#options.password ?? ''}`).toString('base64');
      headers.authorization = `Basic ${token}`;
    }
    // The timeout runs from the last bytes that moved, so a long transfer that keeps moving is not cut off.
    const idle = new IdleTimeout(this.#options.timeoutMs ?? 30_000);
    const { body, into } = init;
    try {
      // A file goes up through node:http, read only as fast as the socket takes it (fetch read a 200 MB body into
      // memory ahead of the socket: tests/integration/minutes/largeAttachmentFiling.test.ts).
      if (body instanceof Readable)
        return { status: await sendStream(method, url, headers, body, idle), body: Buffer.alloc(0) };
      const response = await this.#fetch(url, {
        method,
        headers,
        body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body),
        signal: idle.signal,
      });
      if (into && response.status === 200 && response.body) {
        // Streamed through the hash, never kept.
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          idle.touch();
          into.add(chunk);
        }
        return { status: response.status, body: Buffer.alloc(0) };
      }
      return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw unavailable(`${method} ${url} failed: ${cause} ${(error as Error).message}`);
    } finally {
      idle.done();
    }
  }

  #failure(method: string, url: string, status: number) {
    // Server errors and throttling are worth retrying; other client errors are not (wrong URL, rights).
    const detail = `${method} ${url} answered ${status}`;
    return status >= 500 || status === 408 || status === 429 ? unavailable(detail) : rejected(detail);
  }
}

/** The same path, however each side percent-encodes it. */
function samePath(a: URL, b: URL): boolean {
  const decoded = (u: URL) => {
    try {
      return decodeURIComponent(u.pathname);
    } catch {
      return u.pathname;
    }
  };
  return decoded(a) === decoded(b);
}

/** A short, stable name part from the key: same key, same file. */
function keyMarker(key: string): string {
  return sha256(key).slice(0, 16);
}
