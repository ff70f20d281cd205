// Where the agency's signature goes on the filed copy. Decree 30/2020 Appendix I puts the agency's seal at its real
// size over about the left third of the competent signer's signature image — here the chair's, whose field is read
// back from the PDF (its rectangle, and the image's place in its appearance: `q w 0 0 h x y cm /Sig Do Q`; a text
// block counts as a whole). The agency's field is a new one on the same page, sized to hold the seal and, under it,
// the agency and the signing time.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString } from 'pdf-lib';
import { decodePDFRawStream } from 'pdf-lib';
import { AppFailure } from '../../../common/errors.ts';

/** The agency's signature field on the filed copy. */
export const AGENCY_FIELD = 'CoQuan';

/** Height of the strip under the seal with the agency and the time. */
const STRIP = 26;
/** The strip's least width (an agency's name in small type). */
const MIN_WIDTH = 180;

type Box = [number, number, number, number];

export interface AgencyPlacement {
  /** The new field's rectangle on the last page (x1, y1, x2, y2). */
  rect: Box;
  /** The competent signer's image inside that field's box (x, y, w, h). */
  image: Box;
}

const textOf = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : null);

/** The competent signer's image on the page (x, y, w, h) and whether its field is on the last page. */
export async function signerImageBox(pdf: Buffer, fieldName: string): Promise<{ box: Box; lastPage: boolean }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const form = doc.catalog.get(PDFName.of('AcroForm'));
  const fields = form ? ctx.lookup(ctx.lookup(form, PDFDict).get(PDFName.of('Fields')), PDFArray) : null;
  const widget = fields
    ?.asArray()
    .map((ref) => ctx.lookup(ref, PDFDict))
    .find((f) => textOf(f.get(PDFName.of('T'))) === fieldName);
  if (!widget || !widget.get(PDFName.of('V'))) {
    throw new AppFailure('minutes_invalid_transition', `${fieldName} must sign before the agency`);
  }
  const rect = ctx
    .lookup(widget.get(PDFName.of('Rect')), PDFArray)
    .asArray()
    .map((n) => (n as PDFNumber).asNumber());
  const [x, y] = [Math.min(rect[0]!, rect[2]!), Math.min(rect[1]!, rect[3]!)];
  let box: Box = [x, y, Math.abs(rect[2]! - rect[0]!), Math.abs(rect[3]! - rect[1]!)];
  const ap = widget.get(PDFName.of('AP'));
  const normal = ap ? ctx.lookup(ap, PDFDict).get(PDFName.of('N')) : undefined;
  const stream = normal ? ctx.lookup(normal) : undefined;
  if (stream instanceof PDFRawStream) {
    const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    const m = /q ([\d.]+) 0 0 ([\d.]+) (-?[\d.]+) (-?[\d.]+) cm \/Sig Do Q/.exec(content);
    if (m) box = [x + Number(m[3]), y + Number(m[4]), Number(m[1]), Number(m[2])];
  }
  const lastPage = doc.getPages().at(-1)!.ref;
  const page = widget.get(PDFName.of('P'));
  return { box, lastPage: page === undefined || page.toString() === lastPage.toString() };
}

/** The agency's field for a seal of `diameterMm` over the left third of the image at `box` (page coordinates). */
export function agencyPlacement(box: Box, diameterMm: number): AgencyPlacement {
  const d = (diameterMm * 72) / 25.4;
  const [ix, iy, iw, ih] = box;
  const sealX = ix + iw / 3 - d;
  const sealY = iy + ih / 2 - d / 2;
  const rect: Box = [sealX, sealY - STRIP, sealX + Math.max(d, MIN_WIDTH), sealY + d];
  return { rect, image: [ix - rect[0], iy - rect[1], iw, ih] };
}
