// Just enough ASN.1 DER to write a CMS SignedData and to read certificates and signatures back (ITU-T X.690).
export const TAG = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));

/** SET OF in DER: elements sorted by their encodings (X.690, 11.6). */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(TAG.SET, Buffer.concat([...items].sort(Buffer.compare)));
}

/** A context-specific tag: [n] EXPLICIT (constructed) wraps, IMPLICIT of a constructed type retags. */
export const context = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

export const octetString = (content: Buffer): Buffer => tlv(TAG.OCTET_STRING, content);
export const nullValue = (): Buffer => Buffer.from([TAG.NULL, 0]);

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(bytes));
}

export function integer(value: number): Buffer {
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, Buffer.from(bytes));
}

/** One decoded element: where its header, content and end lie in the buffer. */
export interface Node {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export function read(buffer: Buffer, at = 0): Node {
  const tag = buffer[at];
  if (tag === undefined || at + 2 > buffer.length) throw new Error(`DER: truncated at ${at}`);
  let length = buffer[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error(`DER: unsupported length form at ${at}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[at + 2 + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > buffer.length) throw new Error(`DER: element at ${at} runs past the end`);
  return { tag, start: at, contentStart, end };
}

export function children(buffer: Buffer, node: Node): Node[] {
  const out: Node[] = [];
  for (let at = node.contentStart; at < node.end;) {
    const child = read(buffer, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const bytesOf = (buffer: Buffer, node: Node): Buffer => buffer.subarray(node.start, node.end);
export const contentOf = (buffer: Buffer, node: Node): Buffer => buffer.subarray(node.contentStart, node.end);

export function decodeOid(content: Buffer): string {
  const parts = [Math.floor(content[0]! / 40), content[0]! % 40];
  let value = 0;
  for (const byte of content.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The child at a path of indexes, e.g. [0, 3] = first child's fourth child. */
export function at(buffer: Buffer, node: Node, path: number[]): Node {
  let current = node;
  for (const index of path) {
    const next = children(buffer, current)[index];
    if (!next) throw new Error(`DER: no element at index ${index}`);
    current = next;
  }
  return current;
}

export const utf8String = (text: string): Buffer => tlv(TAG.UTF8, Buffer.from(text, 'utf8'));
export const printableString = (text: string): Buffer => tlv(0x13, Buffer.from(text, 'latin1'));
export const boolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);

/** A BIT STRING whose content is whole bytes (no unused bits). */
export const bitString = (content: Buffer, unusedBits = 0): Buffer =>
  tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280, 4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'latin1'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'latin1'));
}

/** An INTEGER from unsigned big-endian bytes (a serial, a nonce). */
export function integerBytes(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const bytes = value.subarray(start);
  return tlv(TAG.INTEGER, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** A UTCTime or GeneralizedTime element (whole seconds, optional fraction, Z). */
export function readTime(buffer: Buffer, node: Node): Date {
  const text = contentOf(buffer, node).toString('latin1');
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
  if (!m) throw new Error(`DER: unsupported time ${text}`);
  const year = node.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(`${year}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}
