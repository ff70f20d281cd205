// Minutes → PDF in the administrative form of Decree 30/2020/NĐ-CP (Appendix I): A4, margins top/bottom 20 mm,
// left 30 mm, right 15 mm; agency top left, national title and motto top right with their rules, number and
// place/date line, "BIÊN BẢN" and the summary, body in 14 pt serif, page numbers from page 2 at the top centre,
// signature blocks THƯ KÝ (left) and CHỦ TRÌ (right). Empty signature fields are placed in the space under each
// title, so that signing (sign.ts) only fills them in an incremental update.
import { createHash } from 'node:crypto';
import type { Minutes } from '../../common/minutes.ts';
import { minutesBlocks, type Block, type Inline, type SignerField } from './minutesDocument.ts';
import { pdfFonts } from './pdf/fonts.ts';
import { PdfWriter } from './pdf/PdfWriter.ts';
import { pdfDate, pdfName, pdfText, type PdfRef } from './pdf/objects.ts';
import { Typesetter, mm, type FontStyle, type ParagraphStyle, type Span } from './pdf/Typesetter.ts';

export interface ExportProgress {
  phase: 'layout' | 'fonts' | 'write';
  done: number;
  total: number;
}

export interface PdfExportOptions {
  onProgress?: (progress: ExportProgress) => void;
  /** Where LiberationSerif-*.ttf live; found automatically by default. */
  fontDir?: string;
  /** Creation date for the document information; now by default. */
  now?: Date;
}

export interface SignatureFieldLayout {
  field: SignerField;
  /** Zero-based page index. */
  page: number;
  /** [x1, y1, x2, y2] in points from the page's bottom left. */
  rect: [number, number, number, number];
}

export interface PdfExport {
  pdf: Buffer;
  pages: number;
  sha256: string;
  signatureFields: SignatureFieldLayout[];
}

