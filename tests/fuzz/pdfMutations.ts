// Hostile uploads for the upload fuzzer, generated (no binaries in the repository): the fixtures of
// tests/helpers/pdfFixtures.ts (good, JavaScript, hostile fonts, encrypted), hand-built PDFs that attack a reader's
// structure (a page tree that contains itself, a page count in the billions, arrays nested a hundred thousand deep,
// an xref chain that loops, a stream that inflates to hundreds of megabytes, thousands of pages), and random
// damage to any of them: truncated, bytes flipped, chunks inserted, removed or repeated, xref offsets and stream
// lengths rewritten, the trailer cut off.
import { deflateSync } from 'node:zlib';
import {
  encryptedPdf,
  javascriptPdf,
  maliciousFontPdf,
  plainPdf,
  pngBytes,
  docxBytes,
} from '../helpers/pdfFixtures.ts';
import type { Rng } from './random.ts';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** A PDF from numbered object bodies, with a correct xref table (so that only what the test breaks is broken). */
export function assemble(objects: (string | Buffer)[], trailerExtra = '', rootObject = 1): Buffer {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      latin1(`${i + 1} 0 obj\n`),
      typeof body === 'string' ? latin1(body) : body,
      latin1('\nendobj\n'),
    ]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`];
  for (const offset of offsets) xref.push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  parts.push(
    latin1(
      `${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root ${rootObject} 0 R ${trailerExtra}>>\nstartxref\n${length}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

const CONTENT = 'BT /F1 24 Tf 72 720 Td (Tai lieu) Tj ET';
const stream = (data: Buffer | string, dict = '') => {
  const bytes = typeof data === 'string' ? latin1(data) : data;
  return Buffer.concat([latin1(`<< /Length ${bytes.length} ${dict}>>\nstream\n`), bytes, latin1('\nendstream')]);
};
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

let bomb: Buffer | null = null;
/** 256 MiB of spaces deflated to about 250 KiB; made once per run (it takes a second). */
function inflateBomb(): Buffer {
  bomb ??= deflateSync(Buffer.alloc(256 * 1024 * 1024, 0x20), { level: 9 });
  return bomb;
}

/** Structural attacks on a reader, each a small valid-looking PDF. */
export const HOSTILE_PDFS: Record<string, (rng: Rng) => Buffer> = {
  pageTreeCycle: () =>
    assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ]),
  hugeCount: () =>
    assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ]),
  negativeCount: () =>
    assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count -5 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ]),
  deepArrays: (rng) => {
    const depth = rng.int(10_000, 100_000);
    return assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep ${'['.repeat(depth)}${']'.repeat(depth)} >>`,
    ]);
  },
  deepDictionaries: (rng) => {
    const depth = rng.int(10_000, 50_000);
    return assemble([
      `<< /Type /Catalog /Pages 2 0 R /X ${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)} >>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ]);
  },
  xrefLoop: () => {
    const pdf = assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ]);
    const startxref = Number(/startxref\n(\d+)/.exec(pdf.toString('latin1'))![1]);
    return Buffer.from(pdf.toString('latin1').replace('/Root 1 0 R', `/Root 1 0 R /Prev ${startxref}`), 'latin1');
  },
  inflateBomb: () =>
    assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      stream(inflateBomb(), '/Filter /FlateDecode '),
      FONT,
    ]),
  manyPages: (rng) => {
    const count = rng.int(2001, 3000);
    const kids = Array.from({ length: count }, (_, i) => `${i + 4} 0 R`).join(' ');
    const pages = Array.from(
      { length: count },
      () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>',
    );
    return assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
      stream(CONTENT),
      ...pages,
    ]);
  },
  rootIsNotADictionary: () => assemble(['(not a catalog)', '<< /Type /Pages /Kids [] /Count 0 >>']),
  missingRoot: () => assemble(['<< /Type /Pages /Kids [] /Count 0 >>'], '', 99),
  badStreamLength: () =>
    assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
      `<< /Length 99999999 >>\nstream\n${CONTENT}\nendstream`,
    ]),
  hugeMediaBox: () =>
    assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e300 -1e300] /Rotate 45 >>',
    ]),
  longName: (rng) =>
    assemble([
      `<< /Type /Catalog /Pages 2 0 R /${'A'.repeat(rng.int(100_000, 1_000_000))} 1 >>`,
      '<< /Type /Pages /Kids [] /Count 0 >>',
    ]),
  headerOnly: () => latin1('%PDF-1.7\n%%EOF\n'),
  emptyFile: () => Buffer.alloc(0),
  pdfThenZip: () => Buffer.concat([latin1('%PDF-1.4\n'), Buffer.from(docxBytes())]),
  png: () => Buffer.from(pngBytes()),
};

