// Filing to the national document interconnection axis (trục liên thông văn bản quốc gia): the record becomes a
// signed edXML package of QCVN 102:2016/BTTTT (edxmlPackage.ts, edxmlSignature.ts), written as a stream
// (edxmlStream.ts) into the outbox folder that the agency's axis connector sends from; the status messages receiving
// systems send back arrive in the connector's inbox folder and are read by edxmlInbox.ts. A package is refused
// unsigned unless unsigned packages are allowed explicitly (ARCHIVE_EDXML_UNSIGNED=1, for tests and development).
// The receipt's id is the package's DocumentId, which status messages and later update or recall packages refer to.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  rejected,
  sha256,
  type ArchiveDocument,
  type ArchiveStatusReport,
  type DocumentArchive,
  type FilingReceipt,
} from './DocumentArchive.ts';
import { EdxmlInbox } from './edxmlInbox.ts';
import { documentIdOf, readEdxmlManifest, readEdxmlPackage, type EdxmlOptions } from './edxmlPackage.ts';
import { type EdxmlSigningKey } from './edxmlSignature.ts';
import { writeEdxmlPackage } from './edxmlStream.ts';
import { EDXML_NAMESPACE, parseEdxmlTimestamp } from './edxmlFormat.ts';

export { EDXML_NAMESPACE };
export { attachmentName, readEdxmlAttachments, readEdxmlPackage, type EdxmlParty } from './edxmlPackage.ts';
export { buildEdxml, buildSignedEdxml } from './edxmlStream.ts';
export const EDXML_SCHEMA = fileURLToPath(new URL('./schemas/edxml.xsd', import.meta.url));

export interface EdxmlOutboxOptions extends Omit<EdxmlOptions, 'now'> {
  /** Folder the axis connector picks packages up from. */
  dir: string;
  /** The agency's signing key; null only together with allowUnsigned. */
  signingKey: EdxmlSigningKey | null;
  /** Write unsigned packages (ARCHIVE_EDXML_UNSIGNED=1): tests and development only, no axis accepts them. */
  allowUnsigned?: boolean;
  /** Folder the connector drops status messages into; null: statuses are not read. */
  inbox?: string | null;
  /** How often the inbox is listed besides fs.watch. */
  inboxPollMs?: number;
}

/** The most of a package read to find its envelope: the header, manifest and signature are a few kilobytes. */
const ENVELOPE_LIMIT = 4 * 1024 * 1024;
const ENVELOPE_END = `</edXML:edXMLEnvelope>`;

/**
 * A package's envelope (header, signature, manifest) as a document of its own, read from the start of the file
 * without its attachments, which may be gigabytes; null when there is no such package.
 */
async function readEnvelope(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, read);
      chunks.push(chunk.subarray(0, bytesRead));
      read += bytesRead;
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf(ENVELOPE_END);
      if (end >= 0) return `${text.slice(0, end + ENVELOPE_END.length)}\n</edXML:edXML>\n`;
      if (bytesRead === 0 || read >= ENVELOPE_LIMIT) throw rejected(`${path} is not an edXML package`);
    }
  } finally {
    await handle.close();
  }
}

/** Files by writing a signed edXML package into an outbox folder; the file name comes from the key, so never twice. */
export class EdxmlOutbox implements DocumentArchive {
  readonly name = 'edxml';
  readonly #options: EdxmlOutboxOptions;

  constructor(options: EdxmlOutboxOptions) {
    if (!options.signingKey && !options.allowUnsigned) {
      throw new Error('ARCHIVE_ADAPTER=edxml needs the agency signing key (ARCHIVE_EDXML_SIGN_P12 or _CERT/_KEY)');
    }
    this.#options = options;
  }

  #path(key: string): string {
    return join(this.#options.dir, `${sha256(key).slice(0, 24)}.edxml`);
  }

  async file(document: ArchiveDocument, idempotencyKey: string): Promise<FilingReceipt> {
    const existing = await this.status(idempotencyKey);
    if (existing) {
      // A recall carries no file to compare; the key alone says it is the same request.
      if (document.meta.business?.kind !== 'recall' && existing.sha256 !== sha256(document.pdf)) {
        throw rejected(`key ${idempotencyKey} was already used for a different document`);
      }
      return existing;
    }
    const path = this.#path(idempotencyKey);
    // Package times have whole seconds; the receipt says what the package says, now and when read back.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    await writeEdxmlPackage(path, document, { ...this.#options, now });
    const id = documentIdOf(document, this.#options.from);
    return this.#receipt(path, id, idempotencyKey, sha256(document.pdf), now.toISOString());
  }

  async status(idempotencyKey: string): Promise<FilingReceipt | null> {
    const path = this.#path(idempotencyKey);
    const head = await readEnvelope(path);
    if (head === null) return null;
    const info = readEdxmlPackage(head);
    const filedAt = parseEdxmlTimestamp(info.timestamp)?.toISOString() ?? new Date().toISOString();
    // The signed PDF is the manifest's first file; its hash there is the one the package was written with.
    return this.#receipt(path, info.documentId, idempotencyKey, readEdxmlManifest(head)[0] ?? '', filedAt);
  }

  async watchStatuses(onReport: (report: ArchiveStatusReport) => Promise<void>): Promise<() => Promise<void>> {
    const dir = this.#options.inbox;
    if (!dir) return async () => {};
    const inbox = await EdxmlInbox.start({
      dir,
      ...(this.#options.inboxPollMs ? { pollMs: this.#options.inboxPollMs } : {}),
      onStatus: (message) =>
        onReport({
          documentId: message.documentId,
          code: message.code,
          at: message.at.toISOString(),
          organId: message.from.organId,
          organName: message.from.organName,
          description: message.description,
          staff: message.staff.name,
          department: message.staff.department,
        }),
    });
    return () => inbox.stop();
  }

  #receipt(path: string, id: string, idempotencyKey: string, hash: string, filedAt: string): FilingReceipt {
    return { archive: this.name, id, idempotencyKey, sha256: hash, filedAt, location: path };
  }
}
