// The văn thư finds what waits for the agency's signature, over HTTP on a real server trusting a CA run with OpenSSL:
// the agency's văn thư — an account with the agency role secretary, seated in none of the meetings — gets on the home
// page the records signed by the secretary and the chair once the agency has a certificate and a seal, opens such a
// record and its PDF (the server allows it, not only the page), and no other meeting's; once they have signed it, it
// leaves the list (their home is told) and stays readable to them. Members and other meetings' records are refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import type { HomePage } from '../../../common/office.ts';
import { DEMO_SEAL_DIAMETER_MM, demoSealPng } from '../../../server/minutes/signing/demoSeal.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { meeting, signedMeeting, signingWorld, signWith, uploadPng, type SigningWorld } from './signingCast.ts';

let w: SigningWorld;
before(async () => {
  w = await signingWorld();
});
after(() => w?.stop());

async function account(username: string, agencyRole: 'secretary' | 'admin' | 'member') {
  const user = await w.t.server.services.accounts.createUser({
    username,
    displayName: username,
    password: OFFICE_PASSWORD,
    agencyRole,
  });
  const client = new OfficeClient(w.t.server.url);
  assert.equal((await client.signIn(user.username, OFFICE_PASSWORD)).status, 200);
  return { client, name: username };
}

describe("records awaiting the agency's signature", () => {
  it('are listed on the văn thư’s home page and may be opened by them, until signed and after', async () => {
    const { m, secretary, chair } = await signedMeeting(w);
    const other = await meeting(w.t); // scheduled, nothing signed
    const vanThu = await account('vanthu', 'secretary');
    const admin = await account('quantri', 'admin');
    const member = await account('chuyenvien', 'member');
    const home = async (who: { client: OfficeClient }) => {
      const reply = await who.client.call<HomePage>('/api/home');
      assert.equal(reply.status, 200);
      return reply.body;
    };
    const record = (who: { client: OfficeClient }, id: string) => who.client.call(`/api/meetings/${id}/record`);
    const pdf = (who: { client: OfficeClient }, id: string) => who.client.call(`/api/meetings/${id}/minutes.pdf`);

    // The agency signs nothing yet (no certificate, no seal): nothing waits, and the record is not the văn thư's.
    assert.deepEqual((await home(vanThu)).agencySigning, []);
    assert.equal((await record(vanThu, m.id)).status, 403);
    assert.equal((await home(member)).agencySigning, undefined, 'the list is the văn thư’s alone');

    const agencyKey = await w.pki.issue({ name: 'Văn thư Bộ', organization: 'Bộ Khoa học và Công nghệ' });
    const registered = await vanThu.client.call('/api/signing/agency/certificate', {
      body: { certificate: agencyKey.certDer.toString('base64'), method: 'token' },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.deepEqual((await home(vanThu)).agencySigning, [], 'a certificate without a seal signs nothing');
    const sealPath = `/api/signing/agency/seal?diameterMm=${DEMO_SEAL_DIAMETER_MM}`;
    assert.equal((await uploadPng(w, admin, sealPath, demoSealPng())).status, 200);

    const waiting = (await home(vanThu)).agencySigning ?? [];
    assert.deepEqual(
      waiting.map((s) => [s.id, s.myRole]),
      [[m.id, null]],
      'the signed meeting, where the văn thư has no seat',
    );
    const opened = await record(vanThu, m.id);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const download = await pdf(vanThu, m.id);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal((await record(vanThu, other.id)).status, 403, 'a meeting with nothing to sign stays closed');
    assert.equal((await record(member, m.id)).status, 403, 'a member outside the meeting is refused');
    assert.equal((await record(vanThu, 'no-such-meeting')).status, 404);

    // The văn thư's home follows the signed records (GET /api/events says `home`), though not seated in them.
    const controller = new AbortController();
    const events = await fetch(`${w.t.server.url}/api/events`, {
      headers: { cookie: vanThu.client.cookie! },
      signal: controller.signal,
    });
    const reader = events.body!.getReader();
    const base = `/api/signing/agency/meetings/${m.id}`;
    const prepared = await vanThu.client.call<MinutesSignPrepared>(`${base}/prepare`, { body: {} });
    assert.equal(prepared.status, 200, JSON.stringify(prepared.body));
    const done = await vanThu.client.call(`${base}/complete`, {
      body: { signatureId: prepared.body.signatureId, signature: signWith(agencyKey, prepared.body) },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    let text = '';
    for (const deadline = Date.now() + 5000; !text.includes(m.id) && Date.now() < deadline;) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    assert.match(text, new RegExp(`event: home\\ndata: \\{"meetingId":"${m.id}"\\}`));
    assert.deepEqual((await home(vanThu)).agencySigning, [], 'signed: no longer waiting');
    assert.equal((await record(vanThu, m.id)).status, 200, 'the record the văn thư signed stays readable to them');
    secretary.client.close();
    chair.client.close();
  });
});
