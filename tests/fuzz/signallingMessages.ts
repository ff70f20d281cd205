// What the signalling fuzzer sends, one message at a time: a request from the registry with a valid or broken
// payload, an unknown name, odd argument lists, a request without acknowledgement, malformed socket.io packets and
// raw WebSocket frames, a payload over the transport's size limit, and short sequences sent out of order.
import { requestSchemas } from '../../common/protocol.ts';
import type { FuzzConnection } from './fuzzConnection.ts';
import { anyValue, oddString, type Rng } from './random.ts';
import { mutate, validValue, type IdPool, type Schema } from './schemaValues.ts';
import type { Tally } from './tally.ts';

const NAMES = Object.keys(requestSchemas);
/** Requests that end or empty a meeting: drawn rarely, so that the run keeps meetings to go deep into. */
const DESTRUCTIVE = new Set(['endMeeting', 'revokeInvitation', 'removeParticipant', 'lockMeeting', 'leave']);

const schemaOf = (name: string): Schema => (requestSchemas as unknown as Record<string, Schema>)[name]!;

function requestName(rng: Rng): string {
  for (;;) {
    const name = rng.pick(NAMES);
    if (!DESTRUCTIVE.has(name) || rng.chance(0.05)) return name;
  }
}

const UNKNOWN_NAMES = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'Join',
  'join ',
  'JOIN',
  'syncupdate',
  'requestRejected',
  'peerJoined',
  'admitted',
  'error',
  'message',
  '',
];

/** socket.io packets as text: truncated, wrong types, binary placeholders without the binary, reserved names. */
function malformedPacket(rng: Rng): string | Uint8Array {
  const name = rng.pick(NAMES);
  return rng.pick<() => string | Uint8Array>([
    () => `42["${name}"`,
    () => `42[${JSON.stringify(name)},{"a":`,
    () => '42{}',
    () => '42[]',
    () => '42[1,2,3]',
    () => '42[null]',
    () => `42${rng.int(0, 1e9)}["${name}",{}]`,
    () => `43${rng.int(0, 1e9)}[{"ok":true,"data":{}}]`,
    () => `451-["syncUpdate",{"doc":{"layer":"minutes"},"update":{"_placeholder":true,"num":0}}]`,
    () => `451-["syncUpdate",{"update":{"_placeholder":true,"num":7}}]`,
    () => `45999999999-["${name}",{}]`,
    () => '42["disconnect",{}]',
    () => '42["connect",{}]',
    () => '42["disconnecting"]',
    () => '0{"token":"x"}',
    () => '0/admin,',
    () => '1',
    () => `4${rng.int(0, 9)}`,
    () => '9',
    () => `42${oddString(rng, 3000)}`,
    () => oddString(rng, 3000),
    () => rng.bytes(rng.int(0, 2000)),
  ])();
}

/** An emit's arguments other than (payload, ack): nothing, several payloads, a callback in the wrong place. */
function oddArguments(rng: Rng, name: string, ids: IdPool): unknown[] {
  const payload = validValue(schemaOf(name), rng, ids);
  return rng.pick<unknown[]>([[], [payload, payload], [payload, 1, 'x'], [undefined], [null, null]]);
}

export interface MessageContext {
  rng: Rng;
  ids: IdPool;
  tally: Tally;
}

/**
 * Sends one message (or a short sequence) on `conn` and counts what came back. `garbage`: also malformed packets,
 * raw frames and oversized payloads, after which the server closes the connection (a connection that sends them
 * lives short, so most connections keep to well-formed socket.io and reach deeper into the handlers).
 */
