// The server with the real mediasoup worker and real socket.io clients: the media signalling round trip, and what
// happens to malformed, oversized, out-of-order and unauthorised messages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueToken } from '../../server/meetings/tokens.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/signallingClient.ts';

const VP8_PARAMETERS = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [], parameters: {} }],
  headerExtensions: [],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'test-cam', reducedSize: true },
};

let t: TestServer;
const clients: TestClient[] = [];
async function client(): Promise<TestClient> {
  const c = await new TestClient(t.server.url).connected();
  clients.push(c);
  return c;
}

before(async () => {
  t = await startTestServer({ delegates: 2 });
});
after(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

describe('media signalling round trip', () => {
  it('a camera produced by one participant is consumed by another, and closing it reaches them', async () => {
    const chair = await client();
    const delegate = await client();
    const joinA = await chair.ok('join', { token: t.tokens[0]! });
    assert.equal(joinA.self.role, 'chair');
    assert.equal(joinA.self.name, 'Trần Quốc Khánh');
    const joinB = await delegate.ok('join', { token: t.tokens[2]! });
    assert.deepEqual(
      joinB.peers.map((p) => p.id),
      ['chair'],
    );
    await chair.waitFor('peerJoined', (p) => p.id === joinB.self.id);

    const send = await chair.ok('createTransport', { direction: 'send' });
    assert.ok(send.iceCandidates.length > 0, 'the transport offers ICE candidates');
    const { producerId } = await chair.ok('produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: VP8_PARAMETERS,
      source: 'cam',
    });
    const updated = await delegate.waitFor('peerUpdated', (p) => p.id === 'chair' && p.camOn);
    assert.equal(updated.micOn, false);

    await delegate.ok('createTransport', { direction: 'recv' });
    await delegate.ok('ready', { rtpCapabilities: joinB.routerRtpCapabilities as Record<string, unknown> });
    const consumer = await delegate.waitFor('newConsumer', (c) => c.producerId === producerId);
    assert.equal(consumer.peerId, 'chair');
    assert.equal(consumer.kind, 'video');
    assert.equal(consumer.source, 'cam');
    await delegate.ok('resumeConsumer', { consumerId: consumer.consumerId });
    await delegate.ok('setConsumerVisible', { consumerId: consumer.consumerId, visible: false });
    await delegate.ok('setConsumerVisible', { consumerId: consumer.consumerId, visible: true, layer: 'low' });

    await chair.ok('closeProducer', { producerId });
    await delegate.waitFor('consumerClosed', (c) => c.consumerId === consumer.consumerId);

    chair.close();
    const left = await delegate.waitFor('peerLeft', (p) => p.peerId === 'chair');
    assert.equal(left.peerId, 'chair');
    delegate.close();
  });

  it('a worker that dies is replaced and joined clients are told to rebuild their media', async () => {
    const a = await client();
    await a.ok('join', { token: t.tokens[3]! });
    await a.ok('createTransport', { direction: 'send' });
    const before = t.server.pool.workers()[0]!.pid;
    process.kill(before, 'SIGKILL');
    const restart = await a.waitFor('mediaRestart', () => true, 10_000);
    assert.equal(restart.reason, 'sfu_worker_restarted');
    assert.notEqual(t.server.pool.workers()[0]!.pid, before);
    const again = await a.ok('createTransport', { direction: 'send' });
    assert.ok(again.id);
    const health = await (await fetch(`${t.server.url}/healthz`)).json();
    assert.equal(health.sfuWorkers, 1);
    a.close();
  });
});

