// PAdES signing of the minutes PDF (ETSI EN 319 142-1, baseline B-B): each signature is an incremental update that
// fills a signature field with a visible block (name, title, agency, time) and a CMS detached SHA-256 signature
// (subFilter ETSI.CAdES.detached) over every byte of the file except the signature value itself. The secretary signs
// first, then the chair; earlier bytes are never rewritten, so the first signature stays valid after the second.
import { createHash, randomBytes } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { AppFailure } from '../../common/errors.ts';
import type { SignerRole } from '../../common/minutes.ts';
import { SIGNATURE_FIELD_NAMES } from './exportPdf.ts';
import { signingTime } from './format.ts';
import { pdfFonts } from './pdf/fonts.ts';
import { PdfRef as Ref, pdfDate, pdfName, textString, type PdfDict } from './pdf/objects.ts';
import { PdfWriter } from './pdf/PdfWriter.ts';
import { Typesetter } from './pdf/Typesetter.ts';
import { signDetached } from './signing/cms.ts';
import type { SigningIdentity } from './signing/identity.ts';

/** Bytes reserved for the CMS value: a 2048/4096-bit signature with a few certificates fits with room to spare. */
const SIGNATURE_SPACE = 16_384;
const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

export interface SignOptions {
  identity: SigningIdentity;
  /** The signature field to fill (see SIGNATURE_FIELD_NAMES); created on the last page when absent. */
  fieldName: string;
  /** Printed in the visible block; the certificate's common name by default. */
  signerName?: string;
  /** "Thư ký", "Chủ trì — Thứ trưởng"…; the certificate's title by default. */
  title?: string;
  reason?: string;
  location?: string;
  now?: Date;
  fontDir?: string;
  /** Fields that must already carry a signature (the order of signing). */
  requireSigned?: string[];
}

export interface SignResult {
  pdf: Buffer;
  sha256: string;
  signedAt: Date;
  /** [0, a, b, c]: the signed ranges of the result. */
  byteRange: [number, number, number, number];
}

interface Previous {
  prevXref: number;
  prevIsStream: boolean;
}

function lastXref(pdf: Buffer): Previous {
  const tail = pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new AppFailure('signing_failed', 'not a PDF file (no startxref at its end)');
  const prevXref = Number(match[1]);
  return { prevXref, prevIsStream: pdf.toString('latin1', prevXref, prevXref + 4) !== 'xref' };
}

function ref(pdfRef: PDFRef): Ref {
  return new Ref(pdfRef.objectNumber, pdfRef.generationNumber);
}

function textOf(value: unknown): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return null;
}

/** The visible signature block as content-stream operators for a box of w × h points. */
function appearance(
  lines: { text: string; bold?: boolean; italic?: boolean }[],
  w: number,
  h: number,
  fontDir?: string,
) {
  for (const size of [9.5, 8.5, 7.5, 6.5]) {
    const fonts = pdfFonts(fontDir, 'S');
    const pad = 4;
    const ts = new Typesetter(fonts, { pageWidth: w, pageHeight: h, top: pad, bottom: pad, left: pad + 2, right: pad });
    for (const line of lines) {
      const style = line.bold ? 'bold' : line.italic ? 'italic' : 'regular';
      ts.paragraph([{ text: line.text.normalize('NFC'), style }], {
        size: line.italic ? size - 1 : size,
        leading: size * 1.2,
        align: 'left',
        firstIndent: 0,
        spaceBefore: 0,
        spaceAfter: 0,
      });
    }
    if (ts.pages.length === 1) {
      const frame = `0.8 w 0.75 0 0 RG 1 1 ${w - 2} ${h - 2} re S`;
      return { fonts, content: `q\n${frame}\n0.75 0 0 rg\n${ts.pages[0]!.join('\n')}\nQ` };
    }
  }
  throw new AppFailure('signing_failed', 'the signature field is too small for its text');
}

/**
 * Adds one signature to the PDF as an incremental update. Fails with `signing_failed` when the field is already
 * signed, the file is encrypted or the CMS does not fit the reserved space.
 */
