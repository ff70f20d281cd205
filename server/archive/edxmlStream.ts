// An edXML package written and signed as a stream, so that a file of any size (a two-hour recording is about a
// gigabyte) is filed with bounded memory. The package is built with a placeholder where each file's base64 goes
// (edxmlPackage.ts) and canonicalised by xml-crypto's transforms (edxmlSignature.ts); base64 in lines canonicalises
// to itself, so the canonical form splits at the placeholders, and the Reference's SHA-256 is taken over the text
// between them and each file's base64 as the file streams from disk. xml-crypto then builds and signs SignedInfo
// with that digest, and the package is written by streaming each file's base64 in again where its placeholder
// stands (in text nodes libxml2 accepts, see TEXT_NODE_LIMIT): into a temporary file, flushed, then renamed. Every
// file is hashed as it streams, both times, and bytes that are not what the attachment says are refused
// (attachmentFiles.ts).
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { attachmentStream, checkStreamed, HashTap } from './attachmentFiles.ts';
import { rejected, type ArchiveDocument } from './DocumentArchive.ts';
import { buildEdxmlTemplate, type EdxmlOptions, type PackedFile } from './edxmlPackage.ts';
import { canonicalEdxml, signEdxmlWithDigest, type EdxmlSigningKey } from './edxmlSignature.ts';

export type EdxmlWriteOptions = EdxmlOptions & { signingKey: EdxmlSigningKey | null; allowUnsigned?: boolean };

/** 57 bytes are one line of 76 base64 characters. */
const LINE_BYTES = 57;
const LINE_CHARS = 76;
/** How much of a file is encoded at once: bounds the strings in flight for a file given in memory too. */
const SLICE_BYTES = LINE_BYTES * 1024;

/** Bytes in, base64 out in lines of 76 characters joined by line breaks, as if the whole were encoded at once. */
export class Base64Lines {
  #rest: Buffer = Buffer.alloc(0);
  #started = false;

  push(chunk: Buffer): string[] {
    const data = this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk;
    const whole = data.length - (data.length % LINE_BYTES);
    // A copy: the remainder must not keep the whole chunk alive.
    this.#rest = Buffer.from(data.subarray(whole));
    const out: string[] = [];
    for (let at = 0; at < whole; at += SLICE_BYTES) {
      out.push(this.#lines(data.subarray(at, Math.min(whole, at + SLICE_BYTES))));
    }
    return out;
  }

  end(): string[] {
    const last = this.#rest;
    this.#rest = Buffer.alloc(0);
    return last.length > 0 ? [this.#lines(last)] : [];
  }

  #lines(bytes: Buffer): string {
    const text = bytes.toString('base64');
    const lines: string[] = [];
    for (let at = 0; at < text.length; at += LINE_CHARS) lines.push(text.slice(at, at + LINE_CHARS));
    const joined = lines.join('\n');
    const separated = this.#started ? `\n${joined}` : joined;
    this.#started = true;
    return separated;
  }
}

/**
 * The longest text node written: libxml2 (xmlsec1, xmllint and many receivers) refuses a text node over
 * 1 000 000 000 characters even with its huge-document option, which a file over about 740 MB would make.
 */
const TEXT_NODE_LIMIT = 900_000_000;
/**
 * Splits a file's base64 into text nodes under that limit. Canonicalisation for a same-document Reference drops
 * comments and the text around them reads as one (DOM textContent, XPath string value), so the digest and the
 * decoded bytes are those of the unbroken base64; a file under the limit has none.
 */
const TEXT_BREAK = '<!---->';

/**
 * A file's base64 lines as it streams, its bytes hashed on the way and refused unless they are the attachment's;
 * `breaks`: with the comments that keep text nodes under TEXT_NODE_LIMIT (in the file written, not in the digest).
 */
async function* fileBase64(file: PackedFile, breaks: boolean): AsyncGenerator<string> {
  const tap = new HashTap();
  const lines = new Base64Lines();
  let node = 0;
  const broken = (texts: string[]): string[] =>
    texts.flatMap((text) => {
      node += text.length;
      if (!breaks || node <= TEXT_NODE_LIMIT) return [text];
      node = text.length;
      return [TEXT_BREAK, text];
    });
  for await (const chunk of attachmentStream(file.attachment) as AsyncIterable<Buffer>) {
    tap.add(chunk);
    yield* broken(lines.push(chunk));
  }
  yield* broken(lines.end());
  checkStreamed(file.attachment, tap.result());
}

/** A file given in memory, as base64 lines; a file on disk is only ever streamed. */
function bytesBase64(file: PackedFile): string {
  if ('path' in file.attachment) {
    throw rejected(`${file.name} is a file: an edXML package carrying it is written as a stream (EdxmlOutbox)`);
  }
  const lines = new Base64Lines();
  return [...lines.push(file.attachment.data), ...lines.end()].join('');
}

/** `text` cut at each file's placeholder, in order: one more piece than there are files. */
function splitAt(text: string, files: readonly PackedFile[]): string[] {
  const pieces: string[] = [];
  let rest = text;
  for (const file of files) {
    const at = rest.indexOf(file.placeholder);
    if (at < 0 || rest.indexOf(file.placeholder, at + 1) >= 0) {
      throw rejected(`the edXML package does not hold ${file.name}'s placeholder exactly once`);
    }
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at + file.placeholder.length);
  }
  pieces.push(rest);
  return pieces;
}