export const A4: [number, number] = [595.28, 841.89];
const GEOMETRY = { pageWidth: A4[0], pageHeight: A4[1], top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const BODY = 14;
const LEADING = 18;
const INDENT = mm(12.7);
/** Agency names and the national title: 12–13 pt allowed; 12 keeps Quốc hiệu on one line beside a long agency. */
const HEADER_SIZE = 12;
/** Signature field name in the PDF, per signer. */
export const SIGNATURE_FIELD_NAMES: Record<SignerField, string> = { secretary: 'ThuKy', chair: 'ChuTri' };

function style(inline: Inline): FontStyle {
  if (inline.bold && inline.italic) return 'boldItalic';
  if (inline.bold) return 'bold';
  return inline.italic ? 'italic' : 'regular';
}

const spans = (runs: readonly Inline[]): Span[] => runs.map((r) => ({ text: r.text, style: style(r) }));

const body: ParagraphStyle = {
  size: BODY,
  leading: LEADING,
  align: 'justify',
  firstIndent: INDENT,
  spaceBefore: 0,
  spaceAfter: 6,
};
const listItem: ParagraphStyle = { ...body, spaceAfter: 3 };

class MinutesLayout {
  readonly ts: Typesetter;
  readonly fields: SignatureFieldLayout[] = [];

  constructor(ts: Typesetter) {
    this.ts = ts;
  }

  /** Column-centred lines, returning the widest line's width. */
  centred(text: string, fontStyle: FontStyle, size: number, x: number, width: number, leading: number): number {
    const ts = this.ts;
    let widest = 0;
    for (const line of ts.lines([{ text, style: fontStyle }], size, width)) {
      ts.drawLine(line, x, ts.baseline(ts.cursor, size, leading), width, size, 'center', true);
      widest = Math.max(widest, line.width);
      ts.cursor -= leading;
    }
    return widest;
  }

  letterhead(block: Extract<Block, { kind: 'letterhead' }>): void {
    const ts = this.ts;
    const top = ts.cursor;
    const leftWidth = mm(72);
    const rightX = ts.left + leftWidth;
    const rightWidth = ts.width - leftWidth;
    const leading = HEADER_SIZE * 1.2;

    if (block.draftMark) {
      const size = 12;
      const w = ts.measure(block.draftMark, 'bold', size) + mm(4);
      const x = ts.left + ts.width - w;
      const y = GEOMETRY.pageHeight - mm(15);
      ts.text(block.draftMark, 'bold', size, x, y, w, 'center');
      ts.rect(x, y - mm(1.8), w, size + mm(1.5), 0.8);
    }

    // Left: cơ quan chủ quản (regular), cơ quan ban hành (bold) with a short rule under it.
    if (block.parentAgency) this.centred(block.parentAgency, 'regular', HEADER_SIZE, ts.left, leftWidth, leading);
    const agencyWidth = this.centred(block.agency, 'bold', HEADER_SIZE, ts.left, leftWidth - mm(3), leading);
    const ruleY = ts.cursor - 2.5;
    const ruleLength = Math.max(mm(15), agencyWidth * 0.4);
    const leftCentre = ts.left + leftWidth / 2;
    ts.hline(leftCentre - ruleLength / 2, leftCentre + ruleLength / 2, ruleY, 0.6);
    const leftBottom = ts.cursor - 2;

    // Right: Quốc hiệu (bold, 13 pt, or 12 pt where it would not fit) and Tiêu ngữ (bold 14 pt) with a rule as long.
    ts.cursor = top;
    this.centred(block.nationalTitle, 'bold', HEADER_SIZE, rightX, rightWidth, leading);
    const mottoSize = 13;
    const mottoWidth = ts.measure(block.motto, 'bold', mottoSize);
    this.centred(block.motto, 'bold', mottoSize, rightX, rightWidth, mottoSize * 1.2);
    const rightCentre = rightX + rightWidth / 2;
    ts.hline(rightCentre - mottoWidth / 2, rightCentre + mottoWidth / 2, ts.cursor - 2, 0.6);
    ts.cursor -= 2;

    // Số, ký hiệu under the agency; địa danh, ngày tháng (italic) under the motto, on one baseline.
    ts.cursor = Math.min(leftBottom, ts.cursor) - mm(3);
    const baseline = ts.baseline(ts.cursor, BODY, LEADING);
    ts.text(block.numberLine, 'regular', 13, ts.left, baseline, leftWidth - mm(3), 'center');
    ts.text(block.placeDate, 'italic', 14, rightX, baseline, rightWidth, 'center');
    ts.cursor -= LEADING;
  }

  title(block: Extract<Block, { kind: 'title' }>): void {
    const ts = this.ts;
    ts.cursor -= mm(6);
    this.centred(block.documentType, 'bold', 14, ts.left, ts.width, LEADING);
    const widest = this.centred(block.summary, 'bold', 14, ts.left + mm(10), ts.width - mm(20), LEADING);
    const length = Math.max(mm(25), widest * 0.4);
    const centre = ts.left + ts.width / 2;
    ts.hline(centre - length / 2, centre + length / 2, ts.cursor - 2.5, 0.6);
    ts.cursor -= mm(7);
  }

  /** Height of a block's first lines, for keeping a heading or label with what follows. */
  leadHeight(block: Block | undefined): number {
    if (!block) return 0;
    if (block.kind === 'paragraph') return this.ts.paragraphHeight(spans(block.runs), body, 2);
    if (block.kind === 'heading') return LEADING * 3;
    if (block.kind === 'signatures') return this.signaturesHeight();
    if (block.kind === 'table') return LEADING * 4;
    return LEADING * 2;
  }

  signaturesHeight(): number {
    return mm(3) + LEADING + mm(30) + LEADING;
  }

  signatures(block: Extract<Block, { kind: 'signatures' }>): void {
    const ts = this.ts;
    ts.ensure(this.signaturesHeight());
    ts.cursor -= mm(3);
    const top = ts.cursor;
    const columnWidth = ts.width / block.signers.length;
    const page = ts.pages.length - 1;
    block.signers.forEach((signer, i) => {
      const x = ts.left + i * columnWidth;
      ts.text(signer.title, 'bold', 14, x, ts.baseline(top, 14, LEADING), columnWidth, 'center');
      const fieldWidth = Math.min(columnWidth - mm(4), mm(75));
      const fx = x + (columnWidth - fieldWidth) / 2;
      const fy = top - LEADING - mm(29);
      this.fields.push({ field: signer.field, page, rect: [fx, fy, fx + fieldWidth, fy + mm(28)] });
      ts.text(signer.name, 'bold', 14, x, ts.baseline(top - LEADING - mm(30), 14, LEADING), columnWidth, 'center');
    });
    ts.cursor = top - this.signaturesHeight() + mm(3);
  }

  recipients(block: Extract<Block, { kind: 'recipients' }>): void {
    const ts = this.ts;
    ts.ensure(mm(6) + 14 + block.lines.length * 13);
    ts.cursor -= mm(6);
    ts.paragraph([{ text: 'Nơi nhận:', style: 'boldItalic' }], {
      size: 12,
      leading: 14,
      align: 'left',
      firstIndent: 0,
      spaceBefore: 0,
      spaceAfter: 0,
    });
    for (const line of block.lines) {
      ts.paragraph([{ text: line, style: 'regular' }], {
        size: 11,
        leading: 13,
        align: 'left',
        firstIndent: 0,
        spaceBefore: 0,
        spaceAfter: 0,
        width: ts.width / 2,
      });
    }
  }

  block(block: Block, next: Block | undefined): void {
    const ts = this.ts;
    switch (block.kind) {
      case 'letterhead':
        return this.letterhead(block);
      case 'title':
        return this.title(block);
      case 'heading': {
        const headingStyle: ParagraphStyle = { ...body, spaceBefore: 6, spaceAfter: 4 };
        const runs: Span[] = [{ text: block.text, style: block.level === 1 ? 'bold' : 'boldItalic' }];
        ts.ensure(ts.paragraphHeight(runs, headingStyle) + this.leadHeight(next));
        return ts.paragraph(runs, headingStyle);
      }
      case 'paragraph': {
        const paragraphStyle = block.list ? listItem : body;
        if (block.keepWithNext) {
          ts.ensure(ts.paragraphHeight(spans(block.runs), paragraphStyle) + this.leadHeight(next));
        }
        return ts.paragraph(spans(block.runs), paragraphStyle);
      }
      case 'table':
        ts.cursor -= 3;
        ts.table(
          block.columns.map((c) => c.title),
          block.rows,
          block.columns.map((c) => c.width * ts.width),
          block.columns.map((c) => c.align),
          13,
        );
        ts.cursor -= 9;
        return;
      case 'signatures':
        return this.signatures(block);
      case 'recipients':
        return this.recipients(block);
    }
  }
}

/** Renders the minutes as a PDF. Yields to the event loop between blocks so that progress reaches the client. */
export async function exportMinutesPdf(minutes: Minutes, options: PdfExportOptions = {}): Promise<PdfExport> {
  const progress = options.onProgress ?? (() => {});
  const fonts = pdfFonts(options.fontDir);
  const ts = new Typesetter(fonts, GEOMETRY);
  const layout = new MinutesLayout(ts);
  const blocks = minutesBlocks(minutes);
  for (let i = 0; i < blocks.length; i++) {
    layout.block(blocks[i]!, blocks[i + 1]);
    if (i % 40 === 39) {
      progress({ phase: 'layout', done: i + 1, total: blocks.length });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  progress({ phase: 'layout', done: blocks.length, total: blocks.length });
  // Page numbers: from page 2, centred in the top margin (Decree 30, Appendix I, II.9).
  for (let i = 1; i < ts.pages.length; i++) {
    ts.onPage(i, () =>
      ts.text(String(i + 1), 'regular', 13, ts.left, GEOMETRY.pageHeight - mm(13), ts.width, 'center'),
    );
  }

  const writer = new PdfWriter();
  const catalogRef = writer.alloc();
  const pagesRef = writer.alloc();
  const infoRef = writer.alloc();
  const resourcesRef = writer.alloc();
  const acroFormRef = writer.alloc();
  const used = (Object.values(fonts) as (typeof fonts)[FontStyle][]).filter((f) => f.glyphsUsed > 1);
  const fontRefs = new Map(used.map((font) => [font, writer.alloc()] as const));
  const pageRefs = ts.pages.map(() => writer.alloc());
  const fieldRefs = layout.fields.map(() => writer.alloc());

  progress({ phase: 'fonts', done: 0, total: fontRefs.size });
  for (const [font, ref] of fontRefs) font.write(writer, ref);
  progress({ phase: 'fonts', done: fontRefs.size, total: fontRefs.size });

  writer.put(resourcesRef, {
    Font: Object.fromEntries([...fontRefs].map(([font, ref]) => [font.resourceName, ref])),
    ProcSet: [pdfName('PDF'), pdfName('Text')],
  });
  const hash = createHash('sha256');
  ts.pages.forEach((ops, i) => {
    const content = Buffer.from(ops.join('\n'), 'latin1');
    hash.update(content);
    const contentRef = writer.alloc();
    writer.putStream(contentRef, {}, content);
    const annots = layout.fields.flatMap((f, k) => (f.page === i ? [fieldRefs[k]!] : []));
    writer.put(pageRefs[i]!, {
      Type: pdfName('Page'),
      Parent: pagesRef,
      MediaBox: [0, 0, A4[0], A4[1]],
      Resources: resourcesRef,
      Contents: contentRef,
      Annots: annots.length > 0 ? annots : undefined,
    });
    if (i % 10 === 9) progress({ phase: 'write', done: i + 1, total: ts.pages.length });
  });
  layout.fields.forEach((field, k) => {
    writer.put(fieldRefs[k]!, {
      Type: pdfName('Annot'),
      Subtype: pdfName('Widget'),
      FT: pdfName('Sig'),
      T: pdfText(SIGNATURE_FIELD_NAMES[field.field]),
      TU: pdfText(field.field === 'chair' ? 'Chữ ký số của chủ trì' : 'Chữ ký số của thư ký'),
      Rect: field.rect,
      F: 4,
      P: pageRefs[field.page] as PdfRef,
    });
  });
  writer.put(acroFormRef, { Fields: fieldRefs });
  writer.put(pagesRef, { Type: pdfName('Pages'), Kids: pageRefs, Count: pageRefs.length });
  writer.put(catalogRef, {
    Type: pdfName('Catalog'),
    Pages: pagesRef,
    AcroForm: acroFormRef,
    Lang: pdfText('vi-VN'),
    ViewerPreferences: { DisplayDocTitle: true },
  });
  const h = minutes.header;
  const now = options.now ?? new Date();
  writer.put(infoRef, {
    Title: pdfText(`Biên bản ${h.meetingTitle}`.normalize('NFC')),
    Author: pdfText(h.agency.normalize('NFC')),
    Subject: pdfText(`Biên bản cuộc họp ${minutes.id}`.normalize('NFC')),
    Creator: pdfText('Phòng họp số'),
    Producer: pdfText('Phòng họp số minutes exporter'),
    CreationDate: pdfText(pdfDate(now)),
  });
  const id = hash.digest('hex').slice(0, 32).toUpperCase();
  const pdf = writer.toFile({ Root: catalogRef, Info: infoRef, ID: [id, id] });
  progress({ phase: 'write', done: ts.pages.length, total: ts.pages.length });
  return {
    pdf,
    pages: ts.pages.length,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    signatureFields: layout.fields,
  };
}
