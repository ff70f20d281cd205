// A meeting larger than one worker: with two workers and a small consumer limit, later participants are placed on
// a second router on the other worker, producers are piped between the two, consumers stay local, pauses travel
// across the pipe, layers follow the layout, and the death of either worker is recovered by the peers on it alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewConsumer } from '../../common/protocol.ts';
import type { Room } from '../../server/rooms/Room.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/signallingClient.ts';
import { opusRtp } from '../helpers/meetingCast.ts';

/** A three-layer simulcast camera as a browser sends it (the RTP itself is not needed to test signalling). */
const SIMULCAST_CAM = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [], parameters: {} }],
  headerExtensions: [],
  encodings: [
    { ssrc: 1001, scalabilityMode: 'L1T3' },
    { ssrc: 1002, scalabilityMode: 'L1T3' },
    { ssrc: 1003, scalabilityMode: 'L1T3' },
  ],
  rtcp: { cname: 'cam', reducedSize: true },
};

let t: TestServer;
let room: Room;
const clients: TestClient[] = [];

interface Joined {
  client: TestClient;
  id: string;
  caps: Record<string, unknown>;
}

async function join(token: string): Promise<Joined> {
  const client = await new TestClient(t.server.url).connected();
  clients.push(client);
  const joined = await client.ok('join', { token });
  return { client, id: joined.self.id, caps: joined.routerRtpCapabilities as Record<string, unknown> };
}

async function receive(p: Joined): Promise<void> {
  await p.client.ok('createTransport', { direction: 'recv' });
  await p.client.ok('ready', { rtpCapabilities: p.caps });
}

/** A microphone on a new send transport. */
async function produceMic(p: Joined, ssrc: number): Promise<string> {
  const send = await p.client.ok('createTransport', { direction: 'send' });
  const { producerId } = await p.client.ok('produce', {
    transportId: send.id,
    kind: 'audio',
    rtpParameters: opusRtp(ssrc, '1'),
    source: 'mic',
  });
  return producerId;
}

function consumerOf(p: Joined, producerId: string): Promise<NewConsumer> {
  return p.client.waitFor('newConsumer', (c) => c.producerId === producerId, 8000);
}

/** Waits for a consumer of the producer that is not one of those already announced (after a media restart). */
function freshConsumerOf(p: Joined, producerId: string): Promise<NewConsumer> {
  const earlier = new Set(
    p.client.received.filter((r) => r.event === 'newConsumer').map((r) => (r.payload as NewConsumer).consumerId),
  );
  return p.client.waitFor('newConsumer', (c) => c.producerId === producerId && !earlier.has(c.consumerId), 8000);
}

