// A TrueType font read just far enough to typeset with it and embed a subset of it in a PDF: character → glyph map,
// advance widths, vertical metrics, and a glyph subsetter that follows composite glyphs (Vietnamese letters with two
// diacritics are composites of a base letter and marks, so a subset must carry the components too).
import { readFileSync } from 'node:fs';

interface TableRecord {
  offset: number;
  length: number;
}

/** Tables a CIDFontType2 program needs (ISO 32000-1, 9.9); the rest (cmap, GSUB, kern, name…) stay behind. */
const SUBSET_TABLES = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'] as const;

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

export class TrueTypeFont {
  readonly data: Buffer;
  readonly postScriptName: string;
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: [number, number, number, number];
  readonly #tables = new Map<string, TableRecord>();
  readonly #cmap = new Map<number, number>();
  readonly #advances: Uint16Array;
  readonly #glyphOffsets: Uint32Array;

  constructor(data: Buffer) {
    this.data = data;
    const numTables = data.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + 16 * i;
      this.#tables.set(data.toString('latin1', at, at + 4), {
        offset: data.readUInt32BE(at + 8),
        length: data.readUInt32BE(at + 12),
      });
    }
    const head = this.#table('head');
    this.unitsPerEm = data.readUInt16BE(head + 18);
    this.bbox = [0, 2, 4, 6].map((d) => data.readInt16BE(head + 36 + d)) as [number, number, number, number];
    const longLoca = data.readInt16BE(head + 50) === 1;
    this.numGlyphs = data.readUInt16BE(this.#table('maxp') + 4);
    const hhea = this.#table('hhea');
    this.ascent = data.readInt16BE(hhea + 4);
    this.descent = data.readInt16BE(hhea + 6);
    const os2 = this.#tables.get('OS/2');
    this.capHeight =
      os2 && data.readUInt16BE(os2.offset) >= 2 ? data.readInt16BE(os2.offset + 88) : Math.round(this.ascent * 0.7);
    const post = this.#tables.get('post');
    this.italicAngle = post ? data.readInt32BE(post.offset + 4) / 65536 : 0;

    const numberOfHMetrics = data.readUInt16BE(hhea + 34);
    const hmtx = this.#table('hmtx');
    this.#advances = new Uint16Array(this.numGlyphs);
    for (let g = 0; g < this.numGlyphs; g++) {
      this.#advances[g] = data.readUInt16BE(hmtx + 4 * Math.min(g, numberOfHMetrics - 1));
    }
    const loca = this.#table('loca');
    this.#glyphOffsets = new Uint32Array(this.numGlyphs + 1);
    for (let g = 0; g <= this.numGlyphs; g++) {
      this.#glyphOffsets[g] = longLoca ? data.readUInt32BE(loca + 4 * g) : data.readUInt16BE(loca + 2 * g) * 2;
    }
    this.#readCmap();
    this.postScriptName = this.#readPostScriptName();
  }

  static load(path: string): TrueTypeFont {
    return new TrueTypeFont(readFileSync(path));
  }

  /** Glyph for a code point; 0 (.notdef) when the font lacks it. */
  glyphId(codePoint: number): number {
    return this.#cmap.get(codePoint) ?? 0;
  }

  hasGlyph(codePoint: number): boolean {
    return this.#cmap.has(codePoint);
  }

  /** Whether a glyph is built from other glyphs (Vietnamese letters with two marks usually are). */
  componentsOf(glyphId: number): number[] {
    const glyf = this.#tables.get('glyf');
    if (!glyf) return [];
    const start = glyf.offset + this.#glyphOffsets[glyphId]!;
    const end = glyf.offset + this.#glyphOffsets[glyphId + 1]!;
    if (end <= start || this.data.readInt16BE(start) >= 0) return [];
    const components: number[] = [];
    let at = start + 10;
    for (;;) {
      const flags = this.data.readUInt16BE(at);
      components.push(this.data.readUInt16BE(at + 2));
      at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE) at += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      if (!(flags & MORE_COMPONENTS)) return components;
    }
  }

  /** Advance width in font units. */
  advance(glyphId: number): number {
    return this.#advances[glyphId] ?? 0;
  }

  /**
   * A TrueType program holding the given glyphs, renumbered in the given order (index = new glyph id; index 0 must be
   * .notdef). Components of composite glyphs are appended and their references rewritten. Returns the program and the
   * final order (which may be longer than the input, by those components).
   */
  subset(order: readonly number[]): { program: Buffer; order: number[] } {
    const newIds = new Map<number, number>();
    const glyphs: number[] = [];
    const add = (g: number): number => {
      let id = newIds.get(g);
      if (id === undefined) {
        id = glyphs.length;
        newIds.set(g, id);
        glyphs.push(g);
      }
      return id;
    };
    for (const g of order) add(g);
    const glyf = this.#table('glyf');
    const bodies: Buffer[] = [];
    // `glyphs` grows while we walk it when composites pull in their components.
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i]!;
      const start = glyf + this.#glyphOffsets[g]!;
      const end = glyf + this.#glyphOffsets[g + 1]!;
      let body = this.data.subarray(start, end);
      if (body.length > 0 && body.readInt16BE(0) < 0) {
        body = Buffer.from(body);
        let at = 10;
        for (;;) {
          const flags = body.readUInt16BE(at);
          body.writeUInt16BE(add(body.readUInt16BE(at + 2)), at + 2);
          at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
          if (flags & WE_HAVE_A_SCALE) at += 2;
          else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
          else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
          if (!(flags & MORE_COMPONENTS)) break;
        }
      }
      bodies.push(body);
    }

    const n = glyphs.length;
    const loca = Buffer.alloc(4 * (n + 1));
    const glyfParts: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < n; i++) {
      loca.writeUInt32BE(offset, 4 * i);
      const body = bodies[i]!;
      const padded = (body.length + 3) & ~3;
      glyfParts.push(body, Buffer.alloc(padded - body.length));
      offset += padded;
    }
    loca.writeUInt32BE(offset, 4 * n);
    const hmtx = Buffer.alloc(4 * n);
    const lsbAt = this.#table('hmtx');
    const numberOfHMetrics = this.data.readUInt16BE(this.#table('hhea') + 34);
    for (let i = 0; i < n; i++) {
      const g = glyphs[i]!;
      hmtx.writeUInt16BE(this.advance(g), 4 * i);
      const lsb =
        g < numberOfHMetrics
          ? this.data.readInt16BE(lsbAt + 4 * g + 2)
          : this.data.readInt16BE(lsbAt + 4 * numberOfHMetrics + 2 * (g - numberOfHMetrics));
      hmtx.writeInt16BE(lsb, 4 * i + 2);
    }
    const head = Buffer.from(this.#slice('head'));
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // long loca
    const hhea = Buffer.from(this.#slice('hhea'));
    hhea.writeUInt16BE(n, 34);
    const maxp = Buffer.from(this.#slice('maxp'));
    maxp.writeUInt16BE(n, 4);

    const tables = new Map<string, Buffer>([
      ['glyf', Buffer.concat(glyfParts)],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
    ]);
    for (const tag of SUBSET_TABLES) {
      if (!tables.has(tag) && this.#tables.has(tag)) tables.set(tag, this.#slice(tag));
    }
    return { program: writeSfnt(tables), order: glyphs };
  }

  #table(tag: string): number {
    const record = this.#tables.get(tag);
    if (!record) throw new Error(`font has no ${tag} table`);
    return record.offset;
  }

  #slice(tag: string): Buffer {
    const record = this.#tables.get(tag)!;
    return this.data.subarray(record.offset, record.offset + record.length);
  }

  #readCmap(): void {
    const data = this.data;
    if (!this.#tables.has('cmap')) return; // a subset for PDF embedding: glyphs addressed by id only
    const cmap = this.#table('cmap');
    const count = data.readUInt16BE(cmap + 2);
    let best: { offset: number; format: number } | null = null;
    for (let i = 0; i < count; i++) {
      const platform = data.readUInt16BE(cmap + 4 + 8 * i);
      const encoding = data.readUInt16BE(cmap + 6 + 8 * i);
      const offset = cmap + data.readUInt32BE(cmap + 8 + 8 * i);
      const format = data.readUInt16BE(offset);
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode || (format !== 4 && format !== 12)) continue;
      if (!best || format === 12) best = { offset, format };
    }
    if (!best) throw new Error('font has no Unicode cmap');
    const at = best.offset;
    if (best.format === 12) {
      const groups = data.readUInt32BE(at + 12);
      for (let i = 0; i < groups; i++) {
        const g = at + 16 + 12 * i;
        const start = data.readUInt32BE(g);
        const end = data.readUInt32BE(g + 4);
        const glyph = data.readUInt32BE(g + 8);
        for (let c = start; c <= end; c++) this.#cmap.set(c, glyph + c - start);
      }
      return;
    }
    const segments = data.readUInt16BE(at + 6) / 2;
    const ends = at + 14;
    const starts = ends + 2 * segments + 2;
    const deltas = starts + 2 * segments;
    const rangeOffsets = deltas + 2 * segments;
    for (let s = 0; s < segments; s++) {
      const end = data.readUInt16BE(ends + 2 * s);
      const start = data.readUInt16BE(starts + 2 * s);
      const delta = data.readInt16BE(deltas + 2 * s);
      const rangeOffset = data.readUInt16BE(rangeOffsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const g = data.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
          glyph = g === 0 ? 0 : (g + delta) & 0xffff;
        }
        if (glyph !== 0) this.#cmap.set(c, glyph);
      }
    }
  }

  #readPostScriptName(): string {
    const record = this.#tables.get('name');
    if (!record) return 'Font';
    const data = this.data;
    const at = record.offset;
    const count = data.readUInt16BE(at + 2);
    const strings = at + data.readUInt16BE(at + 4);
    for (let i = 0; i < count; i++) {
      const r = at + 6 + 12 * i;
      if (data.readUInt16BE(r + 6) !== 6) continue;
      const platform = data.readUInt16BE(r);
      const length = data.readUInt16BE(r + 8);
      const offset = strings + data.readUInt16BE(r + 10);
      let name = '';
      if (platform === 1) name = data.toString('latin1', offset, offset + length);
      else for (let k = 0; k + 1 < length; k += 2) name += String.fromCharCode(data.readUInt16BE(offset + k));
      return name.replace(/[^\x21-\x7e]/g, '');
    }
    return 'Font';
  }
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function writeSfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = 16 * 2 ** entrySelector;
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(count * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + 16 * i;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    if (tag === 'head') headOffset = offset;
    const padding = (4 - (data.length % 4)) % 4;
    parts.push(data, Buffer.alloc(padding));
    offset += data.length + padding;
  });
  const font = Buffer.concat(parts);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}
