// PAdES signing of the minutes PDF (ETSI EN 319 142-1): each signature is an incremental update that fills a
// signature field with a visible block (name, title, agency, time) and a CMS detached SHA-256 signature (subFilter
// ETSI.CAdES.detached) over every byte of the file except the signature value itself. It happens in two steps so
// that the key can stay with its holder: prepareSignature writes the update with a reserved value and gives the
// digest, a signer (a token, a remote provider) returns a CMS over it, finishSignature puts it in place. A document
// timestamp (ETSI.RFC3161, B-LTA) is prepared the same way, invisible. The secretary signs first, then the chair;
// earlier bytes are never rewritten, so the first signature stays valid after the second.
import { randomBytes } from 'node:crypto';
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
import { PdfRef as Ref, pdfDate, pdfName, textString, type PdfDict } from './pdf/objects.ts';
import { PdfWriter } from './pdf/PdfWriter.ts';
import { decodePng } from './pdf/png.ts';
import { imageAppearance, isoVietnamTime, signatureAppearance, type AppearanceImage } from './signing/appearance.ts';
import { signDetached } from './signing/cms.ts';
import type { SigningIdentity } from './signing/identity.ts';
import {
  embedValue,
  fillByteRange,
  placeholderEntries,
  type ByteRange,
  type PreparedPdf,
} from './signing/placeholder.ts';

/** What the visible block says about the signer (from their certificate). */
export type SignerDisplay = Pick<SigningIdentity, 'commonName' | 'title' | 'organization' | 'issuerName'>;

/** Decree 30/2020 Appendix I: the signer's handwritten-signature image, and for the agency's signature its seal. */
export interface SignatureLook {
  /** PNG with transparency, shown as provided between the title and the name. */
  signatureImage: Buffer;
  /** The agency's red seal (PNG) at its real diameter, over the left third of the signature image. */
  seal?: { png: Buffer; diameterMm: number; agency: string };
}

export interface PrepareOptions {
  /** A signature (visible block) or a document timestamp (invisible, B-LTA). */
  kind?: 'signature' | 'timestamp';
  signer?: SignerDisplay;
  /** The signature field to fill (see SIGNATURE_FIELD_NAMES); created on the last page when absent. */
  fieldName: string;
  /** Printed in the visible block; the certificate's common name by default. */
  signerName?: string;
  /** The image look of Decree 30 instead of the text block. */
  look?: SignatureLook;
  /** "Thư ký", "Chủ trì — Thứ trưởng"…; the certificate's title by default. */
  title?: string;
  reason?: string;
  location?: string;
  now?: Date;
  fontDir?: string;
  /** Fields that must already carry a signature (the order of signing). */
  requireSigned?: string[];
}

export interface SignOptions extends Omit<PrepareOptions, 'signer' | 'kind'> {
  identity: SigningIdentity;
}

export interface SignResult {
  pdf: Buffer;
  sha256: string;
  signedAt: Date;
  /** [0, a, b, c]: the signed ranges of the result. */
  byteRange: ByteRange;
}

/** A PDF with its signature's update written and its value reserved: the digest is what the signer signs. */
export interface PreparedSignature extends PreparedPdf {
  signedAt: Date;
  fieldName: string;
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

/**
 * Writes one signature's incremental update with the value reserved, and takes the digest to sign. Fails with
 * `signing_failed` when the field is already signed or the file cannot be read.
 */
export async function prepareSignature(pdf: Buffer, options: PrepareOptions): Promise<PreparedSignature> {
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
  const timestamp = options.kind === 'timestamp';
  const identity = options.signer;
  if (!timestamp && !identity) throw new AppFailure('internal', 'a signature needs its signer');
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
      // A document timestamp shows nothing: its rectangle is empty.
      Rect: timestamp ? [0, 0, 0, 0] : [width - 260, 40, width - 45, 120],
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
  const [x1, x2] = [rect[0]!, rect[2]!];
  let [y1, y2] = [rect[1]!, rect[3]!];
  const seal = options.look?.seal;
  if (seal) {
    // The seal is shown at its real size: the field grows around its middle to hold it (a seal overlaps the text
    // around a signature on paper too).
    const need = (seal.diameterMm * 72) / 25.4 + 4;
    const grow = Math.max(0, need - Math.abs(y2 - y1)) / 2;
    [y1, y2] = [Math.min(y1, y2) - grow, Math.max(y1, y2) + grow];
    widget.set(PDFName.of('Rect'), ctx.obj([x1, y1, x2, y2]));
  }
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);

  const name = timestamp ? '' : (options.signerName ?? identity!.commonName);
  const apRef = timestamp
    ? writeEmptyAppearance(writer)
    : writeAppearance(writer, identity!, name, options, now, [w, h]);

  // The signature dictionary, with placeholders for the byte range and the CMS value.
  const sigRef = writer.alloc();
  const sigDict = timestamp
    ? `<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${placeholderEntries()}>>`
    : `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${placeholderEntries()} ` +
      `/M ${textString(pdfDate(now))} /Name ${textString(name)}` +
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

  return { ...fillByteRange(out), signedAt: now, fieldName: options.fieldName };
}

/** The signed file: the prepared one with the CMS (or, for a document timestamp, the token) in its reserved place. */
export function finishSignature(prepared: PreparedSignature, value: Buffer): SignResult {
  const { pdf, sha256 } = embedValue(prepared, value);
  return { pdf, sha256, signedAt: prepared.signedAt, byteRange: prepared.byteRange };
}