/** The pieces with each file's base64 between them, as a stream of text. */
async function* joined(
  pieces: readonly string[],
  files: readonly PackedFile[],
  breaks: boolean,
): AsyncGenerator<string> {
  yield pieces[0]!;
  for (const [i, file] of files.entries()) {
    yield* fileBase64(file, breaks);
    yield pieces[i + 1]!;
  }
}

const digestOf = (hash: Hash): string => hash.digest('base64');

function refuseUnsigned(options: EdxmlWriteOptions): void {
  if (!options.signingKey && !options.allowUnsigned) {
    throw rejected(
      'edXML packages are signed with the agency certificate: set ARCHIVE_EDXML_SIGN_P12 (or _CERT and _KEY)',
    );
  }
}

/** The package's text with its placeholders, signed when there is a key (the digest taken by `digest`). */
async function signedTemplate(
  document: ArchiveDocument,
  options: EdxmlWriteOptions,
  digest: (canonical: string, files: readonly PackedFile[]) => Promise<string>,
): Promise<{ xml: string; files: PackedFile[] }> {
  refuseUnsigned(options);
  const { xml, files } = buildEdxmlTemplate(document, options);
  if (!options.signingKey) return { xml, files };
  const canonical = canonicalEdxml(xml);
  const value = await digest(canonical, files);
  return { xml: signEdxmlWithDigest(xml, options.signingKey, canonical, value), files };
}

/** SHA-256 over the canonical form with each file's base64 streamed in. */
async function streamedDigest(canonical: string, files: readonly PackedFile[]): Promise<string> {
  const hash = createHash('sha256');
  for await (const text of joined(splitAt(canonical, files), files, false)) hash.update(text);
  return digestOf(hash);
}

/**
 * Writes the package to `path`: signed (unless unsigned packages are allowed and there is no key), its files
 * streamed from disk twice (for the digest, then into the package), never held whole; a temporary file, flushed,
 * then renamed, so the connector never picks up half a package.
 */
export async function writeEdxmlPackage(
  path: string,
  document: ArchiveDocument,
  options: EdxmlWriteOptions,
): Promise<void> {
  // Each file's bytes are checked as they stream, so the PDF and attachments are filed as they were hashed.
  const { xml, files } = await signedTemplate(document, options, streamedDigest);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await pipeline(Readable.from(joined(splitAt(xml, files), files, true)), createWriteStream(temp));
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * The package as text, for a document whose files are all in memory (the same signing, the digest taken over the
 * bytes at hand): for tests and small packages. A file attachment is refused: writeEdxmlPackage streams it.
 */
export function buildSignedEdxml(document: ArchiveDocument, options: EdxmlWriteOptions): string {
  refuseUnsigned(options);
  const { xml, files } = buildEdxmlTemplate(document, options);
  const fill = (text: string): string => {
    const pieces = splitAt(text, files);
    return pieces.reduce((out, piece, i) => (i === 0 ? piece : out + bytesBase64(files[i - 1]!) + piece), '');
  };
  if (!options.signingKey) return fill(xml);
  const canonical = canonicalEdxml(xml);
  const value = digestOf(createHash('sha256').update(fill(canonical)));
  return fill(signEdxmlWithDigest(xml, options.signingKey, canonical, value));
}

/** The package unsigned, as text, its files in memory. */
export function buildEdxml(document: ArchiveDocument, options: EdxmlOptions): string {
  return buildSignedEdxml(document, { ...options, signingKey: null, allowUnsigned: true });
}
