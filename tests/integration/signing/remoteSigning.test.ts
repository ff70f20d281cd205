// Remote signing on the phone through the CSC API v2 adapter, against the CSC test service of tests/helpers (no
// provider can be reached here) and a CA run with OpenSSL: the account registers its remote certificate by its user
// ID at the provider; a signature sent to the phone is refused there, then times out (a late answer is refused), then
// is confirmed and embedded; a replayed callback is refused. Each failure leaves the record signable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinutesSignRemoteResult } from '../../../common/minutesView.ts';
import { CscTestService } from '../../helpers/cscTestService.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { TestPki } from '../../helpers/testPki.ts';
import { Person, until } from '../minutes/minutesCast.ts';

const PHONE = '0912345678';
let pki: TestPki;
let csc: CscTestService;
let t: TestServer;
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remote-signing-'));
  pki = await TestPki.start();
  csc = new CscTestService();
  await csc.start();
  const trustDir = join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(join(trustDir, 'root.pem'), pki.caPem);
  t = await startTestServer({
    demo: false,
    delegates: 0,
    env: {
      SIGNING_TRUST_DIR: trustDir,
      TSA_URL: pki.tsaUrl,
      CSC_URL: csc.url,
      CSC_CLIENT_ID: csc.clientId,
      CSC_CLIENT_SECRET: csc.clientSecret,
      CSC_CONFIRM_TIMEOUT_MS: '1500',
    },
  });
});
after(async () => {
  await t?.stop();
  await csc?.stop();
  await pki?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('remote signing on the phone (CSC API v2)', () => {
  it('refused on the phone, timed out, then confirmed; a replayed callback is refused', async () => {
    const accounts = t.server.services.accounts;
    const secretaryUser = await accounts.createUser({
      username: 'thuky-remote',
      displayName: 'Lê Thị Thu Hà',
      password: OFFICE_PASSWORD,
      agencyRole: 'secretary',
    });
    const chairUser = await accounts.createUser({
      username: 'chutri-remote',
      displayName: 'Trần Quốc Khánh',
      password: OFFICE_PASSWORD,
      agencyRole: 'member',
    });
    const start = new Date(Date.now() + 3600_000);
    const meetingId = t.server.services.office.planner.create(
      {
        kind: 'hop',
        title: 'Họp ký số từ xa',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3600_000).toISOString(),
        place: 'Phòng họp số 3',
        chairUserId: chairUser.id,
        secretaryUserId: secretaryUser.id,
        unitCodes: [],
        participantUserIds: [],
        guests: [],
        agenda: [{ title: 'Nội dung', presenter: '', durationMinutes: 20 }],
      },
      secretaryUser,
    );
    // The provider holds the secretary's key and certificate (issued by the trusted CA).
    const key = await pki.issue({ name: 'Lê Thị Thu Hà', organization: 'Văn phòng Bộ' });
    csc.addSigner({ userID: PHONE, keyPem: key.keyPem, certificates: [key.certDer, pki.caDer], keyType: 'rsa' });

    const client = new OfficeClient(t.server.url);
    assert.equal((await client.signIn(secretaryUser.username, OFFICE_PASSWORD)).status, 200);
    const registered = await client.call('/api/signing/remote', { body: { userID: PHONE } });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.equal(registered.body.certificate.method, 'remote');
    const joined = await client.call<{ url: string }>(`/api/meetings/${meetingId}/join`, { body: {} });
    const secretary = await Person.join(
      t.server.url,
      new URL(joined.body.url, t.server.url).searchParams.get('token')!,
    );
    const results: MinutesSignRemoteResult[] = [];
    secretary.on('minutesSignRemoteResult', (result) => results.push(result));
    await secretary.request('minutesOpen', {});
    await secretary.request('minutesAction', { action: 'submitForReview' });
    await secretary.request('minutesAction', { action: 'finalise', number: '30' });
    const signatures = async () => (await secretary.request('minutesOpen', {})).minutes.signatures.length;

    // 1. Refused on the phone.
    const first = await secretary.request('minutesSignPrepare', {});
    assert.equal((await secretary.request('minutesSignRemote', { signatureId: first.signatureId })).state, 'waiting');
    await until(() => csc.waiting.length === 1, 'the request reached the phone');
    assert.equal((await csc.reject()).status, 200);
    await until(() => results.length === 1, 'the refusal is told');
    assert.equal(results[0]!.state, 'rejected');
    assert.equal(await signatures(), 0);

    // 2. Nobody answers in time; the late answer is refused.
    const second = await secretary.request('minutesSignPrepare', {});
    await secretary.request('minutesSignRemote', { signatureId: second.signatureId });
    await until(() => results.length === 2, 'the time limit is told', 5000);
    assert.equal(results[1]!.state, 'expired');
    assert.equal((await csc.confirm()).status, 403, 'an answer after the time limit is refused');
    assert.equal(await signatures(), 0);

    // 3. Confirmed on the phone: signed, timestamped, embedded.
    const third = await secretary.request('minutesSignPrepare', {});
    await secretary.request('minutesSignRemote', { signatureId: third.signatureId });
    await until(() => csc.waiting.length === 1, 'the request reached the phone');
    assert.equal((await csc.confirm()).status, 200);
    await until(() => results.length === 3, 'the signature is told');
    assert.equal(results[2]!.state, 'signed');
    assert.equal(await signatures(), 1);

    // 4. The confirmed answer replayed: refused, nothing changes.
    const replay = await csc.replay(csc.answers.length - 1);
    assert.equal(replay.status, 403);
    assert.equal(await signatures(), 1);
    secretary.client.close();
  });
});
