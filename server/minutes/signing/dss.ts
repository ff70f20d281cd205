// The Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 PAdES B-LT): an incremental update after a
// signature that adds the certificates of its chain and the OCSP responses and CRLs that show it was not revoked, so
// that a verifier years later needs nothing from the CAs (their services may be gone). Earlier bytes stay as they
// were; what an earlier DSS held is kept.
import { createHash, randomBytes } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import { AppFailure } from '../../../common/errors.ts';
import { PdfRef, type PdfDict } from '../pdf/objects.ts';
import { PdfWriter } from '../pdf/PdfWriter.ts';

export interface ValidationMaterial {
  certificates: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
}

const KEYS = { certificates: 'Certs', ocsps: 'OCSPs', crls: 'CRLs' } as const;

function previousXref(pdf: Buffer): { prevXref: number; prevIsStream: boolean } {
  const tail = pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new AppFailure('signing_failed', 'not a PDF file (no startxref at its end)');
  const prevXref = Number(match[1]);
  return { prevXref, prevIsStream: pdf.toString('latin1', prevXref, prevXref + 4) !== 'xref' };
}

const toRef = (ref: PDFRef) => new PdfRef(ref.objectNumber, ref.generationNumber);

/** Appends a DSS holding `material` (each item once, with what the file's DSS held before). */
export async function appendDss(pdf: Buffer, material: ValidationMaterial): Promise<Buffer> {
  const previous = previousXref(pdf);
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const trailer = ctx.trailerInfo;
  if (!(trailer.Root instanceof PDFRef)) throw new AppFailure('signing_failed', 'PDF trailer has no /Root reference');
  const writer = new PdfWriter(ctx.largestObjectNumber + 1);
  const oldDssEntry = doc.catalog.get(PDFName.of('DSS'));
  const oldDss = oldDssEntry ? ctx.lookup(oldDssEntry, PDFDict) : null;
  const dss: PdfDict = {};
  for (const [field, key] of Object.entries(KEYS) as [keyof ValidationMaterial, string][]) {
    const refs: PdfRef[] = [];
    const seen = new Set<string>();
    const oldArray = oldDss?.get(PDFName.of(key));
    if (oldArray) {
      for (const item of ctx.lookup(oldArray, PDFArray).asArray()) {
        if (item instanceof PDFRef) refs.push(toRef(item));
      }
    }
    for (const der of material[field]) {
      const hash = createHash('sha256').update(der).digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      const ref = writer.alloc();
      writer.putStream(ref, {}, der);
      refs.push(ref);
    }
    if (refs.length > 0) dss[key] = refs;
  }
  const dssRef = writer.alloc();
  writer.put(dssRef, dss);
  const catalog = doc.catalog.clone(ctx) as PDFDict;
  catalog.set(PDFName.of('DSS'), PDFRef.of(dssRef.num));
  writer.putRaw(toRef(trailer.Root), catalog.toString());
  const ids = trailer.ID instanceof PDFArray ? trailer.ID.asArray() : [];
  const firstId = ids[0] instanceof PDFHexString ? ids[0].asString() : randomBytes(16).toString('hex');
  return writer.appendTo(
    pdf,
    { ...previous, size: Math.max(ctx.largestObjectNumber + 1, writer.nextObjectNumber) },
    {
      Root: toRef(trailer.Root),
      Info: trailer.Info instanceof PDFRef ? toRef(trailer.Info) : undefined,
      ID: [firstId, randomBytes(16).toString('hex').toUpperCase()],
    },
  );
}
