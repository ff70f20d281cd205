// The look of a signature as Decree 30/2020 Appendix I asks, rendered by poppler (pdftoppm) and looked at pixel by
// pixel: the signer's handwritten-signature image (a transparent PNG, blue strokes) sits in the space between the
// title and the name, shown as provided; the agency's red seal, at its real size (36 mm), covers the left third of
// the chair's signature image; the signatures stay valid for pdfsig. The rendered page is kept for a person to see
// (SIGNATURE_PAGE_OUT=<file.png>). Needs poppler-utils, libnss3-tools, fonts-liberation2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLifecycle } from '../../../common/minutes.ts';
import { demoMinutes, DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf } from '../../../server/minutes/exportPdf.ts';
import { decodePng, encodePng } from '../../../server/minutes/pdf/png.ts';
import { signMinutesPdf } from '../../../server/minutes/sign.ts';
import { ensureDemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { loadPkcs12File } from '../../../server/minutes/signing/identity.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'signature-look-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A transparent image drawn by a function of (x, y) → [r, g, b, a] or null. */
function draw(w: number, h: number, paint: (x: number, y: number) => [number, number, number] | null): Buffer {
  const rgba = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const colour = paint(x, y);
      if (colour) rgba.set([...colour, 255], (y * w + x) * 4);
    }
  }
  return encodePng(w, h, rgba);
}

/** A handwritten-looking blue stroke: a sine wave 8 px thick across the image. */
const signatureImage = draw(600, 200, (x, y) =>
  Math.abs(y - (100 + 60 * Math.sin(x / 45))) < 4 && x > 20 && x < 580 ? [20, 40, 200] : null,
);
/** A red seal: a ring and a disc in its middle. */
const sealImage = draw(400, 400, (x, y) => {
  const r = Math.hypot(x - 200, y - 200);
  return (r > 180 && r < 198) || r < 60 ? [230, 30, 60] : null;
});

describe('signature appearance (Decree 30/2020, Appendix I)', () => {
  it('shows the signature images and the seal over the left third; pdfsig still finds both valid', async () => {
    const demo = ensureDemoIdentities(join(dir, 'demo'), DEMO_SIGNERS);
    const identity = (id: string) => {
      const entry = demo.identities.find((i) => i.id === id)!;
      return loadPkcs12File(entry.p12Path, entry.password);
    };
    const finalised = applyLifecycle(
      demoMinutes({ sections: 1 }),
      { action: 'finalise', number: '15' },
      { id: 'secretary', role: 'secretary' },
      '2026-11-23T05:00:00Z',
    );
    assert.ok(finalised.ok);
    const exported = await exportMinutesPdf(finalised.minutes);
    const once = await signMinutesPdf(exported.pdf, {
      role: 'secretary',
      identity: identity('secretary'),
      look: { signatureImage },
    });
    const twice = await signMinutesPdf(once.pdf, {
      role: 'chair',
      identity: identity('chair'),
      look: { signatureImage, seal: { png: sealImage, diameterMm: 36, agency: 'Văn phòng Bộ' } },
      now: new Date('2026-11-23T03:15:00Z'),
    });
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, twice.pdf);

    const nss = join(dir, 'nss');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo', '-t', 'C,C,C', '-i', demo.caCertificatePath]);
    const report = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' }).stdout;
    assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 2, report);

    // The last page at 72 dpi: one pixel per point, so the fields' rectangles are read as they are.
    const page = exported.pages;
    execFileSync('pdftoppm', [
      '-r',
      '72',
      '-f',
      String(page),
      '-l',
      String(page),
      '-png',
      '-singlefile',
      file,
      join(dir, 'page'),
    ]);
    const png = decodePng(readFileSync(join(dir, 'page.png')));
    if (process.env.SIGNATURE_PAGE_OUT) copyFileSync(join(dir, 'page.png'), process.env.SIGNATURE_PAGE_OUT);
    const pixel = (x: number, y: number) => {
      const i = (y * png.width + x) * 3;
      return [png.rgb[i]!, png.rgb[i + 1]!, png.rgb[i + 2]!] as const;
    };
    const blue = ([r, g, b]: readonly number[]) => b! > 150 && r! < 120 && g! < 140;
    // The seal's red has more blue than green; the red text beside it (and its anti-aliasing) has as much of each.
    const red = ([r, g, b]: readonly number[]) => r! > 200 && b! - g! > 15;
    const box = (field: 'secretary' | 'chair', test: (p: readonly number[]) => boolean) => {
      const rect = exported.signatureFields.find((f) => f.field === field)!.rect;
      const [x1, y1, x2, y2] = rect.map(Math.round) as [number, number, number, number];
      let found = { minX: Infinity, maxX: -Infinity, count: 0 };
      for (let y = png.height - y2; y < png.height - y1; y++) {
        for (let x = x1; x < x2; x++) {
          if (test(pixel(x, y))) {
            found = { minX: Math.min(found.minX, x), maxX: Math.max(found.maxX, x), count: found.count + 1 };
          }
        }
      }
      return found;
    };
    const secretaryStrokes = box('secretary', blue);
    assert.ok(secretaryStrokes.count > 200, `the secretary's signature image is drawn (${secretaryStrokes.count} px)`);
    assert.equal(box('secretary', red).count, 0, 'no seal on a personal signature');
    const chairStrokes = box('chair', blue);
    const seal = box('chair', red);
    assert.ok(chairStrokes.count > 100 && seal.count > 200, `image ${chairStrokes.count} px, seal ${seal.count} px`);
    const sealWidth = seal.maxX - seal.minX;
    assert.ok(Math.abs(sealWidth - (36 * 72) / 25.4) < 6, `the seal is 36 mm wide (${sealWidth} pt)`);
    const third = chairStrokes.minX + (chairStrokes.maxX - chairStrokes.minX) / 3;
    assert.ok(seal.maxX > chairStrokes.minX && Math.abs(seal.maxX - third) < 12, 'the seal covers the left third');
  });
});
