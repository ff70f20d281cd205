// The appearance streams of a signature field (what the widget shows): the text block, the Decree 30 image look
// (the signer's handwritten-signature image, with the agency's seal over its left third when one is given), the
// agency's own signature on the filed copy (its seal alone, over the left third of the competent signer's image), and
// the empty one of a document timestamp. Each is written as a form XObject with its fonts and images by the caller's
// PdfWriter; sign.ts decides which one a field gets.
import { signingTime } from '../format.ts';
import { pdfName, type PdfDict, type PdfRef as Ref } from '../pdf/objects.ts';
import type { PdfWriter } from '../pdf/PdfWriter.ts';
import { decodePng } from '../pdf/png.ts';
import { imageAppearance, signatureAppearance, type AppearanceImage } from './appearance.ts';
import { isoVietnamTime } from './vietnamTime.ts';
import type { SigningIdentity } from './identity.ts';

/** What the visible block says about the signer (from their certificate). */
export type SignerDisplay = Pick<SigningIdentity, 'commonName' | 'title' | 'organization' | 'issuerName'>;

/** Decree 30/2020 Appendix I: the signer's handwritten-signature image, and for the agency's signature its seal. */
export interface SignatureLook {
  /** PNG with transparency, shown as provided between the title and the name. */
  signatureImage: Buffer;
  /** The agency's red seal (PNG) at its real diameter, over the left third of the signature image. */
  seal?: { png: Buffer; diameterMm: number; agency: string };
}

/** What decides a field's look (part of sign.ts's PrepareOptions). */
export interface AppearanceOptions {
  /** The image look of Decree 30 instead of the text block. */
  look?: SignatureLook;
  /**
   * The agency's signature (Decree 30 Appendix I): its seal alone, at real size, over the left third of the competent
   * signer's image, which is at `image` (x, y, w, h in the field's box); the agency and the time under the seal.
   */
  agencySeal?: { png: Buffer; diameterMm: number; agency: string; image: [number, number, number, number] };
  /** "Thư ký", "Chủ trì — Thứ trưởng"…; the certificate's title by default. */
  title?: string;
  fontDir?: string;
}

export function writeEmptyAppearance(writer: PdfWriter): Ref {
  const ref = writer.alloc();
  writer.putStream(ref, { Type: pdfName('XObject'), Subtype: pdfName('Form'), BBox: [0, 0, 0, 0] }, Buffer.alloc(0));
  return ref;
}

type Block = ReturnType<typeof signatureAppearance>;

/** The fonts a text block used (one that drew at most one glyph was not used), written, by resource name. */
function writeFonts(writer: PdfWriter, block: Block | null): Record<string, Ref> {
  const refs: Record<string, Ref> = {};
  for (const font of Object.values(block?.fonts ?? {})) {
    if (font.glyphsUsed <= 1) continue;
    const ref = writer.alloc();
    font.write(writer, ref);
    refs[font.resourceName] = ref;
  }
  return refs;
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

/** The field's form XObject of w × h: the content with the images it draws and the fonts of its text block. */
function writeForm(
  writer: PdfWriter,
  [w, h]: [number, number],
  content: string,
  text: Block | null,
  images: AppearanceImage[] = [],
): Ref {
  const resources: PdfDict = { Font: writeFonts(writer, text) as PdfDict };
  if (images.length > 0) resources.XObject = writeImages(writer, images) as PdfDict;
  const ref = writer.alloc();
  writer.putStream(
    ref,
    { Type: pdfName('XObject'), Subtype: pdfName('Form'), BBox: [0, 0, w, h], Resources: resources },
    Buffer.from(content, 'latin1'),
  );
  return ref;
}

/** The agency and the signing time (ISO 8601, +07:00), small and unframed, in a strip of w × h at (x, y). */
function agencyStrip(agency: string, now: Date, [x, y, w, h]: number[], fontDir?: string) {
  const block = signatureAppearance(
    [{ text: agency, bold: true }, { text: isoVietnamTime(now) }],
    w!,
    h!,
    fontDir,
    false,
  );
  return { block, content: `\nq 1 0 0 1 ${x!.toFixed(2)} ${y!.toFixed(2)} cm\n${block.content}\nQ` };
}

export function writeAppearance(
  writer: PdfWriter,
  signer: SignerDisplay,
  name: string,
  options: AppearanceOptions,
  now: Date,
  size: [number, number],
): Ref {
  if (options.agencySeal) return writeSealAppearance(writer, options.agencySeal, options, now, size);
  if (options.look) return writeImageAppearance(writer, options.look, options, now, size);
  const title = options.title ?? signer.title ?? '';
  const lines = [
    { text: `Ký bởi: ${name}`, bold: true },
    ...(title ? [{ text: `Chức vụ: ${title}` }] : []),
    ...(signer.organization ? [{ text: `Cơ quan: ${signer.organization}` }] : []),
    { text: `Thời gian ký: ${signingTime(now)}` },
    { text: `Chứng thư số do ${signer.issuerName} cấp`, italic: true },
  ];
  const block = signatureAppearance(lines, size[0], size[1], options.fontDir);
  return writeForm(writer, size, block.content, block);
}

function writeImageAppearance(
  writer: PdfWriter,
  look: SignatureLook,
  options: AppearanceOptions,
  now: Date,
  [w, h]: [number, number],
): Ref {
  const seal = look.seal ? { png: decodePng(look.seal.png), diameterPt: (look.seal.diameterMm * 72) / 25.4 } : null;
  const drawn = imageAppearance({ w, h }, decodePng(look.signatureImage), seal);
  if (!look.seal) return writeForm(writer, [w, h], drawn.content, null, drawn.images);
  // The agency and the signing time beside the seal, under the signature image, when there is room; else along the
  // bottom of the field.
  const sealAt = drawn.images.find((i) => i.name === 'Seal')!.at;
  const imageAt = drawn.images.find((i) => i.name === 'Sig')!.at;
  const left = w - (sealAt[0] + sealAt[2] + 4) >= 90 ? sealAt[0] + sealAt[2] + 4 : 0;
  const strip = agencyStrip(look.seal.agency, now, [left, Math.max(0, imageAt[1] - 20), w - left, 26], options.fontDir);
  return writeForm(writer, [w, h], drawn.content + strip.content, strip.block, drawn.images);
}

/** The agency's signature (AppearanceOptions.agencySeal): its seal at real size, the agency and the time under it. */
export function writeSealAppearance(
  writer: PdfWriter,
  seal: NonNullable<AppearanceOptions['agencySeal']>,
  options: Pick<AppearanceOptions, 'fontDir'>,
  now: Date,
  [w, h]: [number, number],
): Ref {
  const d = (seal.diameterMm * 72) / 25.4;
  const [ix, iy, iw, ih] = seal.image;
  // The seal's right edge a third into the competent signer's image, centred on it vertically.
  const at: AppearanceImage['at'] = [ix + iw / 3 - d, iy + ih / 2 - d / 2, d, d];
  const n = (v: number) => Number(v.toFixed(2));
  const x = Math.max(0, at[0]);
  const strip = agencyStrip(seal.agency, now, [x, 0, w - x, Math.min(26, Math.max(0, at[1]))], options.fontDir);
  const content = `q ${n(d)} 0 0 ${n(d)} ${n(at[0])} ${n(at[1])} cm /Seal Do Q${strip.content}`;
  return writeForm(writer, [w, h], content, strip.block, [{ name: 'Seal', png: decodePng(seal.png), at }]);
}
