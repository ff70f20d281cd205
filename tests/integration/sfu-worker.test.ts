// The mediasoup worker binary that scripts/sfu-worker.mjs provides (built offline, cached): it runs on this host,
// carries a static OpenSSL >= 3.5 (3.0 crashes in DTLS with current Chromium, docs/sfu-worker.md), mediasoup can
// use it, and the libsrtp 3 -> 2 compatibility layer really encrypts and decrypts (RTP through an SRTP pipe).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type * as Mediasoup from 'mediasoup';

const SFU_WORKER_SCRIPT = fileURLToPath(new URL('../../scripts/sfu-worker.mjs', import.meta.url));
const SETUP_HINT = 'no mediasoup-worker binary found: run `npm run setup` (it builds and caches one)';

function resolveWorkerBin(): string {
  const res = spawnSync(process.execPath, [SFU_WORKER_SCRIPT, 'path'], { encoding: 'utf8' });
  const binary = res.stdout.trim();
  assert.ok(res.status === 0 && binary, `${SETUP_HINT}\n${res.stderr}`);
  assert.ok(existsSync(binary), `${binary} does not exist: ${SETUP_HINT}`);
  return binary;
}

const MEDIA_CODECS: Mediasoup.types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
];

let binary: string;
let mediasoup: typeof Mediasoup;
let worker: Mediasoup.types.Worker;

before(async () => {
  binary = resolveWorkerBin();
  // mediasoup reads MEDIASOUP_WORKER_BIN when it is first imported, so import it only now.
  process.env.MEDIASOUP_WORKER_BIN = binary;
  mediasoup = await import('mediasoup');
  worker = await mediasoup.createWorker({ logLevel: 'warn' });
});

after(() => {
  worker?.close();
});

describe('mediasoup-worker binary', () => {
  it('exits with code 41 when run without environment (it runs on this host)', () => {
    const res = spawnSync(binary, [], { env: {}, stdio: 'ignore', timeout: 15_000 });
    assert.equal(res.error, undefined);
    assert.equal(res.status, 41);
  });

  it('contains OpenSSL >= 3.5, linked statically', () => {
    const text = readFileSync(binary).toString('latin1');
    const match = /OpenSSL (\d+)\.(\d+)\.(\d+)/.exec(text);
    assert.ok(match, 'no OpenSSL version string in the binary');
    const [major, minor] = [Number(match[1]), Number(match[2])];
    assert.ok(major > 3 || (major === 3 && minor >= 5), `OpenSSL ${match[0]} is older than 3.5`);
    const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
    assert.equal(ldd.status, 0, ldd.stderr);
    assert.doesNotMatch(ldd.stdout, /lib(ssl|crypto)\.so/);
  });
});

describe('mediasoup with this worker', () => {
  it('creates a router with opus and VP8 and a WebRTC transport on 127.0.0.1', async () => {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const mimeTypes = router.rtpCapabilities.codecs?.map((c) => c.mimeType) ?? [];
    assert.ok(mimeTypes.includes('audio/opus'));
    assert.ok(mimeTypes.includes('video/VP8'));
    const transport = await router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: '127.0.0.1' },
        { protocol: 'tcp', ip: '127.0.0.1' },
      ],
    });
    assert.ok(transport.iceCandidates.length >= 2);
    assert.ok(transport.iceCandidates.every((c) => c.address === '127.0.0.1'));
    assert.ok(transport.dtlsParameters.fingerprints.some((f) => f.algorithm === 'sha-256'));
    router.close();
  });

  it('forwards RTP through an SRTP-protected pipe to a router on another worker (libsrtp compat layer)', async () => {
    // Two workers, as when a large meeting spans workers (piping within one worker would clash on producer ids).
    const worker2 = await mediasoup.createWorker({ logLevel: 'warn' });
    const router1 = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const router2 = await worker2.createRouter({ mediaCodecs: MEDIA_CODECS });
    const sender = dgram.createSocket('udp4');
    const receiver = dgram.createSocket('udp4');
    try {
      const ingress = await router1.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: true,
      });
      const producer = await ingress.produce({
        kind: 'audio',
        rtpParameters: {
          codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
          encodings: [{ ssrc: 22222222 }],
        },
      });
      let pipeTransport: Mediasoup.types.PipeTransport | undefined;
      router1.observer.once('newtransport', (transport) => {
        pipeTransport = transport as Mediasoup.types.PipeTransport;
      });
      await router1.pipeToRouter({ producerId: producer.id, router: router2, enableSrtp: true });
      assert.equal(pipeTransport?.type, 'pipe');
      assert.ok(pipeTransport?.srtpParameters, 'the pipe transport has no SRTP');

      await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
      const egress = await router2.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
      });
      await egress.connect({ ip: '127.0.0.1', port: (receiver.address() as AddressInfo).port });
      await egress.consume({ producerId: producer.id, rtpCapabilities: router2.rtpCapabilities });

      const marker = Buffer.from('phonghop-srtp-compat-check');
      const received = new Promise<Buffer>((resolve) => {
        receiver.on('message', (msg) => {
          if (msg.includes(marker)) resolve(msg);
        });
      });
      let seq = 0;
      const sendOne = (): void => {
        const header = Buffer.alloc(12);
        header[0] = 0x80;
        header[1] = 100;
        header.writeUInt16BE(seq, 2);
        header.writeUInt32BE(seq * 960, 4);
        header.writeUInt32BE(22222222, 8);
        seq += 1;
        sender.send(Buffer.concat([header, marker]), ingress.tuple.localPort, '127.0.0.1');
      };
      const timer = setInterval(sendOne, 20);
      let timeout: NodeJS.Timeout | undefined;
      try {
        const packet = await Promise.race([
          received,
          new Promise<never>((_, reject) => {
            timeout = setTimeout(() => reject(new Error('no RTP came out of the SRTP pipe within 10 s')), 10_000);
          }),
        ]);
        // What comes out is plain RTP again (decrypted by the receiving pipe), version 2.
        assert.equal(packet[0]! >> 6, 2);
      } finally {
        clearInterval(timer);
        clearTimeout(timeout);
      }
      const stats = await pipeTransport!.getStats();
      assert.ok((stats[0]?.rtpBytesSent ?? 0) > 0, 'the SRTP pipe sent nothing');
    } finally {
      sender.close();
      receiver.close();
      router1.close();
      worker2.close();
    }
  });
});
