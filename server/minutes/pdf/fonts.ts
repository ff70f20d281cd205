// The serif family the minutes are set in: Liberation Serif 2.x (metric-compatible with Times New Roman, which
// Decree 30 expects), from Debian's fonts-liberation2. Liberation 1.x (fonts-liberation) lacks the Vietnamese letters
// (ơ, ư and U+1EA0–U+1EF9), so it is refused with a clear message rather than printing empty boxes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PdfFont, loadTrueType } from './PdfFont.ts';
import type { FontStyle, Fonts } from './Typesetter.ts';
import type { TrueTypeFont } from './TrueTypeFont.ts';

const FILES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

const CANDIDATE_DIRS = [
  '/usr/share/fonts/truetype/liberation2',
  '/usr/share/fonts/liberation-serif', // Fedora
  '/usr/share/fonts/TTF', // Arch
  '/usr/share/fonts/truetype/liberation',
];

/** Letters a font must have to set Vietnamese: ơ ư đ and a few with two diacritics. */
const VIETNAMESE_PROBE = 'ơưđĐệỗữặẫỹ';

export function serifFontDir(explicit = process.env.MINUTES_FONT_DIR): string {
  const dirs = explicit ? [explicit] : CANDIDATE_DIRS;
  for (const dir of dirs) {
    if (existsSync(join(dir, FILES.regular))) return dir;
  }
  throw new Error(
    `Liberation Serif not found in ${dirs.join(', ')}: install Debian's fonts-liberation2 or set MINUTES_FONT_DIR`,
  );
}

export function loadSerifFamily(dir = serifFontDir()): Record<FontStyle, TrueTypeFont> {
  const family = {} as Record<FontStyle, TrueTypeFont>;
  for (const style of Object.keys(FILES) as FontStyle[]) {
    const ttf = loadTrueType(join(dir, FILES[style]));
    const missing = [...VIETNAMESE_PROBE].filter((ch) => !ttf.hasGlyph(ch.codePointAt(0)!));
    if (missing.length > 0) {
      throw new Error(
        `${join(dir, FILES[style])} lacks Vietnamese letters (${missing.join(' ')}): ` +
          'use Liberation Serif 2.x (Debian fonts-liberation2)',
      );
    }
    family[style] = ttf;
  }
  return family;
}

/** Fresh per-document font objects (each document embeds its own subset). */
export function pdfFonts(dir?: string, prefix = 'F'): Fonts {
  const family = loadSerifFamily(dir);
  return {
    regular: new PdfFont(family.regular, `${prefix}1`),
    bold: new PdfFont(family.bold, `${prefix}2`),
    italic: new PdfFont(family.italic, `${prefix}3`),
    boldItalic: new PdfFont(family.boldItalic, `${prefix}4`),
  };
}
