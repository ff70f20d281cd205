// Signing the minutes with a certificate bound to the signer's account, on a real (non-demo) server trusting a CA run
// with OpenSSL (tests/helpers/testPki.ts: openssl ca, openssl ocsp -port, openssl ts -reply). The key stays with the
// signer — here the test process, as a signer would — and the server prepares, checks, timestamps and embeds.
// The key-replacement attack of a scheduler fails: the invitation they can issue in the victim's name registers
// nothing, and what they sign with their own key is refused. Certificates outside the trust list, expired, revoked
// or without signing key usage are refused before anything is signed; with the CA's OCSP responder and CRL both
// down nothing is signed and the record stays signable. The signed PDF is B-LT: pdfsig reports both signatures valid,
// `openssl ts -verify` verifies each timestamp, the DSS holds the OCSP answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, sign as cryptoSign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import { parseSignedData } from '../../../server/minutes/signing/cms.ts';
import { addDocumentTimestamp } from '../../../server/minutes/signing/docTimestamp.ts';
import { read } from '../../../server/minutes/signing/der.ts';
import { encodePng } from '../../../server/minutes/pdf/png.ts';
import { verifyPdfSignatures } from '../../../server/minutes/verify.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { TestPki, type IssuedSigner } from '../../helpers/testPki.ts';
import { download, Person } from '../minutes/minutesCast.ts';

