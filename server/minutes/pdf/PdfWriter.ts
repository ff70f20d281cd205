// Writes PDF objects and a cross-reference section: either a whole file, or an incremental update appended to an
// existing file (ISO 32000-1, 7.5.6) so that the bytes already signed stay exactly as they were.
import { deflateSync } from 'node:zlib';
import { PdfHex, PdfName, PdfRef, serialize, type PdfDict, type PdfValue } from './objects.ts';

const FLATE = new PdfName('FlateDecode');
const XREF = new PdfName('XRef');

interface WrittenObject {
  num: number;
  gen: number;
  body: Buffer;
}

export interface TrailerFields {
  Root: PdfRef;
  Info?: PdfRef;
  /** File identifiers, hex: the first stays the same across updates, the second changes with each. */
  ID: [string, string];
}

export interface IncrementalBase {
  /** Offset of the previous cross-reference section (the file's last `startxref`). */
  prevXref: number;
  /** Whether that section is a cross-reference stream; the update then writes one too. */
  prevIsStream: boolean;
  /** The previous trailer's /Size. */
  size: number;
}

export class PdfWriter {
  readonly #objects: WrittenObject[] = [];
  readonly #gens = new Map<number, number>();
  #next: number;

  constructor(firstObjectNumber = 1) {
    this.#next = firstObjectNumber;
  }

  get nextObjectNumber(): number {
    return this.#next;
  }

  alloc(): PdfRef {
    return new PdfRef(this.#next++);
  }

  put(ref: PdfRef, value: PdfValue): void {
    this.putRaw(ref, serialize(value));
  }

  /** A stream object; compressed with Flate unless told otherwise or the dictionary already names a filter. */
  putStream(ref: PdfRef, dict: PdfDict, data: Buffer, compress = true): void {
    const encoded = compress ? deflateSync(data, { level: 6 }) : data;
    const head = serialize(
      compress ? { ...dict, Filter: FLATE, Length: encoded.length } : { ...dict, Length: encoded.length },
    );
    this.#objects.push({
      num: ref.num,
      gen: ref.gen,
      body: Buffer.concat([Buffer.from(`${head}\nstream\n`, 'latin1'), encoded, Buffer.from('\nendstream', 'latin1')]),
    });
  }

  /** An object whose body is given already serialised (e.g. a signature dictionary with a byte-range placeholder). */
  putRaw(ref: PdfRef, body: string | Buffer): void {
    this.#objects.push({
      num: ref.num,
      gen: ref.gen,
      body: typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
    });
  }

  /** A complete PDF file. */
  toFile(trailer: TrailerFields): Buffer {
    const header = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
    const { chunks, offsets, length } = this.#objectChunks(header.length);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    if (nums.some((num, i) => num !== i + 1)) throw new Error('a whole file needs objects numbered 1..n, each written');
    const tail =
      `xref\n${xrefTable(offsets, this.#gens, true)}trailer\n${serialize(trailerDict(trailer, nums.length + 1))}\n` +
      `startxref\n${length}\n%%EOF\n`;
    return Buffer.concat([header, ...chunks, Buffer.from(tail, 'latin1')]);
  }

  /** `base` followed by this writer's objects as an incremental update. */
  appendTo(base: Buffer, previous: IncrementalBase, trailer: TrailerFields): Buffer {
    const lead = base[base.length - 1] === 0x0a ? Buffer.alloc(0) : Buffer.from('\n', 'latin1');
    const start = base.length + lead.length;
    const { chunks, offsets, length } = this.#objectChunks(start);
    const size = Math.max(previous.size, this.#next);
    if (!previous.prevIsStream) {
      const tail =
        `xref\n${xrefTable(offsets, this.#gens, false)}trailer\n` +
        `${serialize({ ...trailerDict(trailer, size), Prev: previous.prevXref })}\nstartxref\n${length}\n%%EOF\n`;
      return Buffer.concat([base, lead, ...chunks, Buffer.from(tail, 'latin1')]);
    }
    // A file whose last section is a cross-reference stream is updated with another one (7.5.8).
    const xrefNum = Math.max(size, this.#next);
    offsets.set(xrefNum, length);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(nums.length * 7);
    nums.forEach((num, i) => {
      rows.writeUInt8(1, 7 * i);
      rows.writeUInt32BE(offsets.get(num)!, 7 * i + 1);
      rows.writeUInt16BE(this.#gens.get(num) ?? 0, 7 * i + 5);
    });
    const index: number[] = [];
    for (const [first, count] of subsections(nums)) index.push(first, count);
    const data = deflateSync(rows);
    const dict = serialize({
      ...trailerDict(trailer, xrefNum + 1),
      Type: XREF,
      W: [1, 4, 2],
      Index: index,
      Prev: previous.prevXref,
      Filter: FLATE,
      Length: data.length,
    });
    const stream = Buffer.concat([
      Buffer.from(`${xrefNum} 0 obj\n${dict}\nstream\n`, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${length}\n%%EOF\n`, 'latin1'),
    ]);
    return Buffer.concat([base, lead, ...chunks, stream]);
  }

  #objectChunks(start: number): { chunks: Buffer[]; offsets: Map<number, number>; length: number } {
    const chunks: Buffer[] = [];
    const offsets = new Map<number, number>();
    let at = start;
    for (const object of this.#objects) {
      offsets.set(object.num, at);
      this.#gens.set(object.num, object.gen);
      const head = Buffer.from(`${object.num} ${object.gen} obj\n`, 'latin1');
      const tail = Buffer.from('\nendobj\n', 'latin1');
      chunks.push(head, object.body, tail);
      at += head.length + object.body.length + tail.length;
    }
    return { chunks, offsets, length: at };
  }
}

function trailerDict(trailer: TrailerFields, size: number): PdfDict {
  return {
    Size: size,
    Root: trailer.Root,
    Info: trailer.Info,
    ID: [new PdfHex(trailer.ID[0]), new PdfHex(trailer.ID[1])],
  };
}

function* subsections(nums: number[]): Generator<[number, number]> {
  let i = 0;
  while (i < nums.length) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    yield [nums[i]!, j - i + 1];
    i = j + 1;
  }
}

function xrefTable(offsets: Map<number, number>, gens: Map<number, number>, withFreeHead: boolean): string {
  const entry = (num: number): string =>
    `${String(offsets.get(num)).padStart(10, '0')} ${String(gens.get(num) ?? 0).padStart(5, '0')} n\r\n`;
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let out = '';
  if (withFreeHead) {
    // A whole file numbers its objects 1..n: one section from 0 with the free-list head.
    out += `0 ${nums.length + 1}\n0000000000 65535 f\r\n`;
    for (const num of nums) out += entry(num);
    return out;
  }
  for (const [first, count] of subsections(nums)) {
    out += `${first} ${count}\n`;
    for (let k = 0; k < count; k++) out += entry(first + k);
  }
  return out;
}
