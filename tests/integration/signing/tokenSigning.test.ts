// The desktop's USB-token signer (electron/main/signing/tokenSigner.ts, run here under Node as the main process runs
// it) against a real PKCS#11 token — SoftHSM2, keys and certificates put on it with softhsm2-util and OpenSC's
// pkcs11-tool — signing the minutes on a real server: the secretary with RSA, the chair with ECDSA P-256. A wrong
// PIN and a token pulled out mid-signing give clear errors, nothing is written, and the record is still signable.
// The token signs only signed attributes of a PDF signature, whatever a page asks. (SoftHSM2 never locks a PIN, so a
// locked token is covered by the PKCS#11 code it answers with, CKR_PIN_LOCKED.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import { validators } from '../../../electron/main/ipc.ts';
import { createTokenService, type PinQuestion } from '../../../electron/main/signing/tokenService.ts';
import { failureOf, Pkcs11Token, type TokenSignRequest } from '../../../electron/main/signing/tokenSigner.ts';
import { signatureMatches, signedAttributes } from '../../../server/minutes/signing/cms.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../../helpers/softhsm.ts';
import { TestPki, type IssuedSigner } from '../../helpers/testPki.ts';
import { download, Person } from '../minutes/minutesCast.ts';

const PIN = '246810';
let pki: TestPki;
let hsm: SoftHsm;
let t: TestServer;
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'token-signing-'));
  hsm = new SoftHsm();
  pki = await TestPki.start();
  const trustDir = join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(join(trustDir, 'root.pem'), pki.caPem);
  t = await startTestServer({ demo: false, delegates: 0, env: { SIGNING_TRUST_DIR: trustDir, TSA_URL: pki.tsaUrl } });
});
after(async () => {
  await t?.stop();
  await pki?.stop();
  hsm?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** What the desktop's main process does for one signature: load the module, sign, unload. */
function tokenSign(request: TokenSignRequest): Buffer {
  const token = Pkcs11Token.open(SOFTHSM_MODULE);
  try {
    return token.sign(request);
  } finally {
    token.close();
  }
}

function tokenCertificates() {
  const token = Pkcs11Token.open(SOFTHSM_MODULE);
  try {
    return token.listCertificates();
  } finally {
    token.close();
  }
}

interface Seat {
  client: OfficeClient;
  person: Person;
  key: IssuedSigner;
  tokenLabel: string;
  sha256: string;
}

async function seated(): Promise<{ secretary: Seat; chair: Seat; meetingId: string }> {
  const accounts = t.server.services.accounts;
  const people = [
    { username: 'thuky-token', name: 'Lê Thị Thu Hà', key: 'rsa' as const, token: 'Token Thu ky' },
    { username: 'chutri-token', name: 'Trần Quốc Khánh', key: 'ec' as const, token: 'Token Chu tri' },
  ];
  const users = [];
  for (const p of people) {
    users.push(
      await accounts.createUser({
        username: p.username,
        displayName: p.name,
        password: OFFICE_PASSWORD,
        agencyRole: 'member',
      }),
    );
  }
  const scheduler = await accounts.createUser({
    username: 'lich-token',
    displayName: 'Phạm Minh Tuấn',
    password: OFFICE_PASSWORD,
    agencyRole: 'secretary',
  });
  const start = new Date(Date.now() + 3600_000);
  const meetingId = t.server.services.office.planner.create(
    {
      kind: 'hop',
      title: 'Họp ký bằng USB token',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      place: 'Phòng họp số 2',
      chairUserId: users[1]!.id,
      secretaryUserId: users[0]!.id,
      unitCodes: [],
      participantUserIds: [],
      guests: [],
      agenda: [{ title: 'Nội dung', presenter: '', durationMinutes: 20 }],
    },
    scheduler,
  );
  const seats: Seat[] = [];
  for (const [i, p] of people.entries()) {
    const key = await pki.issue({ name: p.name, key: p.key, organization: 'Văn phòng Bộ' });
    hsm.initToken(p.token, PIN);
    hsm.importKey(p.token, PIN, key.keyPem, key.certDer);
    const client = new OfficeClient(t.server.url);
    assert.equal((await client.signIn(users[i]!.username, OFFICE_PASSWORD)).status, 200);
    // The desktop lists the token's certificates and registers the one the person picks, for their account.
    const onToken = tokenCertificates().find((c) => c.tokenLabel === p.token)!;
    const registered = await client.call('/api/signing/certificates', {
      body: { certificate: onToken.certificate.toString('base64'), method: 'token' },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const joined = await client.call<{ url: string }>(`/api/meetings/${meetingId}/join`, { body: {} });
    const person = await Person.join(t.server.url, new URL(joined.body.url, t.server.url).searchParams.get('token')!);
    seats.push({ client, person, key, tokenLabel: p.token, sha256: onToken.sha256 });
  }
  return { secretary: seats[0]!, chair: seats[1]!, meetingId };
}

const request = (seat: Seat, prepared: MinutesSignPrepared, pin: string, beforeSign?: () => void) => ({
  certificateSha256: seat.sha256,
  pin,
  signedAttributes: Buffer.from(prepared.signedAttributes, 'base64'),
  ...(beforeSign ? { beforeSign } : {}),
});

/** Prepares, signs on the token, completes; a token failure cancels the prepared signature and is rethrown. */
async function signOnToken(seat: Seat, pin: string, beforeSign?: () => void) {
  const prepared = await seat.person.request('minutesSignPrepare', {});
  assert.equal(prepared.certificate.sha256, seat.sha256);
  let signature: Buffer;
  try {
    signature = tokenSign(request(seat, prepared, pin, beforeSign));
  } catch (error) {
    await seat.person.request('minutesSignCancel', { signatureId: prepared.signatureId });
    throw error;
  }
  return seat.person.request('minutesSignComplete', {
    signatureId: prepared.signatureId,
    signature: signature.toString('base64'),
  });
}

describe('signing the minutes with a PKCS#11 token (SoftHSM2)', () => {
  it('RSA and ECDSA; a wrong PIN and a token pulled out change nothing; pdfsig finds both valid', async () => {
    const { secretary, chair } = await seated();
    await secretary.person.request('minutesOpen', {});
    await secretary.person.request('minutesAction', { action: 'submitForReview' });
    await secretary.person.request('minutesAction', { action: 'finalise', number: '21' });
    const state = async () => {
      const view = (await secretary.person.request('minutesOpen', {})).minutes;
      return [view.state, view.signatures.length, view.versions.length];
    };
    const before = await state();

    await assert.rejects(signOnToken(secretary, '000000'), { reason: 'token_pin_incorrect' });
    assert.deepEqual(await state(), before, 'a wrong PIN writes nothing');
    const once = await signOnToken(secretary, PIN);
    assert.deepEqual([once.state, once.signatures[0]?.name], ['final', 'Lê Thị Thu Hà']);

    const afterOne = await state();
    await assert.rejects(
      signOnToken(chair, PIN, () => hsm.deleteToken(chair.tokenLabel)),
      { reason: 'token_removed' },
    );
    assert.deepEqual(await state(), afterOne, 'a token pulled out mid-signing writes nothing');
    // Plugged in again (the same key and certificate on a token), the chair signs.
    hsm.initToken(chair.tokenLabel, PIN);
    hsm.importKey(chair.tokenLabel, PIN, chair.key.keyPem, chair.key.certDer);
    const twice = await signOnToken(chair, PIN);
    assert.deepEqual(
      [twice.state, twice.signatures.map((s) => s.name)],
      ['signed', ['Lê Thị Thu Hà', 'Trần Quốc Khánh']],
    );

    const pdf = await download(t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.person.token}` },
    });
    const file = join(dir, 'token-signed.pdf');
    writeFileSync(file, pdf);
    const nss = join(dir, 'nss');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'C,C,C', '-i', join(pki.dir, 'ca.pem')]);
    const report = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
    const text = `${report.stdout}${report.stderr}`;
    assert.equal(text.match(/Signature Validation: Signature is Valid\./g)?.length, 2, text);
    assert.match(text, /Signature Type: ETSI\.CAdES\.detached/);
    for (const seat of [secretary, chair]) seat.person.client.close();
  });

  it('refuses to sign anything but PDF signed attributes, before the PIN is used', async () => {
    const [cert] = tokenCertificates();
    assert.ok(cert);
    assert.throws(
      () => tokenSign({ certificateSha256: cert.sha256, pin: PIN, signedAttributes: Buffer.alloc(32, 7) }),
      /not a DER SET|truncated|runs past/,
    );
  });

  it("the desktop bridge's service asks the PIN in its own prompt; a cancel signs nothing", async () => {
    const questions: PinQuestion[] = [];
    let answer: string | null = PIN;
    const service = createTokenService(SOFTHSM_MODULE, async (question) => {
      questions.push(question);
      return answer;
    });
    const [listed] = await service.listTokenCertificates();
    assert.ok(listed);
    const certificate = Buffer.from(listed.certificate, 'base64');
    const attributes = signedAttributes(Buffer.alloc(32, 1), certificate);
    const request = {
      certificateSha256: listed.sha256,
      signedAttributes: attributes.toString('base64'),
      documentTitle: 'Biên bản cuộc họp số 21',
      signerName: listed.subject,
    };
    assert.ok(validators.signWithToken([request]), 'the IPC edge accepts the request');
    assert.equal(validators.signWithToken([{ ...request, pin: PIN }]), null, 'a PIN never comes from the page');
    const signature = Buffer.from(await service.signWithToken(request), 'base64');
    assert.ok(signatureMatches(attributes, signature, certificate));
    assert.deepEqual(questions[0], {
      signerName: listed.subject,
      issuer: listed.issuer,
      tokenLabel: listed.tokenLabel,
      documentTitle: 'Biên bản cuộc họp số 21',
    });
    answer = null;
    await assert.rejects(service.signWithToken(request), { code: 'token_cancelled' });
    await assert.rejects(createTokenService(null, async () => PIN).signWithToken(request), {
      code: 'token_not_configured',
    });
  });

  it('names a locked PIN as such (CKR_PIN_LOCKED), a pulled token as removed', () => {
    assert.equal(failureOf(Object.assign(new Error('CKR_PIN_LOCKED'), { code: 0xa4 })).reason, 'token_pin_locked');
    assert.equal(failureOf(Object.assign(new Error('CKR_DEVICE_REMOVED'), { code: 0x32 })).reason, 'token_removed');
  });
});
