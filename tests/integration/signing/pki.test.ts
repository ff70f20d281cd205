// The signing checks against a real CA run with OpenSSL (tests/helpers/testPki.ts): trust-list chains, key usage and
// validity; OCSP and CRL answers from `openssl ocsp` and `openssl ca -gencrl`, before and after a revocation and with
// the responder down; RFC 3161 tokens from `openssl ts -reply`, checked here and by `openssl ts -verify`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRevocation, readCrl } from '../../../server/minutes/signing/revocation.ts';
import { requestTimestamp, sha256 } from '../../../server/minutes/signing/timestamp.ts';
import { checkSigningCertificate, TrustList } from '../../../server/minutes/signing/trust.ts';
import { TestPki, type IssuedSigner } from '../../helpers/testPki.ts';

let pki: TestPki;
let signer: IssuedSigner;
let trust: TrustList;
before(async () => {
  pki = await TestPki.start();
  signer = await pki.issue({ name: 'Lê Thị Thu Hà', title: 'Thư ký', organization: 'Văn phòng Bộ' });
  trust = new TrustList([new X509Certificate(pki.caDer)]);
});
after(() => pki?.stop());

describe('trust list', () => {
  it('accepts a signer of a trusted CA and refuses others with the reason', async () => {
    const path = checkSigningCertificate(signer.certDer, [], trust);
    assert.equal(path.length, 2);
    assert.throws(() => checkSigningCertificate(signer.certDer, [], new TrustList([])), {
      reason: 'certificate_untrusted',
    });
    const expired = await pki.issue({ name: 'Hết Hạn', startDate: '20200101000000Z', endDate: '20210101000000Z' });
    assert.throws(() => checkSigningCertificate(expired.certDer, [], trust), { reason: 'certificate_expired' });
    const noUsage = await pki.issue({ name: 'Không Ký', profile: 'no_signing' });
    assert.throws(() => checkSigningCertificate(noUsage.certDer, [], trust), { reason: 'certificate_key_usage' });
    assert.throws(() => checkSigningCertificate(pki.caDer, [], trust), { reason: 'certificate_key_usage' });
  });
});

describe('revocation', () => {
  it('OCSP says good, then revoked after `openssl ca -revoke`; the CRL agrees; a responder down falls back to the CRL', async () => {
    const other = await pki.issue({ name: 'Trần Văn Bình', key: 'ec' });
    const good = await checkRevocation(other.certDer, pki.caDer, 5000);
    assert.equal(good.status, 'good');
    assert.equal(good.evidence.kind, 'ocsp');
    await pki.revoke(other);
    const revoked = await checkRevocation(other.certDer, pki.caDer, 5000);
    assert.equal(revoked.status, 'revoked');
    assert.ok(revoked.revokedAt && Math.abs(revoked.revokedAt.getTime() - Date.now()) < 120_000);
    await pki.stopOcsp();
    try {
      const fromCrl = await checkRevocation(other.certDer, pki.caDer, 2000);
      assert.equal(fromCrl.evidence.kind, 'crl');
      assert.equal(fromCrl.status, 'revoked');
      const stillGood = readCrl(fromCrl.evidence.der, signer.certDer, pki.caDer, new Date());
      assert.equal(stillGood.status, 'good');
      const noCrl = await pki.issue({ name: 'Không CRL', profile: 'no_signing' });
      await assert.rejects(checkRevocation(noCrl.certDer, pki.caDer, 1000), { reason: 'revocation_unavailable' });
    } finally {
      await pki.startOcsp();
    }
  });
});

describe('time-stamping', () => {
  it('a token from `openssl ts -reply` is about our digest and verifies with `openssl ts -verify`', async () => {
    const digest = sha256(Buffer.from('chữ ký'));
    const { token, genTime } = await requestTimestamp(pki.tsaUrl, digest, 5000);
    assert.ok(Math.abs(genTime.getTime() - Date.now()) < 60_000);
    const file = join(pki.dir, 'token.der');
    writeFileSync(file, token);
    const out = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        file,
        '-digest',
        digest.toString('hex'),
        '-CAfile',
        join(pki.dir, 'ca.pem'),
      ],
      { encoding: 'utf8' },
    );
    assert.match(out, /Verification: OK/);
    pki.tsaUp = false;
    await assert.rejects(requestTimestamp(pki.tsaUrl, digest, 2000), { reason: 'timestamp_unavailable' });
    pki.tsaUp = true;
  });
});