/** A valid or deliberately hostile starting point. */
export async function basePdf(rng: Rng): Promise<{ name: string; bytes: Buffer }> {
  const choice = rng.weighted({ plain: 3, javascript: 1, fonts: 1, encrypted: 1, hostile: 5 });
  switch (choice) {
    case 'plain':
      return { name: 'plain', bytes: Buffer.from(await plainPdf(rng.int(1, 5))) };
    case 'javascript':
      return { name: 'javascript', bytes: Buffer.from(await javascriptPdf()) };
    case 'fonts':
      return { name: 'maliciousFonts', bytes: Buffer.from(await maliciousFontPdf()) };
    case 'encrypted':
      return { name: 'encrypted', bytes: Buffer.from(await encryptedPdf()) };
    default: {
      const name = rng.pick(Object.keys(HOSTILE_PDFS));
      return { name, bytes: HOSTILE_PDFS[name]!(rng) };
    }
  }
}

/** One kind of damage, or none. */
export function damage(bytes: Buffer, rng: Rng): { how: string; bytes: Buffer } {
  const at = () => rng.int(0, Math.max(0, bytes.length - 1));
  const how = rng.weighted({
    none: 4,
    truncate: 3,
    flip: 3,
    insert: 1,
    remove: 1,
    repeat: 1,
    xref: 2,
    lengths: 1,
    noTrailer: 1,
  });
  const out = Buffer.from(bytes);
  switch (how) {
    case 'none':
      return { how, bytes: out };
    case 'truncate':
      return { how, bytes: out.subarray(0, at()) };
    case 'flip':
      for (let i = rng.int(1, 50); i > 0 && out.length > 0; i--) out[at()]! ^= 1 << rng.int(0, 7);
      return { how, bytes: out };
    case 'insert': {
      const i = at();
      return {
        how,
        bytes: Buffer.concat([out.subarray(0, i), Buffer.from(rng.bytes(rng.int(1, 5000))), out.subarray(i)]),
      };
    }
    case 'remove': {
      const i = at();
      return {
        how,
        bytes: Buffer.concat([out.subarray(0, i), out.subarray(Math.min(out.length, i + rng.int(1, 5000)))]),
      };
    }
    case 'repeat': {
      const i = at();
      const chunk = out.subarray(i, i + rng.int(1, 20_000));
      return { how, bytes: Buffer.concat([out.subarray(0, i), chunk, chunk, chunk, out.subarray(i)]) };
    }
    case 'xref':
      return {
        how,
        bytes: latin1(
          out
            .toString('latin1')
            .replace(/\d{10} \d{5} n/g, () => `${String(rng.int(0, 99_999_999)).padStart(10, '0')} 00000 n`),
        ),
      };
    case 'lengths':
      return {
        how,
        bytes: latin1(
          out
            .toString('latin1')
            .replace(/\/Length \d+/g, () => `/Length ${rng.pick([0, -1, 1, 2 ** 31, rng.int(0, 1e6)])}`),
        ),
      };
    default: {
      const text = out.toString('latin1');
      return { how, bytes: latin1(text.slice(0, Math.max(0, text.lastIndexOf('trailer')))) };
    }
  }
}
