// The visible block of a signature field: what a reader sees where the minutes are signed. Without a signature image,
// text — who signed, in which capacity, for which agency, when, under whose certificate — in the minutes' own fonts,
// shrunk until it fits the field's box; with one, the look of Decree 30/2020 Appendix I (imageAppearance).
import { AppFailure } from '../../../common/errors.ts';
import type { DecodedPng } from '../pdf/png.ts';
import { pdfFonts } from '../pdf/fonts.ts';
import { Typesetter } from '../pdf/Typesetter.ts';

export interface AppearanceLine {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** The block as content-stream operators for a box of w × h points, with the fonts it used. */
export function signatureAppearance(lines: AppearanceLine[], w: number, h: number, fontDir?: string, frame = true) {
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
      const border = frame ? `0.8 w 0.75 0 0 RG 1 1 ${w - 2} ${h - 2} re S\n` : '';
      return { fonts, content: `q\n${border}0.75 0 0 rg\n${ts.pages[0]!.join('\n')}\nQ` };
    }
  }
  throw new AppFailure('signing_failed', 'the signature field is too small for its text');
}

/** An image the appearance draws: pixels with their soft mask, written as image XObjects by the caller. */
export interface AppearanceImage {
  name: string;
  png: DecodedPng;
  /** Where it goes in the box: x, y, width, height in points. */
  at: [number, number, number, number];
}

/**
 * The look Decree 30/2020 Appendix I gives a digital signature: the signer's handwritten-signature image as provided
 * (transparent PNG), centred in the space between title and name; with the agency's seal (red, transparent PNG) at
 * its real size over the left third of that image, and the agency and the signing time (ISO 8601, +07:00) beside it.
 */
export function imageAppearance(
  box: { w: number; h: number },
  signature: DecodedPng,
  seal: { png: DecodedPng; diameterPt: number } | null,
): { images: AppearanceImage[]; content: string } {
  const d = seal?.diameterPt ?? 0;
  // With a seal the image leaves room on its left for the two thirds of the seal that stick out.
  const maxW = seal ? Math.min(box.w, 1.5 * (box.w - d)) : box.w;
  const scale = Math.min(maxW / signature.width, box.h / signature.height, 1);
  const [sw, sh] = [signature.width * scale, signature.height * scale];
  const sx = Math.max((box.w - sw) / 2, d - sw / 3);
  const sy = (box.h - sh) / 2;
  const images: AppearanceImage[] = [{ name: 'Sig', png: signature, at: [sx, sy, sw, sh] }];
  if (seal) {
    // The seal's right edge a third into the signature image, centred on it vertically.
    images.push({ name: 'Seal', png: seal.png, at: [sx + sw / 3 - d, sy + sh / 2 - d / 2, d, d] });
  }
  const n = (v: number) => Number(v.toFixed(2));
  const content = images
    .map(({ name, at: [x, y, w, h] }) => `q ${n(w)} 0 0 ${n(h)} ${n(x)} ${n(y)} cm /${name} Do Q`)
    .join('\n');
  return { images, content };
}