describe('bad input gets a typed error and the connection stays up', () => {
  it('rejects malformed, unknown, oversized and out-of-order messages', async () => {
    const c = await client();
    const expect = async (promise: Promise<{ ok: boolean; error?: { code: string } }>, code: string) => {
      const response = await promise;
      assert.equal(response.ok, false);
      assert.equal(response.error?.code, code);
    };
    await expect(c.raw('join', {}), 'invalid_message');
    await expect(c.raw('join', 'not an object'), 'invalid_message');
    await expect(c.raw('join', { token: t.tokens[0], extra: 1 }), 'invalid_message');
    await expect(c.raw('dropTable', {}), 'unknown_request');
    await expect(c.raw('join', { token: 'x'.repeat(200_000) }), 'too_large');
    await expect(c.raw('produce', { transportId: 'x', kind: 'video', rtpParameters: {}, source: 'cam' }), 'not_joined');
    await expect(c.raw('ready', { rtpCapabilities: {} }), 'not_joined');
    await expect(c.raw('join', { token: 'abc.def.ghi' }), 'token_invalid');
    const [body] = t.tokens[2]!.split('.');
    await expect(c.raw('join', { token: `${body}.forgedsignatureforgedsignatureforged` }), 'token_invalid');
    const expired = issueToken(t.server.services.tokenSecret, {
      meetingId: t.meeting.id,
      participantId: 'delegate-1',
      role: 'delegate',
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    await expect(c.raw('join', { token: expired }), 'token_expired');
    const elevated = issueToken('another-server-secret', {
      meetingId: t.meeting.id,
      participantId: 'delegate-1',
      role: 'chair',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    await expect(c.raw('join', { token: elevated }), 'token_invalid');
    const otherMeeting = issueToken(t.server.services.tokenSecret, {
      meetingId: 'no-such-meeting',
      participantId: 'chair',
      role: 'chair',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    await expect(c.raw('join', { token: otherMeeting }), 'meeting_not_found');

    await c.ok('join', { token: t.tokens[1]! });
    await expect(c.raw('join', { token: t.tokens[1] }), 'already_joined');
    await expect(c.raw('connectTransport', { transportId: 'nope', dtlsParameters: {} }), 'not_found');
    await expect(c.raw('resumeConsumer', { consumerId: 'nope' }), 'not_found');
    const recv = await c.ok('createTransport', { direction: 'recv' });
    await expect(
      c.raw('produce', { transportId: recv.id, kind: 'video', rtpParameters: VP8_PARAMETERS, source: 'cam' }),
      'forbidden',
    );
    await expect(
      c.raw('produce', { transportId: recv.id, kind: 'audio', rtpParameters: VP8_PARAMETERS, source: 'cam' }),
      'invalid_message',
    );
    const send = await c.ok('createTransport', { direction: 'send' });
    const broken = await c.raw('produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: { codecs: 'x' },
      source: 'cam',
    });
    assert.equal(broken.ok, false);

    // A request without an acknowledgement callback is answered with a notification.
    (c.socket as unknown as { emit: (e: string, p: unknown) => void }).emit('leave', { bogus: true });
    const rejected = await c.waitFor('requestRejected');
    assert.equal(rejected.error.code, 'invalid_message');

    assert.ok(c.socket.connected, 'the connection survived every bad message');
    await c.ok('leave', {});
    const health = await fetch(`${t.server.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('rate-limits a flood of requests without dropping the connection', async () => {
    const c = await client();
    const responses = await Promise.all(Array.from({ length: 400 }, () => c.raw('leave', {})));
    const limited = responses.filter((r) => !r.ok && r.error.code === 'rate_limited').length;
    assert.ok(limited > 100, `expected most of the flood to be rate limited, got ${limited}`);
    assert.ok(c.socket.connected);
  });

  it('answers invitation checks over HTTP with clear errors', async () => {
    const ok = await fetch(`${t.server.url}/api/invite?token=${encodeURIComponent(t.tokens[2]!)}`);
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.equal(body.role, 'delegate');
    assert.match(body.connectionPoint, /^Điểm cầu UBND/);
    // The lobby loads the media device with these; they must be what the meeting's router offers at join.
    const c = await client();
    const joined = await c.ok('join', { token: t.tokens[2]! });
    assert.ok(Array.isArray(body.routerRtpCapabilities?.codecs) && body.routerRtpCapabilities.codecs.length > 0);
    assert.deepEqual(body.routerRtpCapabilities, joined.routerRtpCapabilities);
    await c.ok('leave', {});
    const bad = await fetch(`${t.server.url}/api/invite?token=garbage`);
    assert.equal(bad.status, 401);
    assert.equal((await bad.json()).error.code, 'token_invalid');
    const health = await (await fetch(`${t.server.url}/healthz`)).json();
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.version, 'string');
    assert.equal(health.sfuWorkers, 1);
  });
});
