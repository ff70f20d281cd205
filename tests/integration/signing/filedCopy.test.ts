// The filed copy is PAdES B-LTA: on a real server trusting a CA run with OpenSSL (signingCast.ts), minutes signed at
// B-LT by the secretary and the chair are filed into the embedded archive; the copy filed — also the record's PDF
// from then on — carries a DSS with the time-stamping authority's chain and its OCSP answer, and ends with a document
// timestamp that `openssl ts -verify` verifies; pdfsig still validates both signatures; /api/verify says B-LTA.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { readOcspResponse } from '../../../server/minutes/signing/revocation.ts';
import { download } from '../minutes/minutesCast.ts';
import { pdfsig, signedMeeting, signingWorld, verifyDocumentTimestamp, type SigningWorld } from './signingCast.ts';

let w: SigningWorld;
before(async () => {
  w = await signingWorld();
});
after(() => w?.stop());

/** The DSS's streams under `key` (Certs, OCSPs, CRLs), decoded. */
async function dssItems(pdf: Buffer, key: string): Promise<Buffer[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const dss = doc.context.lookup(doc.catalog.get(PDFName.of('DSS')), PDFDict);
  const array = dss.get(PDFName.of(key));
  if (!array) return [];
  return doc.context
    .lookup(array, PDFArray)
    .asArray()
    .map((ref) => Buffer.from(decodePDFRawStream(doc.context.lookup(ref) as PDFRawStream).decode()));
}

interface Verified {
  level: string | null;
  signatures: { field: string | null; level: string; valid: boolean }[];
}

describe('the filed copy (B-LTA)', () => {
  it('ends with a document timestamp over a DSS that holds the TSA chain and its revocation data', async () => {
    const { secretary, chair } = await signedMeeting(w);
    const tsa = Buffer.from(new X509Certificate(readFileSync(join(w.pki.dir, 'tsa.pem'))).raw);
    const tsaStatus = async (pdf: Buffer) =>
      (await dssItems(pdf, 'OCSPs')).flatMap((der) => {
        try {
          return [readOcspResponse(der, tsa, w.pki.caDer, new Date()).status];
        } catch {
          return [];
        }
      });
    const signed = await download(w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    assert.deepEqual(
      await tsaStatus(signed),
      ['good', 'good'],
      "each signature's DSS has the TSA's OCSP answer (B-LT)",
    );
    const filed = chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 20_000);
    await secretary.request('minutesFile', {});
    const view = await filed;
    assert.equal(view.filing?.state, 'filed');

    const index = JSON.parse(
      readFileSync(join(w.t.server.services.config.minutes.archive.dir, 'index.json'), 'utf8'),
    ) as { entries: { sha256: string }[] };
    const copy = await download(w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const copySha = createHash('sha256').update(copy).digest('hex');
    assert.equal(index.entries.at(-1)!.sha256, copySha, 'the record keeps the copy that was filed');
    assert.notEqual(copySha, view.signatures[1]!.pdfSha256, 'the filed copy adds to what the chair signed');

    const file = join(w.dir, 'filed.pdf');
    writeFileSync(file, copy);
    const report = pdfsig(w, file);
    assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 2, report);
    assert.match(report, /Signature Field Name: DauThoiGian/);
    assert.match(verifyDocumentTimestamp(w, copy, 2), /Verification: OK/);

    const certs = await dssItems(copy, 'Certs');
    assert.ok(
      certs.some((c) => c.equals(tsa)),
      "the DSS holds the TSA's certificate",
    );
    assert.ok(
      certs.some((c) => c.equals(w.pki.caDer)),
      "and its CA's",
    );
    assert.ok((await tsaStatus(copy)).includes('good'), "an OCSP answer about the TSA's certificate");

    const response = await fetch(new URL('/api/verify', w.t.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(copy),
    });
    assert.equal(response.status, 200);
    const verified = (await response.json()) as Verified;
    assert.equal(verified.level, 'B-LTA');
    assert.deepEqual(
      verified.signatures.map((s) => [s.field, s.level, s.valid]),
      [
        ['ThuKy', 'B-LTA', true],
        ['ChuTri', 'B-LTA', true],
        ['DauThoiGian', 'B-LTA', true],
      ],
    );
    secretary.client.close();
    chair.client.close();
  });
});
