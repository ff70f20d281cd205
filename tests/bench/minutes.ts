// bench:minutes — export of a generated 30-page meeting record to PDF, then the secretary's and the chair's PAdES
// signatures. The goal is under 1 s for export + both signatures. Reported numbers are medians over the runs, after
// one warm-up run whose times are also reported (cold_*: fonts read from disk, code not yet optimised).
// Unlocking the PKCS#12 tokens happens once per session and is reported apart (unlock_ms). Last line: JSON.
// Usage: npm run bench:minutes -- [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLifecycle, type Minutes } from '../../common/minutes.ts';
import { demoMinutes, DEMO_SIGNERS } from '../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf } from '../../server/minutes/exportPdf.ts';
import { signMinutesPdf } from '../../server/minutes/sign.ts';
import { createDemoIdentities } from '../../server/minutes/signing/demoIdentities.ts';
import { loadPkcs12File } from '../../server/minutes/signing/identity.ts';
import { verifyPdfSignatures } from '../../server/minutes/verify.ts';
import { percentile, round } from './stats.ts';

const PAGES = 30;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number.parseInt(process.argv[runsArg + 1] ?? '5', 10) : 5;

function finalised(sections: number): Minutes {
  const result = applyLifecycle(
    demoMinutes({ sections }),
    { action: 'finalise', number: '15' },
    { id: 'secretary', role: 'secretary' },
    new Date().toISOString(),
  );
  if (!result.ok) throw new Error(result.error.detail);
  return result.minutes;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-minutes-'));
try {
  // A record of exactly 30 pages: the page count grows with the number of agenda sections.
  let sections = 20;
  let minutes = finalised(sections);
  let pages = (await exportMinutesPdf(minutes)).pages;
  while (pages !== PAGES) {
    sections += pages < PAGES ? 1 : -1;
    minutes = finalised(sections);
    pages = (await exportMinutesPdf(minutes)).pages;
    if (sections < 1 || sections > 60) throw new Error(`cannot reach ${PAGES} pages`);
  }

  const demo = createDemoIdentities(join(dir, 'signing'), DEMO_SIGNERS);
  const unlockStart = performance.now();
  const [secretary, chair] = demo.identities.map((i) => loadPkcs12File(i.p12Path, i.password));
  const unlockMs = performance.now() - unlockStart;

  const exportTimes: number[] = [];
  const signTimes: number[] = [];
  let bytes = 0;
  for (let run = 0; run <= runs; run++) {
    const t0 = performance.now();
    const exported = await exportMinutesPdf(minutes);
    const t1 = performance.now();
    const once = await signMinutesPdf(exported.pdf, { role: 'secretary', identity: secretary!, title: 'Thư ký' });
    const twice = await signMinutesPdf(once.pdf, { role: 'chair', identity: chair!, title: 'Chủ trì' });
    const t2 = performance.now();
    if (exported.pages !== PAGES) throw new Error(`expected ${PAGES} pages, got ${exported.pages}`);
    if (!verifyPdfSignatures(twice.pdf).intact) throw new Error('the signed PDF does not verify');
    exportTimes.push(t1 - t0);
    signTimes.push(t2 - t1);
    bytes = twice.pdf.length;
    console.error(
      `run ${run}${run === 0 ? ' (warm-up)' : ''}: export ${round(t1 - t0)} ms, sign ×2 ${round(t2 - t1)} ms`,
    );
  }
  const [coldExport, ...warmExport] = exportTimes;
  const [coldSign, ...warmSign] = signTimes;
  const exportMs = round(percentile(warmExport, 50));
  const signMs = round(percentile(warmSign, 50));
  console.log(
    JSON.stringify({
      bench: 'minutes',
      pages: PAGES,
      export_ms: exportMs,
      sign_ms: signMs,
      total_ms: round(exportMs + signMs),
      cold_export_ms: round(coldExport!),
      cold_sign_ms: round(coldSign!),
      unlock_ms: round(unlockMs),
      runs,
      sections,
      pdf_bytes: bytes,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
