// A small typesetter for generated agenda documents (the demo meeting's samples, the benchmark's large agenda):
// headings, wrapped paragraphs, bullet lists, ruled tables and images on A4 pages, set in Liberation Serif
// embedded as subsets (pdf-lib + fontkit), so every Vietnamese letter renders and is selectable (ToUnicode).
// Output is deterministic: the same content gives the same bytes, hence the same SHA-256 in the blob store.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { serifFontDir } from '../../minutes/pdf/fonts.ts';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 85, right: 57, top: 62, bottom: 62 };
const FIXED_DATE = new Date('2026-01-05T08:00:00Z');

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  /** Printed at the top of every page after the first. */
  runningHead?: string;
}

type Style = 'regular' | 'bold' | 'italic';

export class AgendaPdfWriter {
  readonly doc: PDFDocument;
  readonly #fonts: Record<Style, PDFFont>;
  readonly #meta: PdfMeta;
  #page!: PDFPage;
  #y = 0;
  #imageCount = 0;

  private constructor(doc: PDFDocument, fonts: Record<Style, PDFFont>, meta: PdfMeta) {
    this.doc = doc;
    this.#fonts = fonts;
    this.#meta = meta;
    this.newPage();
  }

  static async create(meta: PdfMeta, fontDir = serifFontDir()): Promise<AgendaPdfWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    const load = (file: string) => doc.embedFont(readFileSync(join(fontDir, file)), { subset: true });
    const fonts = {
      regular: await load('LiberationSerif-Regular.ttf'),
      bold: await load('LiberationSerif-Bold.ttf'),
      italic: await load('LiberationSerif-Italic.ttf'),
    };
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    doc.setAuthor(meta.author);
    if (meta.subject) doc.setSubject(meta.subject);
    doc.setLanguage('vi-VN');
    doc.setProducer('Phòng họp số');
    doc.setCreator('Phòng họp số');
    doc.setCreationDate(FIXED_DATE);
    doc.setModificationDate(FIXED_DATE);
    return new AgendaPdfWriter(doc, fonts, meta);
  }

  get pageCount(): number {
    return this.doc.getPageCount();
  }

  get #width(): number {
    return A4.width - MARGIN.left - MARGIN.right;
  }

  newPage(): void {
    this.#page = this.doc.addPage([A4.width, A4.height]);
    this.#y = A4.height - MARGIN.top;
    if (this.doc.getPageCount() > 1 && this.#meta.runningHead) {
      this.#page.drawText(this.#meta.runningHead, {
        x: MARGIN.left,
        y: A4.height - 36,
        size: 9,
        font: this.#fonts.italic,
        color: rgb(0.35, 0.35, 0.35),
      });
    }
  }

  /** Centred lines, as the national motto and the title block of an administrative document are set. */
  centered(text: string, size = 13, style: Style = 'bold'): void {
    for (const line of this.#wrap(text, style, size, this.#width)) {
      this.#ensure(size * 1.4);
      const width = this.#fonts[style].widthOfTextAtSize(line, size);
      this.#page.drawText(line, {
        x: MARGIN.left + (this.#width - width) / 2,
        y: this.#y - size,
        size,
        font: this.#fonts[style],
      });
      this.#y -= size * 1.4;
    }
  }

  heading(text: string, level: 1 | 2 = 1): void {
    const size = level === 1 ? 15 : 13.5;
    this.#ensure(size * 3.2);
    this.#y -= level === 1 ? 10 : 6;
    this.#lines(this.#wrap(text, 'bold', size, this.#width), 'bold', size, MARGIN.left);
    this.#y -= 3;
  }

  paragraph(text: string, style: Style = 'regular', size = 13): void {
    // First-line indent, as Vietnamese administrative prose is set.
    const indent = 28;
    const lines = this.#wrap(text, style, size, this.#width, indent);
    lines.forEach((line, i) => this.#lines([line], style, size, MARGIN.left + (i === 0 ? indent : 0)));
    this.#y -= 4;
  }

  bullets(items: string[], size = 13): void {
    for (const item of items) {
      const lines = this.#wrap(item, 'regular', size, this.#width - 18);
      this.#ensure(size * 1.45);
      this.#page.drawText('–', { x: MARGIN.left + 4, y: this.#y - size, size, font: this.#fonts.regular });
      this.#lines(lines, 'regular', size, MARGIN.left + 18);
    }
    this.#y -= 4;
  }

  /** A ruled table; `widths` are fractions of the text width. Rows split across pages only between rows. */
  table(headers: string[], rows: string[][], widths: number[], size = 11.5): void {
    const columns = widths.map((w) => w * this.#width);
    const pad = 4;
    const lineHeight = size * 1.3;
    const drawRow = (cells: string[], style: Style, shade: boolean) => {
      const wrapped = cells.map((cell, i) => this.#wrap(cell, style, size, columns[i]! - 2 * pad));
      const height = Math.max(...wrapped.map((l) => l.length)) * lineHeight + 2 * pad;
      if (this.#y - height < MARGIN.bottom) {
        this.newPage();
        if (style !== 'bold') drawRow(headers, 'bold', true);
      }
      let x = MARGIN.left;
      const top = this.#y;
      wrapped.forEach((lines, i) => {
        const w = columns[i]!;
        this.#page.drawRectangle({
          x,
          y: top - height,
          width: w,
          height,
          borderColor: rgb(0.2, 0.2, 0.2),
          borderWidth: 0.6,
          ...(shade ? { color: rgb(0.9, 0.92, 0.95) } : {}),
        });
        lines.forEach((line, n) =>
          this.#page.drawText(line, {
            x: x + pad,
            y: top - pad - (n + 1) * lineHeight + size * 0.25,
            size,
            font: this.#fonts[style],
          }),
        );
        x += w;
      });
      this.#y -= height;
    };
    this.#ensure(lineHeight * 3);
    drawRow(headers, 'bold', true);
    for (const row of rows) drawRow(row, 'regular', false);
    this.#y -= 10;
  }

  /** An RGB image (8 bits a channel), Flate-compressed; `level` 0 stores it as is. */
  image(rgbBytes: Uint8Array, width: number, height: number, displayWidth: number, caption?: string, level = 1): void {
    const displayHeight = (displayWidth * height) / width;
    this.#ensure(displayHeight + 30);
    const data = level === 0 ? rgbBytes : deflateSync(rgbBytes, { level });
    const xobject = this.doc.context.stream(data, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: height,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      ...(level === 0 ? {} : { Filter: 'FlateDecode' }),
    });
    const ref = this.doc.context.register(xobject);
    const name = this.#page.node.newXObject(`Im${++this.#imageCount}`, ref);
    const x = MARGIN.left + (this.#width - displayWidth) / 2;
    this.#page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(displayWidth, 0, 0, displayHeight, x, this.#y - displayHeight),
      drawObject(name),
      popGraphicsState(),
    );
    this.#y -= displayHeight + 6;
    if (caption) this.centered(caption, 10.5, 'italic');
    this.#y -= 6;
  }

  /** Page numbers ("Trang 2/5") from the second page, then the bytes. */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      if (i === 0) return;
      const label = `Trang ${i + 1}/${pages.length}`;
      const width = this.#fonts.regular.widthOfTextAtSize(label, 10);
      page.drawText(label, { x: A4.width - MARGIN.right - width, y: 30, size: 10, font: this.#fonts.regular });
    });
    return this.doc.save({ useObjectStreams: true });
  }

  #ensure(height: number): void {
    if (this.#y - height < MARGIN.bottom) this.newPage();
  }

  #lines(lines: string[], style: Style, size: number, x: number): void {
    const lineHeight = size * 1.45;
    for (const line of lines) {
      this.#ensure(lineHeight);
      this.#page.drawText(line, { x, y: this.#y - size, size, font: this.#fonts[style] });
      this.#y -= lineHeight;
    }
  }

  #wrap(text: string, style: Style, size: number, width: number, firstIndent = 0): string[] {
    const font = this.#fonts[style];
    const words = text.normalize('NFC').split(/\s+/).filter(Boolean);
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      const limit = lines.length === 0 ? width - firstIndent : width;
      if (line && font.widthOfTextAtSize(candidate, size) > limit) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    if (line) lines.push(line);
    return lines.length > 0 ? lines : [''];
  }
}