function routerOf(peerId: string) {
  const found = room.mediaRouters().find((r) => r.peerIds.includes(peerId));
  assert.ok(found, `${peerId} is placed on a router`);
  return found;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  t = await startTestServer({ delegates: 3, env: { SFU_WORKERS: '2', SFU_MAX_CONSUMERS_PER_WORKER: '6' } });
});
after(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

describe('a meeting spread over two workers', () => {
  let chair: Joined;
  let first: Joined;
  let second: Joined;
  let cam: string;
  let secondMic: string;

  it('places peers past the limit on a router on the other worker and pipes producers to it', async () => {
    chair = await join(t.tokens[0]!);
    room = await t.server.services.rooms.open(t.meeting);
    // One send transport carries both of the chair's producers.
    const send = await chair.client.ok('createTransport', { direction: 'send' });
    ({ producerId: cam } = await chair.client.ok('produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: SIMULCAST_CAM,
      source: 'cam',
    }));
    await chair.client.ok('produce', {
      transportId: send.id,
      kind: 'audio',
      rtpParameters: opusRtp(2001, '1'),
      source: 'mic',
    });
    await receive(chair);

    first = await join(t.tokens[2]!);
    await receive(first);
    await consumerOf(first, cam);
    assert.equal(routerOf(first.id).workerPid, routerOf(chair.id).workerPid, 'the first delegate fits at home');

    second = await join(t.tokens[3]!);
    await receive(second);
    const piped = await consumerOf(second, cam);
    assert.equal(piped.peerId, 'chair');
    const home = routerOf(chair.id);
    const other = routerOf(second.id);
    assert.notEqual(other.workerPid, home.workerPid, 'the second delegate is on the other worker');
    assert.equal(home.home, true);
    assert.equal(other.home, false);
    assert.deepEqual(
      t.server.pool
        .workers()
        .map((w) => w.pid)
        .sort(),
      [home.workerPid, other.workerPid].sort(),
    );

    // The chair's camera exists on the second router under its own id, fed by a pipe transport, and the
    // delegate's consumer is local to that router.
    const dump = await other.router.dump();
    const onOther = dump.mapProducerIdConsumerIds.find((entry) => entry.key === cam);
    assert.ok(onOther, 'the camera is piped to the second router');
    assert.ok(onOther.values.includes(piped.consumerId), 'consumed there');
    assert.equal(dump.transportIds.length, 2, 'a receive transport and a pipe transport');
    const homeDump = await home.router.dump();
    assert.ok(homeDump.mapProducerIdConsumerIds.find((e) => e.key === cam)!.values.length >= 2, 'pipe + local');
  });

  it('pipes a producer from the second router home, where the others consume it', async () => {
    secondMic = await produceMic(second, 3001);
    const [toChair, toFirst] = await Promise.all([
      chair.client.waitFor('newConsumer', (c) => c.producerId === secondMic, 8000),
      consumerOf(first, secondMic),
    ]);
    assert.equal(toChair.peerId, second.id);
    assert.equal(toFirst.kind, 'audio');
    const homeDump = await routerOf(chair.id).router.dump();
    assert.ok(
      homeDump.mapProducerIdConsumerIds.some((e) => e.key === secondMic),
      'piped home under its own id',
    );
    assert.equal(homeDump.rtpObserverIds.length, 1, 'the active-speaker observer stays at home');
    const observed = homeDump.mapProducerIdObserverIds.find((e) => e.key === secondMic);
    assert.equal(observed?.values.length, 1, 'and follows the piped microphone');
  });

  it('a pause at the origin reaches consumers on the other worker (chair mutes are enforced everywhere)', async () => {
    const piped = await consumerOf(second, cam);
    await chair.client.ok('setProducerPaused', { producerId: cam, paused: true });
    await second.client.waitFor('consumerPaused', (c) => c.consumerId === piped.consumerId && c.paused);
    await chair.client.ok('setProducerPaused', { producerId: cam, paused: false });
    await second.client.waitFor('consumerPaused', (c) => c.consumerId === piped.consumerId && !c.paused);
  });

  it('starts video on the lowest layer, raises it for a large tile and pauses it when hidden', async () => {
    const piped = await consumerOf(second, cam);
    const consumer = room.peers.get(second.id)!.consumer(piped.consumerId);
    assert.equal(consumer.type, 'simulcast');
    assert.equal(consumer.preferredLayers?.spatialLayer, 0, 'thumbnail quality by default');
    await second.client.ok('resumeConsumer', { consumerId: piped.consumerId });
    assert.equal(consumer.paused, false);
    await second.client.ok('setConsumerVisible', { consumerId: piped.consumerId, visible: true, layer: 'high' });
    assert.equal(consumer.preferredLayers?.spatialLayer, 2);
    await second.client.ok('setConsumerVisible', { consumerId: piped.consumerId, visible: false, layer: 'low' });
    assert.equal(consumer.paused, true, 'hidden video is paused at the SFU');
    assert.equal(consumer.preferredLayers?.spatialLayer, 0);
    await second.client.ok('setConsumerVisible', { consumerId: piped.consumerId, visible: true, layer: 'low' });
    assert.equal(consumer.paused, false);
  });

  it('the death of the second worker restarts the media of its peers only', async () => {
    const dead = routerOf(second.id).workerPid;
    const chairMicConsumer = await chair.client.waitFor('newConsumer', (c) => c.producerId === secondMic);
    process.kill(dead, 'SIGKILL');
    const restart = await second.client.waitFor('mediaRestart', () => true, 10_000);
    assert.equal(restart.reason, 'sfu_worker_restarted');
    await chair.client.waitFor('consumerClosed', (c) => c.consumerId === chairMicConsumer.consumerId);
    await settle(300);
    for (const p of [chair, first]) {
      assert.ok(!p.client.received.some((r) => r.event === 'mediaRestart'), `${p.id} keeps its media`);
    }
    assert.ok(!t.server.pool.workers().some((w) => w.pid === dead), 'the dead worker was replaced');

    // The restarted peer rebuilds its media on a fresh router and gets the chair's camera again.
    const again = freshConsumerOf(second, cam);
    await receive(second);
    await again;
    assert.notEqual(routerOf(second.id).workerPid, dead);
    assert.notEqual(routerOf(second.id).workerPid, routerOf(chair.id).workerPid);
    secondMic = await produceMic(second, 3002);
    await consumerOf(chair, secondMic);
  });

  it('the death of the home worker moves the observer to the surviving router and restarts only its peers', async () => {
    const dead = routerOf(chair.id).workerPid;
    const survivor = routerOf(second.id);
    process.kill(dead, 'SIGKILL');
    await chair.client.waitFor('mediaRestart', () => true, 10_000);
    await first.client.waitFor('mediaRestart', () => true, 10_000);
    await settle(300);
    assert.equal(second.client.received.filter((r) => r.event === 'mediaRestart').length, 1, 'only the earlier one');
    const home = room.mediaRouters().find((r) => r.home);
    assert.equal(home?.router, survivor.router, 'the surviving router is home now');
    assert.equal((await survivor.router.dump()).rtpObserverIds.length, 1);

    const again = freshConsumerOf(chair, secondMic);
    await receive(chair);
    await again;
    const health = await (await fetch(`${t.server.url}/healthz`)).json();
    assert.equal(health.sfuWorkers, 2);
  });

  it('closes a router nobody is placed on any more', async () => {
    const routersBefore = room.mediaRouters().length;
    const secondary = room.mediaRouters().find((r) => !r.home && r.peerIds.length > 0);
    assert.ok(secondary);
    for (const peerId of secondary.peerIds) {
      const c = [chair, first, second].find((p) => p.id === peerId)!;
      await c.client.ok('leave', {});
    }
    assert.equal(room.mediaRouters().length, routersBefore - 1);
    assert.equal(secondary.router.closed, true);
  });
});
