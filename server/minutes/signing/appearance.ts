// The visible block of a signature field: what a reader sees where the minutes are signed — who signed, in which
// capacity, for which agency, when, and under whose certificate. Set in the minutes' own fonts, shrunk until it
// fits the field's box.
import { AppFailure } from '../../../common/errors.ts';
import { pdfFonts } from '../pdf/fonts.ts';
import { Typesetter } from '../pdf/Typesetter.ts';

export interface AppearanceLine {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** The block as content-stream operators for a box of w × h points, with the fonts it used. */
export function signatureAppearance(lines: AppearanceLine[], w: number, h: number, fontDir?: string) {
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
