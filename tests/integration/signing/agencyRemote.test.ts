// The agency's signature confirmed on the văn thư's phone, on a real server trusting a CA run with OpenSSL, through
// the CSC API v2 adapter against the CSC test service of tests/helpers (no provider can be reached here): only the
// văn thư registers the provider's credential as the agency's (checked like any certificate: one without a signing
// key usage is refused) and sends the filed copy's agency signature to the phone. Refused on the phone, timed out
// (a late answer is refused) and cancelled each leave the record as it was, still signable; confirmed, the agency's
// signature with the seal is embedded (CoQuan, the agency's certificate, B-LT) — pdfsig says valid — and the
// confirmation replayed is refused. The minutes are then filed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigningIdentityInfo } from '../../../common/minutesView.ts';
import { DEMO_SEAL_DIAMETER_MM, demoSealPng } from '../../../server/minutes/signing/demoSeal.ts';
import type { AgencyRemoteState } from '../../../server/minutes/signing/agencyRemote.ts';
import { validatePdf } from '../../../server/minutes/signing/validation.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { download, until } from '../minutes/minutesCast.ts';
import { pdfsig, signedMeeting, uploadPng } from './signingCast.ts';
import { cscSigningWorld } from './cscWorld.ts';

const PHONE = '0988000111';
const PHONE_NO_SIGNING = '0988000222';
const world = cscSigningWorld({ CSC_CONFIRM_TIMEOUT_MS: '1500' });