export async function sendOne(conn: FuzzConnection, ctx: MessageContext, garbage: boolean): Promise<void> {
  const { rng, ids, tally } = ctx;
  const kind = rng.weighted({
    valid: 30,
    mutated: 36,
    unknown: 4,
    arguments: 4,
    noAck: 5,
    sequence: 12,
    packet: garbage ? 6 : 0,
    frame: garbage ? 2 : 0,
    oversized: garbage ? 1 : 0,
  });
  switch (kind) {
    case 'valid':
    case 'mutated': {
      const name = requestName(rng);
      const schema = schemaOf(name);
      const valid = validValue(schema, rng, ids);
      const payload = kind === 'valid' ? valid : mutate(valid, schema, rng, ids);
      tally.count(name, await conn.request(name, payload));
      return;
    }
    case 'unknown': {
      const name = rng.chance(0.6) ? rng.pick(UNKNOWN_NAMES) : oddString(rng, 20_000);
      tally.count('(unknown)', await conn.request(name, anyValue(rng, 2)));
      return;
    }
    case 'arguments': {
      const name = requestName(rng);
      tally.count(name, await conn.request(name, ...oddArguments(rng, name, ids)));
      return;
    }
    case 'noAck': {
      const name = rng.chance(0.8) ? requestName(rng) : oddString(rng, 100);
      const schema = schemaOf(requestName(rng));
      conn.notify(name, mutate(validValue(schema, rng, ids), schema, rng, ids));
      tally.sent();
      return;
    }
    case 'packet':
      conn.rawMessage(malformedPacket(rng));
      tally.sent();
      return;
    case 'frame':
      conn.rawFrame(rng.bytes(rng.int(0, 4000)));
      tally.sent();
      return;
    case 'oversized': {
      // Beyond socket.io's maxHttpBufferSize the server closes the connection: counted as dropped.
      const name = requestName(rng);
      tally.count(name, await conn.request(name, { text: 'x'.repeat(rng.int(1_000_001, 1_500_000)) }));
      return;
    }
    default:
      await outOfOrder(conn, ctx);
  }
}

/** A short sequence in an order no client sends: media before transports, twice what is done once, after leaving. */
async function outOfOrder(conn: FuzzConnection, ctx: MessageContext): Promise<void> {
  const { rng, ids, tally } = ctx;
  const send = async (name: string, payload: unknown) => tally.count(name, await conn.request(name, payload));
  const transportId = ids.draw('transport', rng) ?? 'no-such-transport';
  switch (rng.int(0, 7)) {
    case 0:
      await send('produce', {
        transportId,
        kind: 'audio',
        source: 'mic',
        rtpParameters: { codecs: [], encodings: [{ ssrc: rng.int(1, 1e9) }] },
      });
      await send('connectTransport', { transportId, dtlsParameters: { role: 'client', fingerprints: [] } });
      return;
    case 1:
      await send('join', { token: ids.draw('token', rng) ?? 'x'.repeat(20) });
      await send('join', { token: ids.draw('token', rng) ?? 'x'.repeat(20) });
      return;
    case 2:
      await send('knock', { token: ids.draw('token', rng) ?? 'x'.repeat(20), name: oddString(rng, 200) || 'Khách' });
      await send('meetingState', {});
      return;
    case 3:
      await send('castVote', { voteId: ids.draw('vote', rng) ?? 'v', option: rng.int(0, 9) });
      await send('closeVote', { voteId: ids.draw('vote', rng) ?? 'v' });
      await send('castVote', { voteId: ids.draw('vote', rng) ?? 'v', option: 0 });
      return;
    case 4:
      await send('syncUpdate', { doc: { layer: 'minutes' }, update: rng.bytes(rng.int(1, 200)) });
      await send('syncClose', { doc: { layer: 'minutes' } });
      await send('syncAwareness', { doc: { layer: 'minutes' }, update: rng.bytes(rng.int(1, 50)) });
      return;
    case 5:
      for (let i = rng.int(2, 6); i > 0; i--) await send('createTransport', { direction: rng.pick(['send', 'recv']) });
      return;
    case 6:
      await send('ready', { rtpCapabilities: { codecs: [anyValue(rng, 2)], headerExtensions: 5 } });
      await send('resumeConsumer', { consumerId: ids.draw('consumer', rng) ?? 'c' });
      await send('setConsumerVisible', { consumerId: ids.draw('consumer', rng) ?? 'c', visible: true, layer: 'high' });
      return;
    default:
      await send('minutesAction', { action: rng.pick(['finalise', 'reopen', 'submitForReview', 'returnToDraft']) });
      await send('minutesSign', { password: oddString(rng, 900).slice(0, 900) });
      await send('minutesFile', {});
  }
}
