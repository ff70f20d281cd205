// Just enough PNG (ISO/IEC 15948) for signature images: reading an uploaded signature or seal (8-bit grey, grey with
// alpha, RGB or RGBA, not interlaced) into RGB pixels and an alpha channel, which a PDF image XObject and its soft
// mask carry as they are — the image is shown as provided, transparency included. Writing is for tests and previews.
import { deflateSync, inflateSync } from 'node:zlib';
import { AppFailure } from '../../../common/errors.ts';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Largest image taken: a signature or a seal at 600 dpi fits well within this. */
export const MAX_PNG_PIXELS = 4096 * 4096;

export interface DecodedPng {
  width: number;
  height: number;
  /** width × height × 3 bytes. */
  rgb: Buffer;
  /** width × height bytes, or null when the image has no transparency. */
  alpha: Buffer | null;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

const bad = (detail: string) => new AppFailure('invalid_message', `not a usable PNG image: ${detail}`);

export function decodePng(data: Buffer): DecodedPng {
  if (!data.subarray(0, 8).equals(SIGNATURE)) throw bad('no PNG signature');
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= data.length;) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (body.length !== length) throw bad('truncated');
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, color, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || !(color! in CHANNELS) || interlace !== 0) {
        throw bad('only 8-bit grey, grey+alpha, RGB or RGBA, not interlaced');
      }
      colorType = color!;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (colorType < 0 || width === 0 || height === 0 || width * height > MAX_PNG_PIXELS) throw bad('size');
  const channels = CHANNELS[colorType]!;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (stride + 1) * height });
  if (raw.length !== (stride + 1) * height) throw bad('pixel data of the wrong size');
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels]! : 0;
      const b = y > 0 ? pixels[out - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[out - stride + x - channels]! : 0;
      const v = line[x]!;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predicted === undefined) throw bad(`filter ${filter}`);
      pixels[out + x] = (v + predicted) & 0xff;
    }
  }
  const rgb = Buffer.alloc(width * height * 3);
  const hasAlpha = colorType === 4 || colorType === 6;
  const alpha = hasAlpha ? Buffer.alloc(width * height) : null;
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    const grey = colorType === 0 || colorType === 4;
    rgb[i * 3] = pixels[p]!;
    rgb[i * 3 + 1] = grey ? pixels[p]! : pixels[p + 1]!;
    rgb[i * 3 + 2] = grey ? pixels[p]! : pixels[p + 2]!;
    if (alpha) alpha[i] = pixels[p + channels - 1]!;
  }
  return { width, height, rgb, alpha };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** An RGBA image (width × height × 4 bytes) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
