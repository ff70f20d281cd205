// Minutes → DOCX with the same blocks and the same Decree 30 layout as the PDF, for agencies that still edit or print
// from Word: A4, margins 20/20/30/15 mm, Times New Roman 14 pt (Liberation Serif where Word is absent), a borderless
// two-column letterhead, page numbers from page 2 at the top centre, borderless signature table.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import type { Minutes } from '../../common/minutes.ts';
import { minutesBlocks, type Block, type Inline } from './minutesDocument.ts';
import type { ExportProgress } from './exportPdf.ts';

export interface DocxExportOptions {
  onProgress?: (progress: ExportProgress) => void;
}

/** Twentieths of a point per millimetre. */
const TWIP_PER_MM = 1440 / 25.4;
const twip = (mm: number): number => Math.round(mm * TWIP_PER_MM);
const PAGE = { width: twip(210), height: twip(297) };
const MARGIN = { top: twip(20), bottom: twip(20), left: twip(30), right: twip(15), header: twip(10) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Half-points, as OOXML sizes runs. */
const pt = (size: number): number => size * 2;
const FIRST_LINE = twip(12.7);
const LINE_18PT = { line: 360, lineRule: LineRuleType.EXACT };

const NO_BORDERS = TableBorders.NONE;

function run(inline: Inline, size = 14): TextRun {
  return new TextRun({ text: inline.text, bold: inline.bold, italics: inline.italic, size: pt(size) });
}

function centred(text: string, options: { bold?: boolean; italic?: boolean; size: number }): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 0 },
    children: [new TextRun({ text, bold: options.bold, italics: options.italic, size: pt(options.size) })],
  });
}

/** A short horizontal rule: an empty paragraph whose top border spans `length` of a column `width` (twips). */
function rule(width: number, length: number): Paragraph {
  const side = Math.max(0, Math.round((width - length) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    // The border is drawn at the top of this paragraph: keep it clear of the descenders above.
    spacing: { before: 80, after: 0, line: 120, lineRule: LineRuleType.EXACT },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [],
  });
}

/** Approximate width of a string in twips, for rule lengths (Times New Roman: capitals ≈ 0.7 em, others ≈ 0.5 em). */
function textWidth(text: string, size: number): number {
  const em = [...text].reduce((sum, ch) => sum + (ch !== ch.toLowerCase() ? 0.7 : 0.5), 0);
  return Math.round(em * size * 20);
}

function cell(children: (Paragraph | Table)[], width: number): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    borders: NO_BORDERS,
    verticalAlign: VerticalAlign.TOP,
  });
}

function letterhead(block: Extract<Block, { kind: 'letterhead' }>): (Paragraph | Table)[] {
  const left = twip(72);
  const right = TEXT_WIDTH - left;
  const leftTop: Paragraph[] = [];
  if (block.parentAgency) leftTop.push(centred(block.parentAgency, { size: 12 }));
  leftTop.push(
    centred(block.agency, { size: 12, bold: true }),
    rule(left, Math.min(left, textWidth(block.agency, 12) * 0.4)),
  );
  const rightTop = [
    centred(block.nationalTitle, { size: 12, bold: true }),
    centred(block.motto, { size: 13, bold: true }),
    rule(right, textWidth(block.motto, 13) * 0.92),
  ];
  const out: (Paragraph | Table)[] = [];
  if (block.draftMark) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          new TextRun({
            text: block.draftMark,
            bold: true,
            size: pt(12),
            border: { style: BorderStyle.SINGLE, size: 6, color: '000000' },
          }),
        ],
      }),
    );
  }
  out.push(
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [left, right],
      borders: NO_BORDERS,
      rows: [
        new TableRow({ children: [cell(leftTop, left), cell(rightTop, right)] }),
        new TableRow({
          children: [
            cell([centred(block.numberLine, { size: 13 })], left),
            cell([centred(block.placeDate, { size: 14, italic: true })], right),
          ],
        }),
      ],
    }),
  );
  return out;
}

