// bench:minutes — export of a generated 30-page meeting record to PDF, then the secretary's and the chair's PAdES
// signatures. The goal is under 1 s for export + both signatures. Reported numbers are medians over the runs, after
// one warm-up run whose times are also reported (cold_*: fonts read from disk, code not yet optimised).
// Unlocking the PKCS#12 tokens happens once per session and is reported apart (unlock_ms). Beside B-B, the B-LT path
// the server takes with a real CA (tests/helpers/testPki.ts: openssl ocsp, openssl ts): per signature the checks
// with an OCSP query, the signature, an RFC 3161 timestamp and the DSS (blt_sign_ms, both signatures). Last line: JSON.
// Usage: npm run bench:minutes -- [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLifecycle, type Minutes } from '../../common/minutes.ts';
import { demoMinutes, DEMO_SIGNERS } from '../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf } from '../../server/minutes/exportPdf.ts';
import { sign as cryptoSign, X509Certificate } from 'node:crypto';
import { minutesField, prepareSignature, signMinutesPdf, type SignResult } from '../../server/minutes/sign.ts';
import { signedAttributes } from '../../server/minutes/signing/cms.ts';
import { embedSignature } from '../../server/minutes/signing/embed.ts';
import { checkRevocation } from '../../server/minutes/signing/revocation.ts';
import { checkSigningCertificate, TrustList } from '../../server/minutes/signing/trust.ts';
import { TestPki, type IssuedSigner } from '../helpers/testPki.ts';
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

/** One signature as the server makes it at B-LT: checks with OCSP, prepare, sign, timestamp, embed, DSS. */
async function signBLt(
  pdf: Buffer,
  role: 'secretary' | 'chair',
  signer: IssuedSigner,
  pki: TestPki,
): Promise<SignResult> {
  const trust = new TrustList([new X509Certificate(pki.caDer)]);
  const path = checkSigningCertificate(signer.certDer, [], trust).map((c) => Buffer.from(c.raw));
  const revocation = [await checkRevocation(signer.certDer, pki.caDer, 5000)];
  const x509 = new X509Certificate(signer.certDer);
  const display = { commonName: signer.name, title: null, organization: null, issuerName: x509.issuer };
  const prepared = await prepareSignature(pdf, { ...minutesField(role), signer: display });
  const signedAttrs = signedAttributes(prepared.digest, signer.certDer);
  const signature = cryptoSign('sha256', signedAttrs, signer.keyPem);
  const checked = { certificate: signer.certDer, path, revocation };
  const { signed, level } = await embedSignature({
    prepared,
    signedAttrs,
    signature,
    checked,
    tsaUrl: pki.tsaUrl,
    timeoutMs: 5000,
  });
  if (level !== 'B-LT') throw new Error(`expected B-LT, got ${level}`);
  return signed;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-minutes-'));
const pki = await TestPki.start();
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

  const bltSigners = [
    await pki.issue({ name: 'Lê Thị Thu Hà', key: 'rsa' }),
    await pki.issue({ name: 'Trần Quốc Khánh', key: 'ec' }),
  ];
  const exportTimes: number[] = [];
  const signTimes: number[] = [];
  const bltTimes: number[] = [];
  let bltBytes = 0;
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
    const first = await signBLt(exported.pdf, 'secretary', bltSigners[0]!, pki);
    const second = await signBLt(first.pdf, 'chair', bltSigners[1]!, pki);
    const t3 = performance.now();
    const blt = verifyPdfSignatures(second.pdf);
    if (!blt.intact || blt.signatures.some((sig) => sig.level !== 'B-LT'))
      throw new Error('the B-LT PDF does not verify');
    exportTimes.push(t1 - t0);
    signTimes.push(t2 - t1);
    bltTimes.push(t3 - t2);
    bytes = twice.pdf.length;
    bltBytes = second.pdf.length;
    console.error(
      `run ${run}${run === 0 ? ' (warm-up)' : ''}: export ${round(t1 - t0)} ms, sign ×2 ${round(t2 - t1)} ms, ` +
        `B-LT sign ×2 ${round(t3 - t2)} ms`,
    );
  }
  const [coldExport, ...warmExport] = exportTimes;
  const [coldSign, ...warmSign] = signTimes;
  const [, ...warmBlt] = bltTimes;
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
      blt_sign_ms: round(percentile(warmBlt, 50)),
      blt_pdf_bytes: bltBytes,
    }),
  );
} finally {
  await pki.stop();
  rmSync(dir, { recursive: true, force: true });
}
