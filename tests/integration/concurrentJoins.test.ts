// Provinces joining a briefing at the same moment, over real sockets and the real worker: one peer's `ready` (it
// consumes what is already produced) runs while another produces (its producer is consumed by everyone ready).
// Each producer must reach each peer exactly once: a second consumer of the same producer doubles what the SFU
// forwards to that peer and gives its client a second track.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/signallingClient.ts';
import { opusRtp } from '../helpers/meetingCast.ts';

const PEERS = 8;

let t: TestServer;
const clients: TestClient[] = [];

/** Join, receive (`ready`), then produce a microphone: the renderer's order, with no pause between the steps. */
async function arrive(token: string, ssrc: number): Promise<{ client: TestClient; producerId: string }> {
  const client = await new TestClient(t.server.url).connected();
  clients.push(client);
  const joined = await client.ok('join', { token });
  const [send] = await Promise.all([
    client.ok('createTransport', { direction: 'send' }),
    client.ok('createTransport', { direction: 'recv' }),
  ]);
  await client.ok('ready', { rtpCapabilities: joined.routerRtpCapabilities as Record<string, unknown> });
  const { producerId } = await client.ok('produce', {
    transportId: send.id,
    kind: 'audio',
    rtpParameters: opusRtp(ssrc, '0'),
    source: 'mic',
  });
  return { client, producerId };
}

describe('peers joining at the same moment', () => {
  before(async () => {
    t = await startTestServer({ delegates: PEERS });
  });

  after(async () => {
    for (const c of clients) c.close();
    await t?.stop();
  });

  it('gives every peer one consumer of every other peer’s producer', async () => {
    const tokens = t.tokens.slice(0, PEERS);
    const arrived = await Promise.all(tokens.map((token, i) => arrive(token, 5000 + i)));
    const producers = arrived.map((a) => a.producerId);
    for (const [i, { client, producerId }] of arrived.entries()) {
      const others = producers.filter((p) => p !== producerId);
      await Promise.all(others.map((p) => client.waitFor('newConsumer', (c) => c.producerId === p, 8000)));
      // Late duplicates would come from requests still in flight: let them land.
      await new Promise((r) => setTimeout(r, 200));
      const offered = client.received
        .filter((r) => r.event === 'newConsumer')
        .map((r) => (r.payload as { producerId: string }).producerId)
        .sort();
      assert.deepEqual(offered, [...others].sort(), `peer ${i} was offered ${offered.length} consumers`);
    }
  });
});