function paragraph(runs: Inline[], options: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { after: 120, ...LINE_18PT },
    children: runs.map((r) => run(r)),
    ...options,
  });
}

function table(block: Extract<Block, { kind: 'table' }>): Table {
  const widths = block.columns.map((c) => Math.round(c.width * TEXT_WIDTH));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const row = (cells: string[], header: boolean): TableRow =>
    new TableRow({
      tableHeader: header,
      cantSplit: false,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            borders,
            margins: { left: twip(1.5), right: twip(1.5), top: twip(0.8), bottom: twip(0.8) },
            children: [
              new Paragraph({
                alignment: header || block.columns[i]!.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
                spacing: { after: 0 },
                children: [new TextRun({ text, bold: header, size: pt(13) })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      row(
        block.columns.map((c) => c.title),
        true,
      ),
      ...block.rows.map((r) => row(r, false)),
    ],
  });
}

function signatures(block: Extract<Block, { kind: 'signatures' }>): Table {
  const width = Math.round(TEXT_WIDTH / block.signers.length);
  const column = (title: string, name: string): TableCell =>
    cell(
      [
        centred(title, { size: 14, bold: true }),
        // Room for the signature: about 30 mm.
        new Paragraph({ spacing: { before: 0, after: 0, line: twip(30), lineRule: LineRuleType.EXACT }, children: [] }),
        centred(name, { size: 14, bold: true }),
      ],
      width,
    );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: block.signers.map(() => width),
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: block.signers.map((s) => column(s.title, s.name)) })],
  });
}

function render(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'letterhead':
      return letterhead(block);
    case 'title':
      return [
        new Paragraph({
          spacing: { before: 240, after: 0 },
          alignment: AlignmentType.CENTER,
          children: [run({ text: block.documentType, bold: true })],
        }),
        new Paragraph({
          spacing: { after: 0 },
          alignment: AlignmentType.CENTER,
          children: [run({ text: block.summary, bold: true })],
        }),
        rule(TEXT_WIDTH, Math.min(TEXT_WIDTH * 0.5, textWidth(block.summary, 14) * 0.4)),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
    case 'paragraph':
      return [
        paragraph(block.runs, {
          keepNext: block.keepWithNext,
          spacing: { after: block.list ? 60 : 120, ...LINE_18PT },
        }),
      ];
    case 'heading':
      return [
        paragraph([{ text: block.text, bold: true, italic: block.level === 2 }], {
          keepNext: true,
          spacing: { before: 120, after: 80, ...LINE_18PT },
        }),
      ];
    case 'table':
      return [table(block), new Paragraph({ spacing: { after: 120 }, children: [] })];
    case 'signatures':
      return [new Paragraph({ spacing: { after: 60 }, keepNext: true, children: [] }), signatures(block)];
    case 'recipients':
      return [
        new Paragraph({
          spacing: { before: 240, after: 0 },
          children: [run({ text: 'Nơi nhận:', bold: true, italic: true }, 12)],
        }),
        ...block.lines.map((line) => new Paragraph({ spacing: { after: 0 }, children: [run({ text: line }, 11)] })),
      ];
  }
}

/** Renders the minutes as a .docx file. */
export async function exportMinutesDocx(minutes: Minutes, options: DocxExportOptions = {}): Promise<Buffer> {
  const progress = options.onProgress ?? (() => {});
  const blocks = minutesBlocks(minutes);
  const children = blocks.flatMap(render);
  progress({ phase: 'layout', done: blocks.length, total: blocks.length });
  const h = minutes.header;
  const document = new Document({
    creator: 'Phòng họp số',
    title: `Biên bản ${h.meetingTitle}`.normalize('NFC'),
    description: `Biên bản cuộc họp ${minutes.id}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: pt(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: PAGE, margin: MARGIN },
        },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(13) })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  progress({ phase: 'write', done: 1, total: 1 });
  return buffer;
}