export async function signPdf(pdf: Buffer, options: SignOptions): Promise<SignResult> {
  const previous = lastXref(pdf);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw new AppFailure('signing_failed', `cannot read the PDF: ${(error as Error).message}`);
  }
  const ctx = doc.context;
  const trailer = ctx.trailerInfo;
  if (!(trailer.Root instanceof PDFRef)) throw new AppFailure('signing_failed', 'PDF trailer has no /Root reference');
  const now = options.now ?? new Date();
  const identity = options.identity;
  const writer = new PdfWriter(ctx.largestObjectNumber + 1);
  const rewrite = (target: PDFRef, object: PDFObject): void => writer.putRaw(ref(target), object.toString());

  // The form and the field to fill.
  const catalog = doc.catalog;
  const acroFormEntry = catalog.get(PDFName.of('AcroForm'));
  const acroForm = acroFormEntry ? (ctx.lookup(acroFormEntry, PDFDict).clone(ctx) as PDFDict) : ctx.obj({ Fields: [] });
  const fieldsEntry = acroForm.get(PDFName.of('Fields'));
  const fields = fieldsEntry ? ctx.lookup(fieldsEntry, PDFArray) : ctx.obj([]);
  let fieldRef: PDFRef | null = null;
  const signed = new Set<string>();
  for (let i = 0; i < fields.size(); i++) {
    const candidate = fields.get(i);
    if (!(candidate instanceof PDFRef)) continue;
    const field = ctx.lookup(candidate, PDFDict);
    const fieldName = textOf(field.get(PDFName.of('T')));
    if (fieldName === options.fieldName) fieldRef = candidate;
    if (fieldName && field.get(PDFName.of('V'))) signed.add(fieldName);
  }
  const missing = (options.requireSigned ?? []).filter((f) => !signed.has(f));
  if (missing.length > 0) {
    throw new AppFailure('minutes_invalid_transition', `${missing.join(', ')} must sign before ${options.fieldName}`);
  }
  let widget: PDFDict;
  const lastPage = doc.getPages().at(-1)!;
  if (fieldRef) {
    widget = ctx.lookup(fieldRef, PDFDict).clone(ctx) as PDFDict;
    if (widget.get(PDFName.of('V'))) {
      throw new AppFailure('signing_failed', `the signature field ${options.fieldName} is already signed`);
    }
    if (widget.get(PDFName.of('Kids'))) {
      throw new AppFailure('signing_failed', `the signature field ${options.fieldName} has separate widgets`);
    }
  } else {
    // No prepared field (a PDF from elsewhere): a new one at the bottom right of the last page.
    const { width } = lastPage.getSize();
    fieldRef = PDFRef.of(writer.alloc().num);
    widget = ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(options.fieldName),
      Rect: [width - 260, 40, width - 45, 120],
      P: lastPage.ref,
    });
    const pageDict = lastPage.node.clone(ctx) as PDFDict;
    const annotsEntry = pageDict.get(PDFName.of('Annots'));
    const annots = annotsEntry ? (ctx.lookup(annotsEntry, PDFArray).clone(ctx) as PDFArray) : ctx.obj([]);
    annots.push(fieldRef);
    if (annotsEntry instanceof PDFRef) rewrite(annotsEntry, annots);
    else pageDict.set(PDFName.of('Annots'), annots);
    rewrite(lastPage.ref, pageDict);
    const newFields = fields.clone(ctx) as PDFArray;
    newFields.push(fieldRef);
    if (fieldsEntry instanceof PDFRef) rewrite(fieldsEntry, newFields);
    else acroForm.set(PDFName.of('Fields'), newFields);
  }
  const rect = ctx
    .lookup(widget.get(PDFName.of('Rect')), PDFArray)
    .asArray()
    .map((n) => (n as PDFNumber).asNumber());
  const [x1, y1, x2, y2] = rect as [number, number, number, number];
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);

  // The visible block.
  const name = options.signerName ?? identity.commonName;
  const title = options.title ?? identity.title ?? '';
  const lines = [
    { text: `Ký bởi: ${name}`, bold: true },
    ...(title ? [{ text: `Chức vụ: ${title}` }] : []),
    ...(identity.organization ? [{ text: `Cơ quan: ${identity.organization}` }] : []),
    { text: `Thời gian ký: ${signingTime(now)}` },
    { text: `Chứng thư số do ${identity.issuerName} cấp`, italic: true },
  ];
  const look = appearance(lines, w, h, options.fontDir);
  const fontRefs: Record<string, Ref> = {};
  for (const font of Object.values(look.fonts)) {
    if (font.glyphsUsed <= 1) continue;
    const fontRef = writer.alloc();
    font.write(writer, fontRef);
    fontRefs[font.resourceName] = fontRef;
  }
  const apRef = writer.alloc();
  writer.putStream(
    apRef,
    {
      Type: pdfName('XObject'),
      Subtype: pdfName('Form'),
      BBox: [0, 0, w, h],
      Resources: { Font: fontRefs as PdfDict },
    },
    Buffer.from(look.content, 'latin1'),
  );

  // The signature dictionary, with placeholders for the byte range and the CMS value.
  const sigRef = writer.alloc();
  const sigDict =
    `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_PLACEHOLDER} ` +
    `/Contents <${'0'.repeat(SIGNATURE_SPACE * 2)}> /M ${textString(pdfDate(now))} /Name ${textString(name)}` +
    (options.reason ? ` /Reason ${textString(options.reason)}` : '') +
    (options.location ? ` /Location ${textString(options.location)}` : '') +
    '>>';
  writer.putRaw(sigRef, sigDict);

  widget.set(PDFName.of('V'), PDFRef.of(sigRef.num));
  widget.set(PDFName.of('AP'), ctx.obj({ N: PDFRef.of(apRef.num) }));
  widget.set(PDFName.of('F'), PDFNumber.of(4));
  rewrite(fieldRef, widget);

  // Signatures exist, and the file may only be appended to (SigFlags 1 | 2).
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  if (acroFormEntry instanceof PDFRef) {
    rewrite(acroFormEntry, acroForm);
  } else {
    const acroFormRef = writer.alloc();
    writer.putRaw(acroFormRef, acroForm.toString());
    const newCatalog = catalog.clone(ctx) as PDFDict;
    newCatalog.set(PDFName.of('AcroForm'), PDFRef.of(acroFormRef.num));
    rewrite(trailer.Root, newCatalog);
  }

  const ids = trailer.ID instanceof PDFArray ? trailer.ID.asArray() : [];
  const firstId = ids[0] instanceof PDFHexString ? ids[0].asString() : randomBytes(16).toString('hex');
  const size = Math.max(ctx.largestObjectNumber + 1, writer.nextObjectNumber);
  const out = writer.appendTo(
    pdf,
    { ...previous, size },
    {
      Root: ref(trailer.Root),
      Info: trailer.Info instanceof PDFRef ? ref(trailer.Info) : undefined,
      ID: [firstId, randomBytes(16).toString('hex').toUpperCase()],
    },
  );

  // Fill in the byte range, hash it, and put the CMS into the reserved space.
  const rangeAt = out.lastIndexOf(BYTE_RANGE_PLACEHOLDER, undefined, 'latin1');
  const contentsAt = out.indexOf('/Contents <', rangeAt, 'latin1') + '/Contents '.length;
  const afterContents = contentsAt + SIGNATURE_SPACE * 2 + 2;
  const byteRange: [number, number, number, number] = [0, contentsAt, afterContents, out.length - afterContents];
  const rangeText = `/ByteRange [${byteRange.join(' ')}]`;
  if (rangeText.length > BYTE_RANGE_PLACEHOLDER.length) throw new AppFailure('signing_failed', 'PDF too large to sign');
  out.write(rangeText.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');
  const digest = createHash('sha256').update(out.subarray(0, contentsAt)).update(out.subarray(afterContents)).digest();
  const cms = signDetached({
    digest,
    privateKey: identity.privateKey,
    certificate: identity.certificate,
    chain: identity.chain,
  });
  if (cms.length > SIGNATURE_SPACE)
    throw new AppFailure('signing_failed', `signature of ${cms.length} bytes does not fit`);
  out.write(cms.toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  return { pdf: out, sha256: createHash('sha256').update(out).digest('hex'), signedAt: now, byteRange };
}

export interface MinutesSignOptions extends Omit<SignOptions, 'fieldName'> {
  role: SignerRole;
}

/** Signs the minutes in its role's field; the chair's signature needs the secretary's first (as the lifecycle). */
export async function signMinutesPdf(pdf: Buffer, options: MinutesSignOptions): Promise<SignResult> {
  return signPdf(pdf, {
    ...options,
    fieldName: SIGNATURE_FIELD_NAMES[options.role],
    requireSigned: options.role === 'chair' ? [SIGNATURE_FIELD_NAMES.secretary] : [],
  });
}
