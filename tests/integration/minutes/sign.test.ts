// PAdES signatures of the minutes checked by independent verifiers: poppler's pdfsig (with the demo CA trusted in
// an NSS database), OpenSSL's `cms -verify`, and our own verifier; tampering and appended bytes are detected.
// Needs poppler-utils, openssl, libnss3-tools and fonts-liberation2 (Debian).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { AppFailure } from '../../../common/errors.ts';
import { applyLifecycle } from '../../../common/minutes.ts';
import { demoMinutes, DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf, type PdfExport } from '../../../server/minutes/exportPdf.ts';
import { signMinutesPdf, signPdf } from '../../../server/minutes/sign.ts';
import {
  DEMO_LABEL,
  ensureDemoIdentities,
  type DemoIdentities,
} from '../../../server/minutes/signing/demoIdentities.ts';
import { loadPkcs12File, type SigningIdentity } from '../../../server/minutes/signing/identity.ts';
import { verifyPdfSignatures } from '../../../server/minutes/verify.ts';

let dir = '';
let demo: DemoIdentities;
let secretary: SigningIdentity;
let chair: SigningIdentity;
let exported: PdfExport;
let signedOnce: Buffer;
let signedTwice: Buffer;
let nssDir = '';

function pdfsig(path: string): string {
  // No -no-ocsp: poppler 22.12 then reports a generic certificate error even for trusted chains. Our certificates
  // carry no OCSP address, so nothing is fetched either way.
  const result = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, path], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

