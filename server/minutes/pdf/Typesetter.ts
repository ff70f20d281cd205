// Line breaking and page flow for the minutes PDF: paragraphs in mixed styles wrapped at spaces and justified like a
// word processor would, tables whose rows break across pages with the header repeated, and rules. It writes PDF
// content-stream operators per page; fonts are PdfFonts, so every glyph it shows is one the subset will carry.
import type { PdfFont } from './PdfFont.ts';
import { formatNumber as n } from './objects.ts';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
export type Fonts = Record<FontStyle, PdfFont>;
export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Span {
  text: string;
  style: FontStyle;
}

export interface Geometry {
  pageWidth: number;
  pageHeight: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface ParagraphStyle {
  size: number;
  leading: number;
  align: Align;
  /** Extra indent of the first line (pt). */
  firstIndent: number;
  spaceBefore: number;
  spaceAfter: number;
  /** Left edge and width of the column; the page's text area by default. */
  x?: number;
  width?: number;
}

interface Piece {
  text: string;
  style: FontStyle;
  width: number;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** The space before this word (none for the first word of a line). */
  space: Piece | null;
}

export interface Line {
  words: Word[];
  /** Natural width including spaces between words. */
  width: number;
}

export const mm = (value: number): number => (value * 72) / 25.4;

export class Typesetter {
  readonly fonts: Fonts;
  readonly geometry: Geometry;
  readonly pages: string[][] = [];
  /** Top of the next line on the current page, in PDF coordinates (from the bottom). */
  cursor = 0;
  readonly #ascent: number;
  readonly #descent: number;
  #current = 0;

  constructor(fonts: Fonts, geometry: Geometry) {
    this.fonts = fonts;
    this.geometry = geometry;
    const ttf = fonts.regular.ttf;
    this.#ascent = ttf.ascent / ttf.unitsPerEm;
    this.#descent = -ttf.descent / ttf.unitsPerEm;
    this.newPage();
  }

  get left(): number {
    return this.geometry.left;
  }

  get width(): number {
    return this.geometry.pageWidth - this.geometry.left - this.geometry.right;
  }

  get pageTop(): number {
    return this.geometry.pageHeight - this.geometry.top;
  }

  get remaining(): number {
    return this.cursor - this.geometry.bottom;
  }

