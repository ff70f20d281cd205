// A signer who brings their own PKCS#12 software token over HTTP: without an identity signing says so, a wrong
// password is refused, the right one signs, and the file is kept as it came (the password is stored nowhere).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoIdentities, type DemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { verifyPdfSignatures } from '../../../server/minutes/verify.ts';
import { seedMeeting } from '../../helpers/meetingCast.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { download, Person, type Cast } from './minutesCast.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-identity-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("a signer's own PKCS#12, imported over HTTP", () => {
  let t: TestServer;
  let c: Cast;
  let own: DemoIdentities;
  before(async () => {
    t = await startTestServer({ delegates: 1 });
    // No demo identities for this meeting: the secretary brings a token from another CA.
    const seeded = seedMeeting(t.server, 1);
    const [secretary, chair, delegate] = await Promise.all(
      ['secretary', 'chair', 'delegate-1'].map((id) => Person.join(t.server.url, seeded.token(id))),
    );
    c = { seeded, secretary: secretary!, chair: chair!, delegate: delegate!, syncs: [] };
    own = createDemoIdentities(join(dir, 'own'), [
      { id: 'secretary', name: 'Lê Thị Thu Hà', title: 'Chuyên viên chính', organization: 'Văn phòng Bộ' },
    ]);
  });
  after(async () => {
    [c?.secretary, c?.chair, c?.delegate].forEach((p) => p?.client.close());
    await t?.stop();
  });

  const post = (token: string, body: unknown) =>
    fetch(new URL('/api/minutes/identity', t.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('without an identity, signing says so; a wrong password is refused; the right one signs', async () => {
    await c.secretary.request('minutesOpen', {});
    await c.secretary.request('minutesAction', { action: 'finalise', number: '7' });
    await assert.rejects(c.secretary.request('minutesSign', {}), {
      code: 'signing_failed',
      reason: 'no_signing_identity',
    });

    const file = own.identities[0]!;
    const p12 = readFileSync(file.p12Path).toString('base64');
    const wrong = await post(c.secretary.token, { p12, password: 'sai mật khẩu' });
    assert.equal(wrong.status, 422);
    assert.equal(((await wrong.json()) as { error: { reason: string } }).error.reason, 'signing_password');
    const delegate = await post(c.delegate.token, { p12, password: file.password });
    assert.equal(delegate.status, 403, 'delegates do not sign minutes');
    const imported = await post(c.secretary.token, { p12, password: file.password });
    assert.equal(imported.status, 201);
    const { identity } = (await imported.json()) as {
      identity: { kind: string; subject: string; needsPassword: boolean };
    };
    assert.deepEqual([identity.kind, identity.subject, identity.needsPassword], ['pkcs12', 'Lê Thị Thu Hà', true]);
    assert.equal((await c.secretary.request('minutesOpen', {})).identity?.kind, 'pkcs12');

    await assert.rejects(c.secretary.request('minutesSign', {}), { reason: 'signing_password' });
    await assert.rejects(c.secretary.request('minutesSign', { password: 'sai' }), { reason: 'signing_password' });
    const signed = await c.secretary.request('minutesSign', { password: file.password });
    assert.equal(signed.signatures[0]?.name, 'Lê Thị Thu Hà');
    const pdf = await download(t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${c.secretary.token}` },
    });
    const ca = new X509Certificate(readFileSync(own.caCertificatePath));
    const [signature] = verifyPdfSignatures(pdf, [ca]).signatures;
    assert.ok(signature?.valid && signature.trusted, 'signed with the imported key, chained to its own CA');
    // The file is kept as it came (encrypted with the user's password); the password is stored nowhere.
    const stored = t.server.services.minutes.store.identity('participant:' + c.seeded.meeting.id + '/secretary');
    assert.ok(stored);
    assert.ok(readFileSync(join(t.server.services.config.dataDir, stored.file)).equals(readFileSync(file.p12Path)));
  });
});