/** Adds one signature made with a key held here (the demo identities, tests). */
export async function signPdf(pdf: Buffer, options: SignOptions): Promise<SignResult> {
  const { identity, ...rest } = options;
  const prepared = await prepareSignature(pdf, { ...rest, signer: identity });
  const cms = signDetached({
    digest: prepared.digest,
    privateKey: identity.privateKey,
    certificate: identity.certificate,
    chain: identity.chain,
  });
  return finishSignature(prepared, cms);
}

function writeEmptyAppearance(writer: PdfWriter): Ref {
  const ref = writer.alloc();
  writer.putStream(ref, { Type: pdfName('XObject'), Subtype: pdfName('Form'), BBox: [0, 0, 0, 0] }, Buffer.alloc(0));
  return ref;
}

function writeAppearance(
  writer: PdfWriter,
  signer: SignerDisplay,
  name: string,
  options: PrepareOptions,
  now: Date,
  [w, h]: [number, number],
): Ref {
  const title = options.title ?? signer.title ?? '';
  const lines = [
    { text: `Ký bởi: ${name}`, bold: true },
    ...(title ? [{ text: `Chức vụ: ${title}` }] : []),
    ...(signer.organization ? [{ text: `Cơ quan: ${signer.organization}` }] : []),
    { text: `Thời gian ký: ${signingTime(now)}` },
    { text: `Chứng thư số do ${signer.issuerName} cấp`, italic: true },
  ];
  if (options.look) return writeImageAppearance(writer, options.look, options, now, [w, h]);
  const look = signatureAppearance(lines, w, h, options.fontDir);
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
  return apRef;
}

export interface MinutesSignOptions extends Omit<SignOptions, 'fieldName'> {
  role: SignerRole;
}

/** The field a role signs and the fields that must be signed before (the chair after the secretary). */
export function minutesField(role: SignerRole): { fieldName: string; requireSigned: string[] } {
  return {
    fieldName: SIGNATURE_FIELD_NAMES[role],
    requireSigned: role === 'chair' ? [SIGNATURE_FIELD_NAMES.secretary] : [],
  };
}

/** Signs the minutes in its role's field with a key held here; the chair's signature needs the secretary's first. */
export async function signMinutesPdf(pdf: Buffer, options: MinutesSignOptions): Promise<SignResult> {
  return signPdf(pdf, { ...options, ...minutesField(options.role) });
}

/** Image XObjects (with their soft masks) for the appearance's images, by resource name. */
function writeImages(writer: PdfWriter, images: AppearanceImage[]): Record<string, Ref> {
  const refs: Record<string, Ref> = {};
  for (const { name, png } of images) {
    const base = { Type: pdfName('XObject'), Subtype: pdfName('Image'), Width: png.width, Height: png.height };
    let smask: Ref | null = null;
    if (png.alpha) {
      smask = writer.alloc();
      writer.putStream(smask, { ...base, ColorSpace: pdfName('DeviceGray'), BitsPerComponent: 8 }, png.alpha);
    }
    const ref = writer.alloc();
    const dict: PdfDict = { ...base, ColorSpace: pdfName('DeviceRGB'), BitsPerComponent: 8 };
    if (smask) dict.SMask = smask;
    writer.putStream(ref, dict, png.rgb);
    refs[name] = ref;
  }
  return refs;
}

function writeImageAppearance(
  writer: PdfWriter,
  look: SignatureLook,
  options: PrepareOptions,
  now: Date,
  [w, h]: [number, number],
): Ref {
  const seal = look.seal ? { png: decodePng(look.seal.png), diameterPt: (look.seal.diameterMm * 72) / 25.4 } : null;
  const drawn = imageAppearance({ w, h }, decodePng(look.signatureImage), seal);
  let content = drawn.content;
  const fontRefs: Record<string, Ref> = {};
  if (look.seal) {
    // The agency and the signing time, small, along the bottom of the field.
    const info = [{ text: look.seal.agency, bold: true }, { text: isoVietnamTime(now) }];
    // Beside the seal, under the signature image, when there is room; else along the bottom.
    const sealAt = drawn.images.find((i) => i.name === 'Seal')!.at;
    const imageAt = drawn.images.find((i) => i.name === 'Sig')!.at;
    const left = w - (sealAt[0] + sealAt[2] + 4) >= 90 ? sealAt[0] + sealAt[2] + 4 : 0;
    const bottom = Math.max(0, imageAt[1] - 20);
    const strip = signatureAppearance(info, w - left, 26, options.fontDir, false);
    content += `\nq 1 0 0 1 ${left.toFixed(2)} ${bottom.toFixed(2)} cm\n${strip.content}\nQ`;
    for (const font of Object.values(strip.fonts)) {
      if (font.glyphsUsed <= 1) continue;
      const fontRef = writer.alloc();
      font.write(writer, fontRef);
      fontRefs[font.resourceName] = fontRef;
    }
  }
  const apRef = writer.alloc();
  writer.putStream(
    apRef,
    {
      Type: pdfName('XObject'),
      Subtype: pdfName('Form'),
      BBox: [0, 0, w, h],
      Resources: { XObject: writeImages(writer, drawn.images) as PdfDict, Font: fontRefs as PdfDict },
    },
    Buffer.from(content, 'latin1'),
  );
  return apRef;
}
