// A real server (not `npm run demo`) over HTTP and sockets: the server's own demo identities cannot be put to use, it
// takes no PKCS#12 upload at all (a demo CA's or any other: keys stay with their holders), and so the finalised record
// cannot be signed without a certificate registered by the signer's account (the demo CA's is refused there too:
// tests/unit/minutes/signingIdentities.test.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoIdentities, type DemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { seedMeeting } from '../../helpers/meetingCast.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Person } from './minutesCast.ts';

let dir = '';
let demo: DemoIdentities;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-refusal-'));
  demo = createDemoIdentities(join(dir, 'demo'), DEMO_SIGNERS);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('a real server and the demo CA', () => {
  let t: TestServer;
  let secretary: Person;
  let meetingId = '';
  before(async () => {
    t = await startTestServer({ delegates: 1, demo: false });
    const seeded = seedMeeting(t.server, 1);
    meetingId = seeded.meeting.id;
    secretary = await Person.join(t.server.url, seeded.token('secretary'));
  });
  after(async () => {
    secretary?.client.close();
    await t?.stop();
  });

  it('refuses the demo identities and any PKCS#12 upload; the record stays unsigned', async () => {
    assert.equal(t.server.services.config.demo, false);
    assert.throws(() => t.server.services.minutes.identities.useDemo(meetingId, demo), { code: 'signing_failed' });

    await secretary.request('minutesOpen', {});
    await secretary.request('minutesAction', { action: 'finalise', number: '3' });
    const file = demo.identities.find((i) => i.id === 'secretary')!;
    const response = await fetch(new URL('/api/minutes/identity', t.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${secretary.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ p12: readFileSync(file.p12Path).toString('base64'), password: file.password }),
    });
    assert.equal(response.status, 404, 'no key file is taken');
    assert.equal((await secretary.request('minutesOpen', {})).identity, null, 'nothing was kept');
    // Joined by invitation only (no account): nothing to sign with, and nowhere to register a certificate.
    await assert.rejects(secretary.request('minutesSign', {}), {
      code: 'signing_failed',
      reason: 'signing_needs_account',
    });
    await assert.rejects(secretary.request('minutesSignPrepare', {}), { reason: 'signing_needs_account' });
  });
});