  get ops(): string[] {
    return this.pages[this.#current]!;
  }

  newPage(): void {
    this.pages.push([]);
    this.#current = this.pages.length - 1;
    this.cursor = this.pageTop;
  }

  /** Draws on an earlier page (page numbers, once the page count is known). */
  onPage(index: number, draw: () => void): void {
    const saved = this.#current;
    this.#current = index;
    try {
      draw();
    } finally {
      this.#current = saved;
    }
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (height > this.remaining && this.cursor < this.pageTop) this.newPage();
  }

  /** Baseline of a line whose box starts at `top`: the glyphs' em box is centred in the leading. */
  baseline(top: number, size: number, leading: number): number {
    return top - (leading - (this.#ascent + this.#descent) * size) / 2 - this.#ascent * size;
  }

  measure(text: string, style: FontStyle, size: number): number {
    return this.fonts[style].widthOf(text, size);
  }

  /** Breaks spans into lines no wider than `width` (the first line `firstIndent` narrower). */
  lines(spans: readonly Span[], size: number, width: number, firstIndent = 0): Line[] {
    const words = this.#words(spans, size);
    const lines: Line[] = [];
    let current: Word[] = [];
    let used = 0;
    const limit = (): number => width - (lines.length === 0 ? firstIndent : 0);
    const push = (): void => {
      lines.push({ words: current, width: used });
      current = [];
      used = 0;
    };
    for (const word of words) {
      const space = current.length > 0 && word.space ? word.space.width : 0;
      if (current.length > 0 && used + space + word.width > limit()) push();
      if (current.length === 0 && word.width > limit()) {
        // A token longer than the line (a URL, a long number): break it between characters.
        for (const part of this.#splitWord(word, limit(), size)) {
          if (current.length > 0) push();
          current.push({ ...part, space: null });
          used = part.width;
        }
        continue;
      }
      const lead = current.length > 0 && word.space ? word.space.width : 0;
      current.push(current.length === 0 ? { ...word, space: null } : word);
      used += lead + word.width;
    }
    if (current.length > 0) push();
    return lines;
  }

  /** Lays a paragraph out at the cursor, continuing on new pages; keeps at least two lines together at a break. */
  paragraph(spans: readonly Span[], style: ParagraphStyle): void {
    const x = style.x ?? this.left;
    const width = style.width ?? this.width;
    const lines = this.lines(spans, style.size, width, Math.max(0, style.firstIndent));
    if (this.cursor < this.pageTop) this.cursor -= style.spaceBefore;
    const orphan = Math.min(lines.length, 2) * style.leading;
    if (orphan > this.remaining) this.newPage();
    lines.forEach((line, i) => {
      if (style.leading > this.remaining) this.newPage();
      const indent = i === 0 ? style.firstIndent : 0;
      const baseline = this.baseline(this.cursor, style.size, style.leading);
      this.drawLine(line, x + indent, baseline, width - indent, style.size, style.align, i === lines.length - 1);
      this.cursor -= style.leading;
    });
    this.cursor -= style.spaceAfter;
  }

  /** Height a paragraph would take (without page breaks). */
  paragraphHeight(spans: readonly Span[], style: ParagraphStyle, maxLines = Infinity): number {
    const lines = this.lines(spans, style.size, style.width ?? this.width, Math.max(0, style.firstIndent));
    return style.spaceBefore + Math.min(lines.length, maxLines) * style.leading + style.spaceAfter;
  }

  drawLine(line: Line, x: number, baseline: number, width: number, size: number, align: Align, last: boolean): void {
    let start = x;
    let extra = 0;
    if (align === 'center') start = x + (width - line.width) / 2;
    else if (align === 'right') start = x + width - line.width;
    else if (align === 'justify' && !last && line.words.length > 1) {
      extra = (width - line.width) / (line.words.length - 1);
    }
    let out = `BT\n${n(start)} ${n(baseline)} Td\n`;
    let style: FontStyle | null = null;
    let tj = '';
    const flush = (): void => {
      if (tj !== '') out += `[${tj}] TJ\n`;
      tj = '';
    };
    const use = (next: FontStyle): void => {
      if (next === style) return;
      flush();
      out += `/${this.fonts[next].resourceName} ${n(size)} Tf\n`;
      style = next;
    };
    for (const word of line.words) {
      if (word.space) {
        use(word.space.style);
        tj += `<${this.fonts[word.space.style].encode(' ')}>`;
        if (extra > 0.01) tj += n((-extra * 1000) / size);
      }
      for (const piece of word.pieces) {
        use(piece.style);
        tj += `<${this.fonts[piece.style].encode(piece.text)}>`;
      }
    }
    flush();
    this.ops.push(`${out}ET`);
  }

  /** One line of text aligned in [x, x + width] (no wrapping). */
  text(text: string, style: FontStyle, size: number, x: number, baseline: number, width: number, align: Align): void {
    const w = this.measure(text, style, size);
    const piece: Piece = { text, style, width: w };
    this.drawLine(
      { words: [{ pieces: [piece], width: w, space: null }], width: w },
      x,
      baseline,
      width,
      size,
      align,
      true,
    );
  }

  hline(x1: number, x2: number, y: number, lineWidth = 0.6): void {
    this.ops.push(`${n(lineWidth)} w ${n(x1)} ${n(y)} m ${n(x2)} ${n(y)} l S`);
  }

  rect(x: number, y: number, w: number, h: number, lineWidth = 0.6): void {
    this.ops.push(`${n(lineWidth)} w ${n(x)} ${n(y)} ${n(w)} ${n(h)} re S`);
  }

  /**
   * A bordered table filling the text width. Rows that do not fit move to the next page with the header repeated;
   * a row taller than a whole page is split between lines.
   */
  table(
    header: readonly string[],
    rows: readonly string[][],
    widths: readonly number[],
    aligns: readonly Align[],
    size: number,
  ): void {
    const leading = size * 1.25;
    const padX = mm(1.5);
    const padY = mm(1);
    const x0 = this.left;
    const colX = widths.reduce<number[]>((acc, w, i) => [...acc, (acc[i] ?? x0) + w], [x0]);
    const layoutRow = (cells: readonly string[], style: FontStyle): Line[][] =>
      cells.map((cell, i) => this.lines([{ text: cell, style }], size, widths[i]! - 2 * padX));
    const drawRow = (cells: Line[][], from: number, count: number, aligns: readonly Align[]): void => {
      const height = count * leading + 2 * padY;
      const top = this.cursor;
      cells.forEach((lines, c) => {
        lines.slice(from, from + count).forEach((line, k) => {
          const baseline = this.baseline(top - padY - k * leading, size, leading);
          this.drawLine(line, colX[c]! + padX, baseline, widths[c]! - 2 * padX, size, aligns[c] ?? 'left', true);
        });
      });
      this.hline(x0, colX[colX.length - 1]!, top, 0.5);
      this.hline(x0, colX[colX.length - 1]!, top - height, 0.5);
      for (const cx of colX) this.ops.push(`0.5 w ${n(cx)} ${n(top)} m ${n(cx)} ${n(top - height)} l S`);
      this.cursor -= height;
    };
    const head = layoutRow(header, 'bold');
    const headLines = Math.max(...head.map((l) => l.length));
    const headHeight = headLines * leading + 2 * padY;
    const centered = header.map((): Align => 'center');
    const drawHeader = (): void => drawRow(head, 0, headLines, centered);
    if (headHeight + leading + 2 * padY > this.remaining) this.newPage();
    drawHeader();
    for (const row of rows) {
      const cells = layoutRow(row, 'regular');
      const lineCount = Math.max(1, ...cells.map((l) => l.length));
      let from = 0;
      while (from < lineCount) {
        const fit = Math.floor((this.remaining - 2 * padY) / leading);
        const fullPage = Math.floor((this.pageTop - this.geometry.bottom - headHeight - 2 * padY) / leading);
        if (fit < lineCount - from && (fit < 1 || lineCount - from <= fullPage)) {
          this.newPage();
          drawHeader();
          continue;
        }
        const count = Math.min(fit, lineCount - from);
        drawRow(cells, from, count, aligns);
        from += count;
      }
    }
  }

  #words(spans: readonly Span[], size: number): Word[] {
    const words: Word[] = [];
    let current: Word | null = null;
    let pendingSpace: Piece | null = null;
    for (const span of spans) {
      for (const token of span.text.split(/(\s+)/)) {
        if (token === '') continue;
        if (/^\s+$/.test(token)) {
          if (current) words.push(current);
          current = null;
          pendingSpace = { text: ' ', style: span.style, width: this.measure(' ', span.style, size) };
          continue;
        }
        const piece: Piece = { text: token, style: span.style, width: this.measure(token, span.style, size) };
        if (current) {
          current.pieces.push(piece);
          current.width += piece.width;
        } else {
          current = { pieces: [piece], width: piece.width, space: words.length > 0 ? pendingSpace : null };
          pendingSpace = null;
        }
      }
    }
    if (current) words.push(current);
    return words;
  }

  #splitWord(word: Word, width: number, size: number): Word[] {
    const parts: Word[] = [];
    let pieces: Piece[] = [];
    let used = 0;
    for (const piece of word.pieces) {
      let text = '';
      for (const ch of piece.text) {
        const w = this.measure(ch, piece.style, size);
        if (used + w > width && (text !== '' || pieces.length > 0)) {
          if (text !== '') pieces.push({ text, style: piece.style, width: this.measure(text, piece.style, size) });
          parts.push({ pieces, width: used, space: null });
          pieces = [];
          text = '';
          used = 0;
        }
        text += ch;
        used += w;
      }
      if (text !== '') pieces.push({ text, style: piece.style, width: this.measure(text, piece.style, size) });
    }
    if (pieces.length > 0) parts.push({ pieces, width: used, space: null });
    if (parts[0]) parts[0].space = word.space;
    return parts;
  }
}
