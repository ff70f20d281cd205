// Remote signing when the provider cannot call back: the server asks it (CSC signatures/signPolling, every
// CSC_POLL_INTERVAL_MS) until the phone answers, the signer cancels on the page, or the time limit passes. Against the
// CSC test service with answers kept for polling only, and a CA run with OpenSSL: a confirmation found by polling is
// embedded; a refusal found by polling is told; a cancel and the time limit each stop the polling, and an answer
// arriving afterwards is refused. Each failure leaves the record signable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MinutesSignRemoteResult } from '../../../common/minutesView.ts';
import { until, type Person } from '../minutes/minutesCast.ts';
import { finalise, joinAs, meeting, type Account } from './signingCast.ts';
import { cscSigningWorld } from './cscWorld.ts';

const world = cscSigningWorld({ CSC_POLL_INTERVAL_MS: '100', CSC_CONFIRM_TIMEOUT_MS: '1500' });

/** The account's certificate held by the provider, registered by its user ID there. */
async function remoteSigner(account: Account, phone: string): Promise<void> {
  const key = await world.w.pki.issue({ name: account.name, organization: 'Văn phòng Bộ' });
  world.csc.addSigner({
    userID: phone,
    keyPem: key.keyPem,
    certificates: [key.certDer, world.w.pki.caDer],
    keyType: 'rsa',
  });
  const registered = await account.client.call('/api/signing/remote', { body: { userID: phone } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls stop: no question to the provider during a few intervals. */
async function pollingStopped(): Promise<void> {
  await sleep(250); // a poll already on its way may land
  const count = world.csc.polls.length;
  await sleep(500);
  assert.equal(world.csc.polls.length, count, 'the provider is not asked any more');
}

describe('remote signing by polling the provider (CSC signatures/signPolling)', () => {
  it('embeds a confirmation found by polling; a refusal, a cancel and the time limit end it', async () => {
    const m = await meeting(world.w.t);
    await remoteSigner(m.secretary, '0911000001');
    await remoteSigner(m.chair, '0911000002');
    const secretary = await joinAs(world.w.t, m.id, m.secretary);
    const chair = await joinAs(world.w.t, m.id, m.chair);
    const results: MinutesSignRemoteResult[] = [];
    for (const person of [secretary, chair]) person.on('minutesSignRemoteResult', (r) => results.push(r));
    await finalise(secretary);
    const signatures = async () => (await secretary.request('minutesOpen', {})).minutes.signatures.length;
    const send = async (person: Person) => {
      const prepared = await person.request('minutesSignPrepare', {});
      assert.equal((await person.request('minutesSignRemote', { signatureId: prepared.signatureId })).state, 'waiting');
      await until(() => world.csc.waiting.length === 1, 'the request reached the phone');
      return prepared.signatureId;
    };

    // 1. Confirmed on the phone; the provider does not call back: polling finds the signature.
    const polledBefore = world.csc.polls.length;
    await send(secretary);
    await until(() => world.csc.polls.length > polledBefore + 1, 'the provider is asked while the phone waits');
    world.csc.answerForPolling('confirm');
    await until(() => results.length === 1, 'the signature is told');
    assert.equal(results[0]!.state, 'signed');
    assert.equal(await signatures(), 1);
    assert.equal(world.csc.answers.length, 0, 'nothing came through the callback');

    // 2. Refused on the phone, found by polling.
    await send(chair);
    world.csc.answerForPolling('reject');
    await until(() => results.length === 2, 'the refusal is told');
    assert.equal(results[1]!.state, 'rejected');
    await pollingStopped();

    // 3. Cancelled on the page: polling stops, the phone's later answer is refused.
    const cancelled = await send(chair);
    await chair.request('minutesSignCancel', { signatureId: cancelled });
    await until(() => results.length === 3, 'the cancel is told');
    assert.deepEqual([results[2]!.state, results[2]!.detail], ['failed', 'cancelled']);
    await pollingStopped();
    assert.equal((await world.csc.confirm()).status, 403, 'an answer after the cancel is refused');

    // 4. Nobody answers in time: expired, polling stops.
    await send(chair);
    await until(() => results.length === 4, 'the time limit is told', 5000);
    assert.equal(results[3]!.state, 'expired');
    await pollingStopped();
    assert.equal(await signatures(), 1, "the chair's record is still signable");
    secretary.client.close();
    chair.client.close();
  });
});
