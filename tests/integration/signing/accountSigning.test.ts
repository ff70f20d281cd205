// Signing the minutes with a certificate bound to the signer's account, on a real (non-demo) server trusting a CA run
// with OpenSSL (signingCast.ts). The key-replacement attack of a scheduler fails: the invitation they can issue in
// the victim's name registers nothing, and what they sign with their own key is refused. Certificates outside the
// trust list, expired, revoked or without signing key usage are refused before anything is signed; with the CA's
// OCSP responder and CRL both down nothing is signed and the record stays signable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Person } from '../minutes/minutesCast.ts';
import { finalise, joinAs, meeting, register, signingWorld, signWith, type SigningWorld } from './signingCast.ts';

let w: SigningWorld;
before(async () => {
  w = await signingWorld();
});
after(() => w?.stop());

describe("a scheduler's key-replacement attack", () => {
  it("registers nothing in the victim's name and signs nothing with the attacker's key", async () => {
    const m = await meeting(w.t);
    const victimKey = await w.pki.issue({ name: m.secretary.name, title: 'Chuyên viên', organization: 'Văn phòng Bộ' });
    // The scheduler issues an invitation for the victim's seat, as managers may.
    const issued = await m.scheduler.client.call<{ invitations: { participantId: string; url: string }[] }>(
      `/api/meetings/${m.id}/invitations`,
      { body: { participantIds: ['secretary'] } },
    );
    assert.equal(issued.status, 201);
    const victimToken = new URL(issued.body.invitations[0]!.url).searchParams.get('token')!;
    // A self-made certificate in the victim's name, and a PKCS#12 of it without MAC.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'evil.key',
        '-out',
        'evil.pem',
        '-days',
        '30',
        '-utf8',
        '-subj',
        `/C=VN/O=Văn phòng Bộ/CN=${m.secretary.name}`,
      ],
      { cwd: w.dir, stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-nomac',
        '-inkey',
        'evil.key',
        '-in',
        'evil.pem',
        '-out',
        'evil.p12',
        '-passout',
        'pass:x',
      ],
      { cwd: w.dir, stdio: 'ignore' },
    );
    const evilCert = execFileSync('openssl', ['x509', '-in', 'evil.pem', '-outform', 'DER'], { cwd: w.dir });
    const evil = { keyPem: execFileSync('openssl', ['pkey', '-in', 'evil.key'], { cwd: w.dir, encoding: 'utf8' }) };

    // The server takes no key files any more, under any invitation.
    const upload = await fetch(new URL('/api/minutes/identity', w.t.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${victimToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ p12: 'AAAA', password: 'x' }),
    });
    assert.equal(upload.status, 404);
    // The invitation does not register certificates: only the account's own session does.
    const withInvitation = await fetch(new URL('/api/signing/certificates', w.t.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${victimToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ certificate: evilCert.toString('base64'), method: 'file' }),
    });
    assert.equal(withInvitation.status, 401);
    // Registered under the scheduler's own account, a self-made certificate is outside the trust list.
    const own = await m.scheduler.client.call('/api/signing/certificates', {
      body: { certificate: evilCert.toString('base64'), method: 'file' },
    });
    assert.equal(own.status, 422);
    assert.equal(own.body.error.reason, 'certificate_untrusted');

    // The victim registers their real certificate; the attacker, holding the victim's invitation, tries to sign.
    assert.equal((await register(m.secretary, victimKey)).status, 201);
    const attacker = await Person.join(w.t.server.url, victimToken);
    await finalise(attacker);
    const prepared = await attacker.request('minutesSignPrepare', {});
    assert.equal(prepared.certificate.subject, m.secretary.name);
    await assert.rejects(
      attacker.request('minutesSignComplete', {
        signatureId: prepared.signatureId,
        signature: signWith(evil, prepared),
      }),
      { code: 'signing_failed', reason: 'signature_mismatch' },
    );
    const evilSha = createHash('sha256').update(evilCert).digest('hex');
    await assert.rejects(attacker.request('minutesSignPrepare', { certificateSha256: evilSha }), {
      reason: 'certificate_not_registered',
    });
    const view = (await attacker.request('minutesOpen', {})).minutes;
    assert.deepEqual([view.state, view.signatures.length], ['final', 0], 'nothing was signed; still signable');
    attacker.client.close();

    // The victim, with their own key, signs the same record.
    const victim = await joinAs(w.t, m.id, m.secretary);
    const mine = await victim.request('minutesSignPrepare', {});
    const signed = await victim.request('minutesSignComplete', {
      signatureId: mine.signatureId,
      signature: signWith(victimKey, mine),
    });
    assert.equal(signed.signatures[0]?.name, m.secretary.name);
    victim.client.close();
  });
});

describe('certificates refused before signing', () => {
  it('outside the trust list, expired, or without signing key usage: at registration', async () => {
    const m = await meeting(w.t);
    const expired = await w.pki.issue({
      name: m.secretary.name,
      startDate: '20200101000000Z',
      endDate: '20210101000000Z',
    });
    const noUsage = await w.pki.issue({ name: m.secretary.name, profile: 'no_signing' });
    for (const [signer, reason] of [
      [expired, 'certificate_expired'],
      [noUsage, 'certificate_key_usage'],
    ] as const) {
      const reply = await register(m.secretary, signer);
      assert.equal(reply.status, 422);
      assert.equal(reply.body.error.reason, reason);
    }
    assert.deepEqual((await m.secretary.client.call('/api/signing/certificates')).body.certificates, []);
  });

  it('revoked after registration: at signing; with OCSP and CRL both down: nothing signed, still signable', async () => {
    const m = await meeting(w.t);
    const key = await w.pki.issue({ name: m.secretary.name, key: 'ec' });
    assert.equal((await register(m.secretary, key)).status, 201);
    const secretary = await joinAs(w.t, m.id, m.secretary);
    await finalise(secretary);
    await w.pki.stopOcsp();
    w.pki.crlUp = false;
    try {
      await assert.rejects(secretary.request('minutesSignPrepare', {}), { reason: 'revocation_unavailable' });
    } finally {
      w.pki.crlUp = true;
      await w.pki.startOcsp();
    }
    await w.pki.revoke(key);
    await assert.rejects(secretary.request('minutesSignPrepare', {}), { reason: 'certificate_revoked' });
    const view = (await secretary.request('minutesOpen', {})).minutes;
    assert.deepEqual([view.state, view.signatures.length], ['final', 0]);
    secretary.client.close();
  });
});
