// A TrueType font embedded as a subset Type0/CIDFontType2 font with Identity-H encoding and a ToUnicode map, so that
// every Vietnamese letter renders from the embedded program and copies back out as the same Unicode text.
// Glyph ids in the page content are the subset's own ids, handed out in order of first use.
import { createHash } from 'node:crypto';
import { TrueTypeFont } from './TrueTypeFont.ts';
import { PdfRaw, pdfName, type PdfRef } from './objects.ts';
import type { PdfWriter } from './PdfWriter.ts';

/** Stand-ins for characters a text font may lack (typographic variants of what it has). */
const FALLBACKS: Record<string, string> = {
  '\u00a0': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
};

const fontCache = new Map<string, TrueTypeFont>();

/** Fonts are parsed once per process: the program bytes and character map are read-only. */
export function loadTrueType(path: string): TrueTypeFont {
  let font = fontCache.get(path);
  if (!font) {
    font = TrueTypeFont.load(path);
    fontCache.set(path, font);
  }
  return font;
}

export class PdfFont {
  readonly ttf: TrueTypeFont;
  /** Resource name in page resources, e.g. "F1". */
  readonly resourceName: string;
  readonly #newIds = new Map<number, number>();
  readonly #order: number[] = [0];
  readonly #unicode: string[] = [''];
  readonly #widthCache = new Map<string, number>();
  readonly #hexCache = new Map<string, string>();
  readonly #scale: number;

  constructor(ttf: TrueTypeFont, resourceName: string) {
    this.ttf = ttf;
    this.resourceName = resourceName;
    this.#scale = 1000 / ttf.unitsPerEm;
  }

  /** Width of `text` at `size` points. Text is expected in NFC. */
  widthOf(text: string, size: number): number {
    let units = 0;
    for (const ch of text) {
      let w = this.#widthCache.get(ch);
      if (w === undefined) {
        w = this.ttf.advance(this.#glyphFor(ch)) * this.#scale;
        this.#widthCache.set(ch, w);
      }
      units += w;
    }
    return (units * size) / 1000;
  }

  /** The text as a hex string of 2-byte glyph codes for a `Tj`/`TJ` operand. */
  encode(text: string): string {
    let hex = '';
    for (const ch of text) {
      let code = this.#hexCache.get(ch);
      if (code === undefined) {
        const gid = this.#glyphFor(ch);
        let id = this.#newIds.get(gid);
        if (id === undefined) {
          id = this.#order.length;
          this.#newIds.set(gid, id);
          this.#order.push(gid);
          this.#unicode.push(ch);
        }
        code = id.toString(16).padStart(4, '0');
        this.#hexCache.set(ch, code);
      }
      hex += code;
    }
    return hex;
  }

  get glyphsUsed(): number {
    return this.#order.length;
  }

  /** Writes the font objects; call once, after all text was encoded. */
  write(writer: PdfWriter, fontRef: PdfRef): void {
    const { program, order } = this.ttf.subset(this.#order);
    const tag = subsetTag(this.ttf.postScriptName, this.#order);
    const baseName = `${tag}+${this.ttf.postScriptName}`;
    const scale = this.#scale;
    const widths = order.map((gid) => Math.round(this.ttf.advance(gid) * scale));
    const [xMin, yMin, xMax, yMax] = this.ttf.bbox.map((v) => Math.round(v * scale)) as [
      number,
      number,
      number,
      number,
    ];
    const italic = this.ttf.italicAngle !== 0;

    const fileRef = writer.alloc();
    writer.putStream(fileRef, { Length1: program.length }, program);
    const descriptorRef = writer.alloc();
    writer.put(descriptorRef, {
      Type: pdfName('FontDescriptor'),
      FontName: pdfName(baseName),
      // Serif + Symbolic (glyphs addressed by id, not by a standard encoding) + Italic when slanted.
      Flags: 2 + 4 + (italic ? 64 : 0),
      FontBBox: [xMin, yMin, xMax, yMax],
      ItalicAngle: this.ttf.italicAngle,
      Ascent: Math.round(this.ttf.ascent * scale),
      Descent: Math.round(this.ttf.descent * scale),
      CapHeight: Math.round(this.ttf.capHeight * scale),
      StemV: /Bold/.test(this.ttf.postScriptName) ? 140 : 80,
      FontFile2: fileRef,
    });
    const cidRef = writer.alloc();
    writer.put(cidRef, {
      Type: pdfName('Font'),
      Subtype: pdfName('CIDFontType2'),
      BaseFont: pdfName(baseName),
      CIDSystemInfo: { Registry: new PdfRaw('(Adobe)'), Ordering: new PdfRaw('(Identity)'), Supplement: 0 },
      FontDescriptor: descriptorRef,
      CIDToGIDMap: pdfName('Identity'),
      W: [0, widths],
    });
    const toUnicodeRef = writer.alloc();
    writer.putStream(toUnicodeRef, {}, Buffer.from(toUnicodeCMap(this.#unicode), 'latin1'));
    writer.put(fontRef, {
      Type: pdfName('Font'),
      Subtype: pdfName('Type0'),
      BaseFont: pdfName(baseName),
      Encoding: pdfName('Identity-H'),
      DescendantFonts: [cidRef],
      ToUnicode: toUnicodeRef,
    });
  }

  #glyphFor(ch: string): number {
    const cp = ch.codePointAt(0)!;
    if (this.ttf.hasGlyph(cp)) return this.ttf.glyphId(cp);
    const fallback = FALLBACKS[ch] ?? '?';
    return this.ttf.glyphId(fallback.codePointAt(0)!);
  }
}

/** Six capital letters naming the subset (9.6.4), derived from its content so that output is reproducible. */
function subsetTag(name: string, glyphs: readonly number[]): string {
  const digest = createHash('sha256').update(name).update(Uint16Array.from(glyphs)).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i]! % 26));
  return tag;
}

function utf16Hex(text: string): string {
  return Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
}

function toUnicodeCMap(unicode: readonly string[]): string {
  const lines: string[] = [];
  const entries: string[] = [];
  unicode.forEach((text, id) => {
    if (id > 0 && text) entries.push(`<${id.toString(16).padStart(4, '0').toUpperCase()}> <${utf16Hex(text)}>`);
  });
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`, ...chunk, 'endbfchar');
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...lines,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
