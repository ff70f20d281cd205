// One ladder of bench:sfu: fresh workers and routers, ffmpeg replaying the clip as RTP into PlainTransport producers
// (comedia), and consumers on PlainTransports added a step at a time until a counted receiver loses more than 1 % or
// a worker's core saturates. Consumers' transports send plain RTP, or SRTP with the given suite: then every packet
// forwarded is encrypted and authenticated once per consumer, as for a WebRTC consumer (whose DTLS handshake adds
// nothing per packet). SRTP leaves the RTP header in the clear, so the sink counts sequence numbers per SSRC either way.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../server/sfu/loadMediasoup.ts';
import { mediaCodecs } from '../../server/sfu/mediaCodecs.ts';
import { RtpSink, closedPort, udpSocketDrops } from './rtpSink.ts';

export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AEAD_AES_128_GCM';

export interface LadderOptions {
  workers: number;
  /** Consumers added per worker at each step (half video, half audio). */
  step: number;
  maxPerWorker: number;
  windowS: number;
  /** New video consumers wait for a keyframe: the clip has one every 2 s. */
  warmupS: number;
  /** One receiver in `sample` is counted by the sink. */
  sample: number;
  clip: string;
  srtp: SrtpSuite | null;
  log(line: string): void;
}

export interface Step {
  consumers: number;
  perWorker: number;
  /** Consumers whose packets the sink counts. */
  counted: number;
  loss: number;
  worstLoss: number;
  silent: number;
  workerCpu: number[];
  /** The part of workerCpu spent in the kernel. */
  workerSys: number[];
  sinkCpu: number;
  pps: number;
  usPerPacket: number;
  sinkDrops: number;
  ingressDrops: number;
}

export interface LadderResult {
  baseline: Step | undefined;
  steps: Step[];
  stopped: 'max' | 'loss' | 'cpu' | 'stalled';
}

export const LOSS_LIMIT = 0.01;
export const SATURATED_PCT = 95;
/** A step that takes this long means the machine cannot keep up at all (the worker answers nothing): stop. */
const STALL_MS = 90_000;
const VIDEO = { ssrc: 11111111, payloadType: 101 };
const AUDIO = { ssrc: 22222222, payloadType: 100 };
/** Master key + salt: 16 + 14 bytes for AES-CM, 16 + 12 for AES-GCM (RFC 3711, RFC 7714). */
const KEY_BYTES: Record<SrtpSuite, number> = { AES_CM_128_HMAC_SHA1_80: 30, AEAD_AES_128_GCM: 28 };

interface Ingress {
  port: number;
  rtcpPort: number;
}

/** ffmpeg replays the clip in real time as two RTP streams (pt/ssrc as the producers declare) into the SFU. */
function replay(clip: string, videoTo: Ingress, audioTo: Ingress): ChildProcess {
  const rtp = (to: Ingress) => `rtp://127.0.0.1:${to.port}?rtcpport=${to.rtcpPort}&pkt_size=1200`;
  return spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip],
      ...['-map', '0:v:0', '-c:v', 'copy', '-payload_type', `${VIDEO.payloadType}`, '-ssrc', `${VIDEO.ssrc}`],
      ...['-f', 'rtp', rtp(videoTo)],
      ...['-map', '0:a:0', '-c:a', 'copy', '-payload_type', `${AUDIO.payloadType}`, '-ssrc', `${AUDIO.ssrc}`],
      ...['-f', 'rtp', rtp(audioTo)],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/**
 * A PlainTransport that learns ffmpeg's addresses from its first packets (comedia), and the producer on it. RTCP
 * has a port of its own: ffmpeg sends it from another socket than RTP, which comedia would otherwise latch onto.
 */
async function plainProducer(
  router: types.Router,
  kind: 'audio' | 'video',
): Promise<{ producer: types.Producer } & Ingress> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: true,
  });
  const codec =
    kind === 'video'
      ? { mimeType: 'video/VP8', payloadType: VIDEO.payloadType, clockRate: 90000 }
      : { mimeType: 'audio/opus', payloadType: AUDIO.payloadType, clockRate: 48000, channels: 2 };
  const producer = await transport.produce({
    kind,
    rtpParameters: { codecs: [codec], encodings: [{ ssrc: kind === 'video' ? VIDEO.ssrc : AUDIO.ssrc }] },
  });
  return { producer, port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple!.localPort };
}