function save(name: string, data: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** The n-th signature's CMS value and the bytes it signs, as OpenSSL wants them. */
function extractSignature(pdf: Buffer, index: number): { cms: Buffer; content: Buffer } {
  const match = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)][index]!;
  const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const hex = pdf.toString('latin1', b + 1, c - 1).replace(/(00)+$/, '');
  return {
    cms: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'),
    content: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
  };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-sign-'));
  demo = ensureDemoIdentities(join(dir, 'signing'), DEMO_SIGNERS);
  const identity = (id: string): SigningIdentity => {
    const entry = demo.identities.find((i) => i.id === id)!;
    return loadPkcs12File(entry.p12Path, entry.password);
  };
  secretary = identity('secretary');
  chair = identity('chair');
  const finalised = applyLifecycle(
    demoMinutes({ sections: 2 }),
    { action: 'finalise', number: '15' },
    { id: 'secretary', role: 'secretary' },
    '2026-11-23T05:00:00Z',
  );
  assert.ok(finalised.ok);
  exported = await exportMinutesPdf(finalised.minutes);
  signedOnce = (
    await signMinutesPdf(exported.pdf, { role: 'secretary', identity: secretary, title: 'Thư ký', location: 'Hà Nội' })
  ).pdf;
  signedTwice = (
    await signMinutesPdf(signedOnce, { role: 'chair', identity: chair, title: 'Chủ trì', location: 'Hà Nội' })
  ).pdf;
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'demo-ca', '-t', 'C,C,C', '-i', demo.caCertificatePath]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('PAdES signatures of the minutes', () => {
  it('keep the signed file as the original plus appended updates', () => {
    assert.ok(signedOnce.subarray(0, exported.pdf.length).equals(exported.pdf));
    assert.ok(signedTwice.subarray(0, signedOnce.length).equals(signedOnce));
  });

  it('verify with pdfsig: both valid, ETSI.CAdES.detached, SHA-256, chair covering the whole file, CA trusted', () => {
    const report = pdfsig(save('signed.pdf', signedTwice));
    const blocks = report.split(/Signature #\d+:/).slice(1);
    assert.equal(blocks.length, 2, report);
    const [first, second] = blocks as [string, string];
    assert.match(first, /Signature Field Name: ThuKy/);
    assert.match(first, /Common Name: Lê Thị Thu Hà/);
    assert.match(second, /Signature Field Name: ChuTri/);
    assert.match(second, /Common Name: Trần Quốc Khánh/);
    for (const block of blocks) {
      assert.match(block, /Signature Type: ETSI\.CAdES\.detached/);
      assert.match(block, /Signing Hash Algorithm: SHA-256/);
      assert.match(block, /Signature Validation: Signature is Valid\./);
      assert.match(block, /Certificate Validation: Certificate is Trusted\./);
    }
    assert.match(second, /Total document signed/);
  });

  it('verify with openssl cms against the demo CA, with signing-certificate-v2 and no signing-time attribute', () => {
    for (const index of [0, 1]) {
      const { cms, content } = extractSignature(signedTwice, index);
      const cmsPath = save(`sig${index}.der`, cms);
      const contentPath = save(`signed${index}.bin`, content);
      const result = spawnSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          cmsPath,
          '-content',
          contentPath,
          '-CAfile',
          demo.caCertificatePath,
          '-out',
          '/dev/null',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /Verification successful/);
      const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsPath], {
        encoding: 'utf8',
      });
      assert.match(printed, /signingCertificateV2/);
      assert.match(printed, /messageDigest/);
      assert.doesNotMatch(printed, /signingTime/);
    }
  });

  it('pass our own verifier, which names fields and signers', () => {
    const report = verifyPdfSignatures(signedTwice, [new X509Certificate(readFileSync(demo.caCertificatePath))]);
    assert.equal(report.intact, true);
    assert.deepEqual(
      report.signatures.map((s) => [s.field, s.signerName, s.subFilter, s.valid, s.trusted]),
      [
        ['ThuKy', 'Lê Thị Thu Hà', 'ETSI.CAdES.detached', true, true],
        ['ChuTri', 'Trần Quốc Khánh', 'ETSI.CAdES.detached', true, true],
      ],
    );
    assert.match(report.signatures[0]!.issuerName, new RegExp(DEMO_LABEL));
  });

  it('detect a byte changed after signing', () => {
    const tampered = Buffer.from(signedTwice);
    const at = 3000; // inside page 1's content stream, well before the first signature
    tampered[at] = tampered[at]! ^ 0x01;
    const report = pdfsig(save('tampered.pdf', tampered));
    assert.doesNotMatch(report, /Signature is Valid/);
    assert.match(report, /Digest Mismatch|Signature is Invalid/);
    const own = verifyPdfSignatures(tampered);
    assert.equal(own.intact, false);
    assert.deepEqual(
      own.signatures.map((s) => s.digestMatches),
      [false, false],
    );
  });

  it('detect bytes appended after the last signature', () => {
    const appended = Buffer.concat([signedTwice, Buffer.from('\n% appended after signing\n', 'latin1')]);
    assert.match(pdfsig(save('appended.pdf', appended)), /Not total document signed[\s\S]*Not total document signed/);
    const own = verifyPdfSignatures(appended);
    assert.equal(own.modifiedAfterLastSignature, true);
    assert.equal(own.intact, false);
  });

  it('show a visible signature block in each field on the last page', () => {
    const path = save('visible.pdf', signedTwice);
    for (const field of exported.signatureFields) {
      const [x1, y1, x2, y2] = field.rect;
      const prefix = join(dir, `field-${field.field}`);
      execFileSync('pdftoppm', [
        '-gray',
        '-r',
        '72',
        '-f',
        String(field.page + 1),
        '-l',
        String(field.page + 1),
        '-x',
        String(Math.round(x1)),
        '-y',
        String(Math.round(841.89 - y2)),
        '-W',
        String(Math.round(x2 - x1)),
        '-H',
        String(Math.round(y2 - y1)),
        '-singlefile',
        path,
        prefix,
      ]);
      const pgm = readFileSync(`${prefix}.pgm`);
      const pixels = pgm.subarray(pgm.length - Math.round(x2 - x1) * Math.round(y2 - y1));
      const ink = pixels.filter((v) => v < 160).length / pixels.length;
      assert.ok(ink > 0.03, `the ${field.field} field looks empty (${(ink * 100).toFixed(1)}% ink)`);
    }
  });

  it('refuse the chair before the secretary, a second signature in one field, and a wrong password', async () => {
    await assert.rejects(
      signMinutesPdf(exported.pdf, { role: 'chair', identity: chair }),
      (e: unknown) => e instanceof AppFailure && e.code === 'minutes_invalid_transition',
    );
    await assert.rejects(
      signMinutesPdf(signedOnce, { role: 'secretary', identity: secretary }),
      (e: unknown) => e instanceof AppFailure && e.code === 'signing_failed',
    );
    const entry = demo.identities[0]!;
    assert.throws(
      () => loadPkcs12File(entry.p12Path, 'not the password'),
      (e: unknown) => e instanceof AppFailure && e.code === 'signing_failed',
    );
  });

  it('sign any PDF with a PKCS#12 made by OpenSSL 3 defaults, adding a field and a cross-reference stream', async () => {
    const keyPath = join(dir, 'openssl.key');
    const certPath = join(dir, 'openssl.pem');
    const p12Path = join(dir, 'openssl.p12');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '30',
        '-subj',
        '/CN=Nguyễn Thị Hương/O=UBND tỉnh Quảng Ngãi',
        '-utf8',
        '-addext',
        'keyUsage=critical,digitalSignature,nonRepudiation',
        '-addext',
        'extendedKeyUsage=emailProtection',
      ],
      { stdio: 'ignore' },
    );
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      keyPath,
      '-in',
      certPath,
      '-out',
      p12Path,
      '-passout',
      'pass:mật khẩu',
    ]);
    const identity = loadPkcs12File(p12Path, 'mật khẩu');
    assert.equal(identity.commonName, 'Nguyễn Thị Hương');
    const doc = await PDFDocument.create();
    doc.addPage([595.28, 841.89]);
    const foreign = Buffer.from(await doc.save({ useObjectStreams: true }));
    const signed = await signPdf(foreign, { identity, fieldName: 'KyDuyet', title: 'Phó Chủ tịch' });
    const report = pdfsig(save('foreign.pdf', signed.pdf));
    assert.match(report, /Signature Field Name: KyDuyet/);
    assert.match(report, /Signature is Valid/);
    assert.match(report, /Total document signed/);
    assert.equal(verifyPdfSignatures(signed.pdf).intact, true);
  });
});