let pki: TestPki;
let t: TestServer;
let dir = '';
let made = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'account-signing-'));
  pki = await TestPki.start();
  const trustDir = join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(join(trustDir, 'test-root.pem'), pki.caPem);
  t = await startTestServer({
    demo: false,
    delegates: 0,
    env: { SIGNING_TRUST_DIR: trustDir, TSA_URL: pki.tsaUrl, SIGNING_SERVICE_TIMEOUT_MS: '3000' },
  });
});
after(async () => {
  await t?.stop();
  await pki?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Account {
  client: OfficeClient;
  name: string;
}

/** A scheduled meeting: a scheduler who manages it, and the accounts seated as its secretary and chair. */
async function meeting(): Promise<{ id: string; scheduler: Account; secretary: Account; chair: Account }> {
  const n = ++made;
  const accounts = t.server.services.accounts;
  const make = async (username: string, displayName: string, agencyRole: 'secretary' | 'member') => {
    const user = await accounts.createUser({
      username: `${username}-${n}`,
      displayName,
      password: OFFICE_PASSWORD,
      agencyRole,
    });
    const client = new OfficeClient(t.server.url);
    assert.equal((await client.signIn(user.username, OFFICE_PASSWORD)).status, 200);
    return { user, account: { client, name: displayName } };
  };
  const scheduler = await make('lich', 'Phạm Minh Tuấn', 'secretary');
  const secretary = await make('thuky', 'Lê Thị Thu Hà', 'member');
  const chair = await make('chutri', 'Trần Quốc Khánh', 'member');
  const start = new Date(Date.now() + 3600_000);
  const id = t.server.services.office.planner.create(
    {
      kind: 'hop',
      title: `Họp ký số ${n}`,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      place: 'Phòng họp số 1',
      chairUserId: chair.user.id,
      secretaryUserId: secretary.user.id,
      unitCodes: [],
      participantUserIds: [],
      guests: [],
      agenda: [{ title: 'Nội dung', presenter: '', durationMinutes: 20 }],
    },
    scheduler.user,
  );
  return { id, scheduler: scheduler.account, secretary: secretary.account, chair: chair.account };
}

/** The account's own invitation (POST /join while signed in), joined over signalling. */
async function joinAs(meetingId: string, account: Account): Promise<Person> {
  const reply = await account.client.call<{ url: string }>(`/api/meetings/${meetingId}/join`, { body: {} });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return Person.join(t.server.url, new URL(reply.body.url, t.server.url).searchParams.get('token')!);
}

const register = (account: Account, signer: IssuedSigner, chain: Buffer[] = []) =>
  account.client.call('/api/signing/certificates', {
    body: {
      certificate: signer.certDer.toString('base64'),
      chain: chain.map((c) => c.toString('base64')),
      method: 'token',
    },
  });

/** What a signer does with a prepared signature: SHA-256 with its key over the signed attributes. */
const signWith = (signer: { keyPem: string }, prepared: MinutesSignPrepared) =>
  cryptoSign('sha256', Buffer.from(prepared.signedAttributes, 'base64'), signer.keyPem).toString('base64');

async function finalise(secretary: Person): Promise<void> {
  await secretary.request('minutesOpen', {});
  await secretary.request('minutesAction', { action: 'submitForReview' });
  await secretary.request('minutesAction', { action: 'finalise', number: '12' });
}

describe("a scheduler's key-replacement attack", () => {
  it("registers nothing in the victim's name and signs nothing with the attacker's key", async () => {
    const m = await meeting();
    const victimKey = await pki.issue({ name: m.secretary.name, title: 'Chuyên viên', organization: 'Văn phòng Bộ' });
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
      { cwd: dir, stdio: 'ignore' },
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
      { cwd: dir, stdio: 'ignore' },
    );
    const evilCert = execFileSync('openssl', ['x509', '-in', 'evil.pem', '-outform', 'DER'], { cwd: dir });
    const evil = { keyPem: execFileSync('openssl', ['pkey', '-in', 'evil.key'], { cwd: dir, encoding: 'utf8' }) };

    // The server takes no key files any more, under any invitation.
    const upload = await fetch(new URL('/api/minutes/identity', t.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${victimToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ p12: 'AAAA', password: 'x' }),
    });
    assert.equal(upload.status, 404);
    // The invitation does not register certificates: only the account's own session does.
    const withInvitation = await fetch(new URL('/api/signing/certificates', t.server.url), {
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
    const attacker = await Person.join(t.server.url, victimToken);
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
    const victim = await joinAs(m.id, m.secretary);
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
    const m = await meeting();
    const expired = await pki.issue({
      name: m.secretary.name,
      startDate: '20200101000000Z',
      endDate: '20210101000000Z',
    });
    const noUsage = await pki.issue({ name: m.secretary.name, profile: 'no_signing' });
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
    const m = await meeting();
    const key = await pki.issue({ name: m.secretary.name, key: 'ec' });
    assert.equal((await register(m.secretary, key)).status, 201);
    const secretary = await joinAs(m.id, m.secretary);
    await finalise(secretary);
    await pki.stopOcsp();
    pki.crlUp = false;
    try {
      await assert.rejects(secretary.request('minutesSignPrepare', {}), { reason: 'revocation_unavailable' });
    } finally {
      pki.crlUp = true;
      await pki.startOcsp();
    }
    await pki.revoke(key);
    await assert.rejects(secretary.request('minutesSignPrepare', {}), { reason: 'certificate_revoked' });
    const view = (await secretary.request('minutesOpen', {})).minutes;
    assert.deepEqual([view.state, view.signatures.length], ['final', 0]);
    secretary.client.close();
  });
});

describe('PAdES B-LT through prepare and complete', () => {
  it('secretary (RSA) then chair (ECDSA): pdfsig valid, timestamps verified by openssl, DSS with OCSP answers', async () => {
    const m = await meeting();
    const secretaryKey = await pki.issue({
      name: m.secretary.name,
      title: 'Chuyên viên chính',
      organization: 'Văn phòng Bộ',
    });
    const chairKey = await pki.issue({ name: m.chair.name, key: 'ec', title: 'Thứ trưởng', organization: 'Bộ KH&CN' });
    assert.equal((await register(m.secretary, secretaryKey)).status, 201);
    assert.equal((await register(m.chair, chairKey)).status, 201);
    // The secretary's handwritten signature (a transparent PNG), uploaded once: their signature shows it.
    const rgba = Buffer.alloc(60 * 20 * 4);
    for (let x = 5; x < 55; x++) rgba.set([20, 40, 200, 255], ((10 + Math.round(5 * Math.sin(x / 6))) * 60 + x) * 4);
    const image = await fetch(new URL('/api/signing/image', t.server.url), {
      method: 'PUT',
      headers: {
        cookie: m.secretary.client.cookie!,
        origin: t.server.url,
        'x-phonghop-csrf': '1',
        'content-type': 'image/png',
      },
      body: new Uint8Array(encodePng(60, 20, rgba)),
    });
    assert.equal(image.status, 200);
    const secretary = await joinAs(m.id, m.secretary);
    const chair = await joinAs(m.id, m.chair);
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

    const pdf = await download(t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const file = join(dir, 'b-lt.pdf');
    writeFileSync(file, pdf);
    const nss = join(dir, `nss-${made}`);
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${nss}`,
      '-n',
      'test-root',
      '-t',
      'C,C,C',
      '-i',
      join(pki.dir, 'ca.pem'),
    ]);
    const report = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
    const text = `${report.stdout}${report.stderr}`;
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
      const token = join(dir, `token-${i}.der`);
      writeFileSync(token, parsed.timestampToken);
      const digest = createHash('sha256').update(parsed.signatureValue).digest('hex');
      const out = execFileSync(
        'openssl',
        ['ts', '-verify', '-token_in', '-in', token, '-digest', digest, '-CAfile', join(pki.dir, 'ca.pem')],
        { encoding: 'utf8' },
      );
      assert.match(out, /Verification: OK/);
    }
    const text2 = pdf.toString('latin1');
    assert.equal(text2.match(/\/SMask \d+ 0 R/g)?.length, 1, "the secretary's signature image, with its transparency");
    assert.match(text2, /\/DSS \d+ 0 R/);
    assert.match(text2, /\/OCSPs \[/);
    // B-LTA: a document timestamp over all of it (as for the filed copy).
    const lta = (await addDocumentTimestamp(pdf, pki.tsaUrl, 5000)).pdf;
    const ltaFile = join(dir, 'b-lta.pdf');
    writeFileSync(ltaFile, lta);
    const ltaReport = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, ltaFile], { encoding: 'utf8' });
    const ltaText = `${ltaReport.stdout}${ltaReport.stderr}`;
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
    const stamp = extractCms(lta, 2);
    writeFileSync(join(dir, 'doc-token.der'), stamp);
    const match = [...lta.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)][2]!;
    const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
    const rangeDigest = createHash('sha256')
      .update(lta.subarray(a, a + b))
      .update(lta.subarray(c, c + d))
      .digest('hex');
    const docVerify = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        join(dir, 'doc-token.der'),
        '-digest',
        rangeDigest,
        '-CAfile',
        join(pki.dir, 'ca.pem'),
      ],
      { encoding: 'utf8' },
    );
    assert.match(docVerify, /Verification: OK/);

    const audit = t.server.services.meetings.audit.list(m.id).filter((e) => e.action === 'minutes.sign');
    assert.deepEqual(
      audit.map((e) => (JSON.parse(e.detail ?? '{}') as { subject: string }).subject),
      [m.secretary.name, m.chair.name],
    );
    secretary.client.close();
    chair.client.close();
  });
});

/** The n-th signature's CMS (the /Contents value without its zero padding). */
function extractCms(pdf: Buffer, index: number): Buffer {
  const match = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)][index]!;
  const [, b, c] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const value = Buffer.from(pdf.toString('latin1', b + 1, c - 1), 'hex');
  return value.subarray(0, read(value).end);
}