describe("the agency's signature through the remote-signing provider", () => {
  it('is sent to the văn thư’s phone: refused, timed out, cancelled, then confirmed and embedded', async () => {
    const { m, secretary, chair } = await signedMeeting(world.w);
    const vanThu = m.scheduler; // an account with the agency role secretary
    const adminUser = await world.w.t.server.services.accounts.createUser({
      username: `quantri-remote-${m.id.slice(0, 8)}`,
      displayName: 'Quản trị',
      password: OFFICE_PASSWORD,
      agencyRole: 'admin',
    });
    const admin = { client: new OfficeClient(world.w.t.server.url), name: 'Quản trị' };
    assert.equal((await admin.client.signIn(adminUser.username, OFFICE_PASSWORD)).status, 200);
    const sealPath = `/api/signing/agency/seal?diameterMm=${DEMO_SEAL_DIAMETER_MM}`;
    assert.equal((await uploadPng(world.w, admin, sealPath, demoSealPng())).status, 200);

    // The provider holds the agency's key (on the văn thư's phone), and a credential that may not sign.
    const agencyKey = await world.w.pki.issue({ name: 'Văn phòng Bộ', organization: 'Bộ Khoa học và Công nghệ' });
    world.csc.addSigner({
      userID: PHONE,
      keyPem: agencyKey.keyPem,
      certificates: [agencyKey.certDer, world.w.pki.caDer],
      keyType: 'rsa',
    });
    const noSigning = await world.w.pki.issue({ name: 'Không ký được', profile: 'no_signing' });
    world.csc.addSigner({
      userID: PHONE_NO_SIGNING,
      keyPem: noSigning.keyPem,
      certificates: [noSigning.certDer, world.w.pki.caDer],
      keyType: 'rsa',
    });

    // Role rules: the agency's văn thư alone registers the agency's credential and signs for the agency.
    const byChair = await m.chair.client.call('/api/signing/agency/remote', { body: { userID: PHONE } });
    assert.equal(byChair.status, 403, JSON.stringify(byChair.body));
    const refused = await vanThu.client.call('/api/signing/agency/remote', { body: { userID: PHONE_NO_SIGNING } });
    assert.equal(refused.status >= 400 && refused.status < 500, true, JSON.stringify(refused.body));
    const registered = await vanThu.client.call<{ certificate: SigningIdentityInfo }>('/api/signing/agency/remote', {
      body: { userID: PHONE },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.deepEqual(
      [registered.body.certificate.method, registered.body.certificate.subject],
      ['remote', 'Văn phòng Bộ'],
    );
    const current = await vanThu.client.call<{ certificate: SigningIdentityInfo }>('/api/signing/agency/certificate');
    assert.equal(current.body.certificate.sha256, registered.body.certificate.sha256, 'the agency’s identity is it');

    const base = `/api/signing/agency/meetings/${m.id}`;
    assert.equal((await m.chair.client.call(`${base}/remote`, { body: {} })).status, 403, 'a member does not sign');
    assert.equal((await m.secretary.client.call(`${base}/remote`, { body: {} })).status, 403);
    const record = () => world.w.t.server.services.minutes.store.get(m.id)!;
    const pdfBefore = record().pdfSha256;
    const send = async () => {
      const sent = await vanThu.client.call<AgencyRemoteState>(`${base}/remote`, { body: {} });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.state, 'waiting');
      await until(() => world.csc.waiting.length === 1, 'the request reached the phone');
      return sent.body.signatureId;
    };
    /** What the văn thư's page does: asks until the request has ended. */
    const ended = async (signatureId: string, timeoutMs = 5000): Promise<AgencyRemoteState> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const reply = await vanThu.client.call<AgencyRemoteState>(`${base}/remote/${signatureId}`);
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        if (reply.body.state !== 'waiting') return reply.body;
        assert.ok(Date.now() < deadline, `the request ${signatureId} ended within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const untouched = async () => {
      assert.equal(record().pdfSha256, pdfBefore, 'nothing was written');
      assert.deepEqual((await vanThu.client.call(base)).body, { required: true, ready: true, signed: false });
    };

    // 1. Refused on the phone.
    const first = await send();
    assert.equal((await m.chair.client.call(`${base}/remote/${first}`)).status, 403, 'not the chair’s to ask');
    assert.equal((await world.csc.reject()).status, 200);
    assert.equal((await ended(first)).state, 'rejected');
    await untouched();

    // 2. Nobody answers in time; the late answer is refused.
    const second = await send();
    assert.equal((await ended(second)).state, 'expired');
    assert.equal((await world.csc.confirm()).status, 403, 'an answer after the time limit is refused');
    await untouched();

    // 3. Cancelled on the page; the phone's later answer is refused.
    const third = await send();
    const cancelled = await vanThu.client.call(`${base}/cancel`, { body: { signatureId: third } });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.deepEqual(await ended(third), { signatureId: third, state: 'failed', detail: 'cancelled' });
    assert.equal((await world.csc.confirm()).status, 403, 'an answer after the cancel is refused');
    await untouched();

    // 4. Confirmed on the phone: the agency's signature with the seal, timestamped, embedded.
    const fourth = await send();
    assert.equal((await world.csc.confirm()).status, 200);
    assert.deepEqual(await ended(fourth, 20_000), { signatureId: fourth, state: 'signed' });
    assert.deepEqual((await vanThu.client.call(base)).body, { required: true, ready: false, signed: true });
    const signedSha = record().pdfSha256;

    // 5. The confirmation replayed: refused, nothing changes.
    assert.equal((await world.csc.replay(world.csc.answers.length - 1)).status, 403);
    assert.equal(record().pdfSha256, signedSha);

    const pdf = await download(world.w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const file = join(world.w.dir, 'agency-remote.pdf');
    writeFileSync(file, pdf);
    const report = pdfsig(world.w, file);
    assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 3, report);
    assert.match(report, /Signature Field Name: CoQuan\s+- Signer Certificate Common Name: Văn phòng Bộ/, report);
    const { signatures } = await validatePdf(pdf, world.w.t.server.services.minutes.identities.trust, {
      online: false,
      timeoutMs: 3000,
    });
    assert.deepEqual(
      signatures.map((s) => [s.field, s.signerName, s.overall, s.level]),
      [
        ['ThuKy', m.secretary.name, true, 'B-LT'],
        ['ChuTri', m.chair.name, true, 'B-LT'],
        ['CoQuan', 'Văn phòng Bộ', true, 'B-LT'],
      ],
    );

    // The agency has signed: the minutes are filed.
    const filed = chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 20_000);
    await secretary.request('minutesFile', {});
    await filed;
    secretary.client.close();
    chair.client.close();
  });
});
