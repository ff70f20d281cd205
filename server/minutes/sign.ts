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
import { PdfRef as Ref, pdfDate, textString } from './pdf/objects.ts';
import { PdfWriter } from './pdf/PdfWriter.ts';
import {
  writeAppearance,
  writeEmptyAppearance,
  type AppearanceOptions,
  type SignerDisplay,
} from './signing/appearanceStream.ts';
import { signDetached } from './signing/cms.ts';
import type { SigningIdentity } from './signing/identity.ts';
import {
  embedValue,
  fillByteRange,
  placeholderEntries,
  type ByteRange,
  type PreparedPdf,
} from './signing/placeholder.ts';

export type { AppearanceOptions, SignatureLook, SignerDisplay } from './signing/appearanceStream.ts';

export interface PrepareOptions extends AppearanceOptions {
  /** A signature (visible block) or a document timestamp (invisible, B-LTA). */
  kind?: 'signature' | 'timestamp';
  signer?: SignerDisplay;
  /** The signature field to fill (see SIGNATURE_FIELD_NAMES); created on the last page when absent. */
  fieldName: string;
  /** Printed in the visible block; the certificate's common name by default. */
  signerName?: string;
  /** A new field's rectangle on the last page (x1, y1, x2, y2); at the bottom right when absent. */
  rect?: [number, number, number, number];
  reason?: string;
  location?: string;
  now?: Date;
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
      Rect: timestamp ? [0, 0, 0, 0] : (options.rect ?? [width - 260, 40, width - 45, 120]),
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
