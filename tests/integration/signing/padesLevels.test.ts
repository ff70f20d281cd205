// PAdES levels through prepare and complete, on a real server with a CA run by OpenSSL (signingCast.ts): the
// secretary (RSA, with an uploaded handwritten-signature image) and the chair (ECDSA) sign at B-LT — pdfsig reports
// both valid and trusted, `openssl ts -verify` verifies each signature timestamp, the DSS holds the OCSP answers, our
// verifier says B-LT and intact, the audit log names the certificates — then a document timestamp makes it B-LTA.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../../../server/minutes/pdf/png.ts';
import { parseSignedData } from '../../../server/minutes/signing/cms.ts';
import { addDocumentTimestamp } from '../../../server/minutes/signing/docTimestamp.ts';
import { verifyPdfSignatures } from '../../../server/minutes/verify.ts';
import { download } from '../minutes/minutesCast.ts';
import {
  extractCms,
  finalise,
  joinAs,
  meeting,
  pdfsig,
  register,
  signingWorld,
  signWith,
  verifyDocumentTimestamp,
  type SigningWorld,
} from './signingCast.ts';

let w: SigningWorld;
before(async () => {
  w = await signingWorld();
});
after(() => w?.stop());

describe('PAdES B-LT through prepare and complete', () => {
  it('secretary (RSA) then chair (ECDSA): pdfsig valid, timestamps verified by openssl, DSS with OCSP answers', async () => {
    const m = await meeting(w.t);
    const secretaryKey = await w.pki.issue({
      name: m.secretary.name,
      title: 'Chuyên viên chính',
      organization: 'Văn phòng Bộ',
    });
    const chairKey = await w.pki.issue({
      name: m.chair.name,
      key: 'ec',
      title: 'Thứ trưởng',
      organization: 'Bộ KH&CN',
    });
    assert.equal((await register(m.secretary, secretaryKey)).status, 201);
    assert.equal((await register(m.chair, chairKey)).status, 201);
    // The secretary's handwritten signature (a transparent PNG), uploaded once: their signature shows it.
    const rgba = Buffer.alloc(60 * 20 * 4);
    for (let x = 5; x < 55; x++) rgba.set([20, 40, 200, 255], ((10 + Math.round(5 * Math.sin(x / 6))) * 60 + x) * 4);
    const image = await fetch(new URL('/api/signing/image', w.t.server.url), {
      method: 'PUT',
      headers: {
        cookie: m.secretary.client.cookie!,
        origin: w.t.server.url,
        'x-phonghop-csrf': '1',
        'content-type': 'image/png',
      },
      body: new Uint8Array(encodePng(60, 20, rgba)),
    });
    assert.equal(image.status, 200);
    const secretary = await joinAs(w.t, m.id, m.secretary);
    const chair = await joinAs(w.t, m.id, m.chair);
    await finalise(secretary);
    const one = await secretary.request('minutesSignPrepare', {});
    assert.equal(one.level, 'B-LT');
    await secretary.request('minutesSignComplete', {
      signatureId: one.signatureId,
      signature: signWith(secretaryKey, one),
    });
    const two = await chair.request('minutesSignPrepare', {});
    assert.equal(two.keyType, 'ec');
    const done = await chair.request('minutesSignComplete', {
      signatureId: two.signatureId,
      signature: signWith(chairKey, two),
    });
    assert.equal(done.state, 'signed');

    const pdf = await download(w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const file = join(w.dir, 'b-lt.pdf');
    writeFileSync(file, pdf);
    const text = pdfsig(w, file);
    assert.equal(text.match(/Signature Validation: Signature is Valid\./g)?.length, 2, text);
    assert.equal(text.match(/Certificate Validation: Certificate is Trusted\./g)?.length, 2, text);

    const verified = verifyPdfSignatures(pdf);
    assert.equal(verified.signatures.length, 2);
    assert.deepEqual(
      verified.signatures.map((s) => [s.level, s.timestampedAt !== null]),
      [
        ['B-LT', true],
        ['B-LT', true],
      ],
    );
    assert.equal(verified.intact, true, 'the DSS after the last signature is validation data, not a change');
    for (const [i, signature] of verified.signatures.entries()) {
      assert.ok(signature.valid, `signature ${i} is intact`);
      const cms = extractCms(pdf, i);
      const parsed = parseSignedData(cms);
      assert.ok(parsed.timestampToken, `signature ${i} carries a timestamp`);
      const token = join(w.dir, `token-${i}.der`);
      writeFileSync(token, parsed.timestampToken);
      const digest = createHash('sha256').update(parsed.signatureValue).digest('hex');
      const out = execFileSync(
        'openssl',
        ['ts', '-verify', '-token_in', '-in', token, '-digest', digest, '-CAfile', join(w.pki.dir, 'ca.pem')],
        { encoding: 'utf8' },
      );
      assert.match(out, /Verification: OK/);
    }
    const text2 = pdf.toString('latin1');
    assert.equal(text2.match(/\/SMask \d+ 0 R/g)?.length, 1, "the secretary's signature image, with its transparency");
    assert.match(text2, /\/DSS \d+ 0 R/);
    assert.match(text2, /\/OCSPs \[/);
    // B-LTA: a document timestamp over all of it (as for the filed copy).
    const lta = (await addDocumentTimestamp(pdf, w.pki.tsaUrl, 5000)).pdf;
    const ltaFile = join(w.dir, 'b-lta.pdf');
    writeFileSync(ltaFile, lta);
    const ltaText = pdfsig(w, ltaFile);
    // Poppler 22.12 validates both signatures still and lists the document timestamp, which it cannot validate
    // ("Unable to validate this type of signature"): openssl ts -verify checks it below.
    assert.equal(ltaText.match(/Signature Validation: Signature is Valid\./g)?.length, 2, ltaText);
    assert.match(ltaText, /Signature Field Name: DauThoiGian/);
    const withStamp = verifyPdfSignatures(lta);
    assert.deepEqual(
      withStamp.signatures.map((s) => [s.level, s.valid]),
      [
        ['B-LT', true],
        ['B-LT', true],
        ['B-LTA', true],
      ],
    );
    assert.equal(withStamp.intact, true);
    assert.match(verifyDocumentTimestamp(w, lta, 2), /Verification: OK/);

    const audit = w.t.server.services.meetings.audit.list(m.id).filter((e) => e.action === 'minutes.sign');
    assert.deepEqual(
      audit.map((e) => (JSON.parse(e.detail ?? '{}') as { subject: string }).subject),
      [m.secretary.name, m.chair.name],
    );
    secretary.client.close();
    chair.client.close();
  });
});
