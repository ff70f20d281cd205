// The public verification (POST /api/verify, no sign-in, nothing kept) on a real server trusting a CA run with
// OpenSSL: a B-LT signature is valid, and stays valid once the signer's certificate is revoked after the time its
// timestamp proves; a signature whose certificate was revoked before its timestamp is invalid. Answers in Vietnamese.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sign as cryptoSign } from 'node:crypto';
import { applyLifecycle } from '../../../common/minutes.ts';
import { demoMinutes } from '../../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf } from '../../../server/minutes/exportPdf.ts';
import { minutesField, prepareSignature } from '../../../server/minutes/sign.ts';
import { signedAttributes } from '../../../server/minutes/signing/cms.ts';
import { embedSignature } from '../../../server/minutes/signing/embed.ts';
import { signedBySecretary, signingWorld, type SigningWorld } from './signingCast.ts';

let w: SigningWorld;
before(async () => {
  w = await signingWorld();
});
after(() => w?.stop());

interface Verdict {
  valid: boolean;
  level: string;
  timestampedAt: string | null;
  revocationAtSigning: string;
  revocationNow: string;
  revokedAt: string | null;
  messages: string[];
}

async function verify(pdf: Buffer): Promise<Verdict[]> {
  const response = await fetch(new URL('/api/verify', w.t.server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/pdf' },
    body: new Uint8Array(pdf),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { signatures: Verdict[] }).signatures;
}

describe('public verification', () => {
  it('valid at B-LT, still valid after a revocation later than the timestamp', async () => {
    const { pdf, key } = await signedBySecretary(w);
    const [before] = await verify(pdf);
    assert.deepEqual(
      [before!.valid, before!.level, before!.revocationAtSigning, before!.revocationNow],
      [true, 'B-LT', 'good', 'good'],
    );
    assert.ok(before!.messages.includes('Chữ ký hợp lệ (mức B-LT).'), before!.messages.join(' | '));

    await new Promise((resolve) => setTimeout(resolve, 1100)); // the CA's index counts whole seconds
    await w.pki.revoke(key);
    const [after] = await verify(pdf);
    assert.equal(after!.revocationNow, 'revoked');
    assert.ok(after!.revokedAt! > after!.timestampedAt!, 'revoked after the proven signing time');
    assert.equal(after!.valid, true);
  });

  it('invalid when the certificate was revoked before the timestamp', async () => {
    const key = await w.pki.issue({ name: 'Nguyễn Văn Bị Thu Hồi' });
    await w.pki.revoke(key);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Signed outside the server (which would refuse it), timestamped by the same TSA.
    const final = applyLifecycle(
      demoMinutes({ sections: 1 }),
      { action: 'finalise', number: '40' },
      { id: 'secretary', role: 'secretary' },
      new Date().toISOString(),
    );
    assert.ok(final.ok);
    const exported = await exportMinutesPdf(final.minutes);
    const signer = { commonName: key.name, title: null, organization: null, issuerName: 'Test Root CA' };
    const ready = await prepareSignature(exported.pdf, { ...minutesField('secretary'), signer });
    const signedAttrs = signedAttributes(ready.digest, key.certDer);
    const { signed } = await embedSignature({
      prepared: ready,
      signedAttrs,
      signature: cryptoSign('sha256', signedAttrs, key.keyPem),
      checked: { certificate: key.certDer, path: [key.certDer, w.pki.caDer], revocation: [] },
      tsaUrl: w.pki.tsaUrl,
      timeoutMs: 5000,
    });
    const [verdict] = await verify(signed.pdf);
    assert.equal(verdict!.revocationNow, 'revoked');
    assert.ok(verdict!.revokedAt! < verdict!.timestampedAt!, 'revoked before the proven signing time');
    assert.equal(verdict!.valid, false);
    assert.ok(verdict!.messages.includes('Chữ ký không hợp lệ.'));
  });
});