/** CPU time the worker process has used, in ms: user (mediasoup) and system (mostly the kernel's UDP sends). */
async function cpuMs(worker: types.Worker): Promise<{ user: number; sys: number }> {
  const usage = await worker.getResourceUsage();
  return { user: usage.ru_utime, sys: usage.ru_stime };
}

async function withinStall<T>(work: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), STALL_MS)));
  try {
    return await Promise.race([work(), stall]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runLadder(o: LadderOptions): Promise<LadderResult> {
  const mediasoup = await loadMediasoup();
  const workers: types.Worker[] = [];
  for (let i = 0; i < o.workers; i++) {
    // A port range of its own, away from the test servers' 40000–49999 on this shared machine.
    workers.push(await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 30000, rtcMaxPort: 39999 }));
  }
  const routers = await Promise.all(workers.map((w) => w.createRouter({ mediaCodecs })));
  const origin = routers[0]!;
  const video = await plainProducer(origin, 'video');
  const audio = await plainProducer(origin, 'audio');
  for (const router of routers.slice(1)) {
    for (const { producer } of [video, audio]) {
      await origin.pipeToRouter({
        producerId: producer.id,
        router,
        keepId: true,
        enableSctp: false,
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      });
    }
  }
  const ffmpeg = replay(o.clip, video, audio);
  const sink = await RtpSink.open(4);
  /** Receivers not counted send to a closed port: the kernel drops their packets without a reader's CPU. */
  const discardPort = await closedPort();
  const receivers: types.Consumer[][][] = routers.map(() => []);
  const counted = new Map<number, 'audio' | 'video'>();
  const receiverCount = () => receivers.reduce((n, r) => n + r.length, 0);

  /** One simulated participant receiving the camera and the microphone: a PlainTransport with two consumers. */
  async function addReceiver(w: number): Promise<void> {
    const router = routers[w]!;
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: false,
      ...(o.srtp ? { enableSrtp: true, srtpCryptoSuite: o.srtp } : {}),
    });
    const index = receiverCount();
    const count = index % o.sample === 0;
    const port = count ? sink.ports[(index / o.sample) % sink.ports.length]! : discardPort;
    // The receiver's own keys: mediasoup would decrypt its RTCP with them (this sink sends none).
    const srtpParameters = o.srtp
      ? { cryptoSuite: o.srtp, keyBase64: randomBytes(KEY_BYTES[o.srtp]).toString('base64') }
      : undefined;
    await transport.connect({ ip: '127.0.0.1', port, ...(srtpParameters ? { srtpParameters } : {}) });
    const consumers: types.Consumer[] = [];
    for (const { producer } of [video, audio]) {
      const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
      if (count) counted.set(consumer.rtpParameters.encodings![0]!.ssrc!, consumer.kind);
      consumers.push(consumer);
    }
    receivers[w]!.push(consumers);
  }

  async function measure(): Promise<Step> {
    const ingressPorts = new Set([video.port, audio.port]);
    const produced = async () => [
      (await video.producer.getStats())[0]?.packetCount ?? 0,
      (await audio.producer.getStats())[0]?.packetCount ?? 0,
    ];
    // Worker CPU is read over the channel, which an overloaded worker answers late: its window is timed on its own.
    const cpuBefore = await Promise.all(workers.map(cpuMs));
    const cpuStarted = performance.now();
    const producedBefore = await produced();
    const sinkDropsBefore = sink.drops();
    const ingressBefore = udpSocketDrops(ingressPorts);
    const sinkCpuBefore = process.cpuUsage();
    const before = sink.snapshot();
    const started = performance.now();
    await new Promise((r) => setTimeout(r, o.windowS * 1000));
    const after = sink.snapshot();
    const elapsedMs = performance.now() - started;
    const sinkCpu = process.cpuUsage(sinkCpuBefore);
    const sinkDrops = sink.drops() - sinkDropsBefore;
    const ingressDrops = udpSocketDrops(ingressPorts) - ingressBefore;
    const [producedVideo, producedAudio] = (await produced()).map((n, i) => n - producedBefore[i]!) as [number, number];
    const cpuAfter = await Promise.all(workers.map(cpuMs));
    const cpuElapsedMs = performance.now() - cpuStarted;
    if (producedVideo === 0 || producedAudio === 0) {
      throw new Error(`the producers received no RTP from ffmpeg (video ${producedVideo}, audio ${producedAudio})`);
    }
    let expected = 0;
    let received = 0;
    let worstLoss = 0;
    let silent = 0;
    for (const [ssrc, kind] of counted) {
      const window = RtpSink.window(before.get(ssrc), after.get(ssrc));
      // A consumer that got nothing in the window lost everything its producer sent meanwhile.
      const exp =
        window.expected > 0
          ? window.expected
          : ((kind === 'video' ? producedVideo : producedAudio) * elapsedMs) / cpuElapsedMs;
      if (window.expected === 0) silent++;
      expected += exp;
      received += window.received;
      if (exp > 0) worstLoss = Math.max(worstLoss, 1 - window.received / exp);
    }
    const consumers = receiverCount() * 2;
    // Every consumer forwards what its producer received (half of them video, half audio).
    const forwarded = (producedVideo + producedAudio) * (consumers / 2);
    const used = cpuAfter.map((ms, i) => ({ user: ms.user - cpuBefore[i]!.user, sys: ms.sys - cpuBefore[i]!.sys }));
    const cpuMsTotal = used.reduce((sum, u) => sum + u.user + u.sys, 0);
    return {
      consumers,
      perWorker: consumers / o.workers,
      counted: counted.size,
      loss: expected > 0 ? Math.max(0, 1 - received / expected) : 0,
      worstLoss,
      silent,
      workerCpu: used.map((u) => ((u.user + u.sys) / cpuElapsedMs) * 100),
      workerSys: used.map((u) => (u.sys / cpuElapsedMs) * 100),
      sinkCpu: ((sinkCpu.user + sinkCpu.system) / 1000 / elapsedMs) * 100,
      pps: forwarded / (cpuElapsedMs / 1000),
      usPerPacket: forwarded > 0 ? (cpuMsTotal * 1000) / forwarded : 0,
      sinkDrops,
      ingressDrops,
    };
  }

  const steps: Step[] = [];
  let baseline: Step | undefined;
  let stopped: LadderResult['stopped'] = 'max';
  const r = (n: number) => Math.round(n * 10) / 10;
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    baseline = await measure();
    o.log(`no consumers: worker CPU ${baseline.workerCpu.map((c) => `${r(c)} %`).join(' + ')}`);
    for (let perWorker = o.step; perWorker <= o.maxPerWorker; perWorker += o.step) {
      const step = await withinStall(async () => {
        for (let w = 0; w < o.workers; w++) {
          while (receivers[w]!.length * 2 < perWorker) await addReceiver(w);
        }
        await new Promise((resolve) => setTimeout(resolve, o.warmupS * 1000));
        return measure();
      });
      if (!step) {
        stopped = 'stalled';
        o.log(`step to ${perWorker}/worker did not finish within ${STALL_MS / 1000} s`);
        break;
      }
      steps.push(step);
      o.log(
        `${step.consumers} consumers (${step.perWorker}/worker, ${step.counted} counted): loss ${r(step.loss * 100)} % ` +
          `(worst ${r(step.worstLoss * 100)} %, silent ${step.silent}), worker CPU ` +
          `${step.workerCpu.map((c, i) => `${r(c)} % (sys ${r(step.workerSys[i]!)})`).join(' + ')}, ` +
          `${Math.round(step.pps)} pkt/s out, ${r(step.usPerPacket)} µs/pkt, sink ${r(step.sinkCpu)} % CPU, ` +
          `drops sink ${step.sinkDrops} ingress ${step.ingressDrops}`,
      );
      if (step.loss > LOSS_LIMIT) {
        stopped = 'loss';
        break;
      }
      if (step.workerCpu.some((c) => c >= SATURATED_PCT)) {
        stopped = 'cpu';
        break;
      }
    }
  } finally {
    ffmpeg.kill('SIGTERM');
    sink.close();
    for (const w of workers) w.close();
  }
  return { baseline, steps, stopped };
}
