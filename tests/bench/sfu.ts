// bench:sfu — how many consumers one mediasoup worker forwards on this machine before receivers see more than 1 %
// loss or the worker's core saturates, and the CPU each forwarded stream costs. No browsers: ffmpeg replays a clip
// it encoded (VP8 camera at 640x360/30 fps, opus microphone) as RTP into PlainTransport producers (comedia);
// consumers on PlainTransports send mediasoup's RTP to a local sink that counts packets per SSRC (rtpSink.ts).
// With --workers N the producers live on worker 1 and are piped (pipeToRouter) to a router on every other worker,
// as a large meeting is (docs/sfu.md), and the consumers are spread evenly. Last line: JSON.
// Usage: npm run bench:sfu -- [--workers 1] [--step 100] [--max 2000] [--seconds 5] [--video-kbps 600] [--sample 4]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../server/sfu/loadMediasoup.ts';
import { mediaCodecs } from '../../server/sfu/mediaCodecs.ts';
import { RtpSink, closedPort, udpSocketDrops } from './rtpSink.ts';
import { round } from './stats.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const WORKERS = option('workers', 1);
/** Consumers added per worker at each step (half video, half audio). */
const STEP = option('step', 100);
const MAX_PER_WORKER = option('max', 2000);
const WINDOW_S = option('seconds', 5);
/** New video consumers wait for a keyframe: the clip has one every 2 s. */
const WARMUP_S = option('warmup', 3);
const VIDEO_KBPS = option('video-kbps', 600);
/**
 * One receiver in SAMPLE is counted by the sink. Counting every packet in JavaScript would cost about as much CPU
 * as the forwarding measured, which on a small machine takes it from the worker; a sample of the same streams
 * through the same worker shows the same loss.
 */
const SAMPLE = option('sample', 4);
const LOSS_LIMIT = 0.01;
/** A step that takes this long means the machine cannot keep up at all (the worker answers nothing): stop. */
const STALL_MS = 90_000;
const SATURATED_PCT = 95;

const VIDEO = { ssrc: 11111111, payloadType: 101 };
const AUDIO = { ssrc: 22222222, payloadType: 100 };
const log = (line: string) => console.error(line);

/** A 20 s clip encoded once by ffmpeg (libvpx CBR, a keyframe every 2 s; libopus), replayed in a loop. */
function encodeClip(): string {
  const dir = join(tmpdir(), 'phonghop-bench-sfu');
  mkdirSync(dir, { recursive: true });
  const clip = join(dir, `clip-640x360-${VIDEO_KBPS}k.webm`);
  if (existsSync(clip)) return clip;
  log(`encoding ${clip} with ffmpeg (libvpx, libopus)…`);
  const kbps = `${VIDEO_KBPS}k`;
  const result = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-t', '20', '-c:v', 'libvpx', '-b:v', kbps, '-minrate', kbps, '-maxrate', kbps],
      ...['-g', '60', '-keyint_min', '60', '-deadline', 'realtime', '-cpu-used', '8'],
      ...['-c:a', 'libopus', '-b:a', '32k', '-ac', '2', clip],
    ],
    { stdio: 'inherit' },
  );
  if (result.error || result.status !== 0) {
    throw new Error('ffmpeg could not encode the clip; install it with `apt-get install -y ffmpeg`');
  }
  return clip;
}

interface Ingress {
  port: number;
  rtcpPort: number;
}

/** ffmpeg replays the clip in real time as two RTP streams (pt/ssrc as the producers declare) into the SFU. */
function replay(clip: string, videoTo: Ingress, audioTo: Ingress): ChildProcess {
  const rtp = (to: Ingress) => `rtp://127.0.0.1:${to.port}?rtcpport=${to.rtcpPort}&pkt_size=1200`;
  const ffmpeg = spawn(
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
  return ffmpeg;
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

interface Receiver {
  transport: types.PlainTransport;
  consumers: types.Consumer[];
}

interface Step {
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

/** CPU time the worker process has used, in ms: user (mediasoup) and system (mostly the kernel's UDP sends). */
async function cpuMs(worker: types.Worker): Promise<{ user: number; sys: number }> {
  const usage = await worker.getResourceUsage();
  return { user: usage.ru_utime, sys: usage.ru_stime };
}

const mediasoup = await loadMediasoup();
const clip = encodeClip();
const workers: types.Worker[] = [];
for (let i = 0; i < WORKERS; i++) {
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
const ffmpeg = replay(clip, video, audio);
const sink = await RtpSink.open(4);
/** Receivers not counted send to a closed port: the kernel drops their packets without a reader's CPU. */
const discardPort = await closedPort();
const receivers: Receiver[][] = routers.map(() => []);
const counted = new Map<number, 'audio' | 'video'>();

/** One simulated participant receiving the camera and the microphone: a PlainTransport with two consumers. */
async function addReceiver(w: number): Promise<void> {
  const router = routers[w]!;
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: false,
  });
  const index = receivers.reduce((n, r) => n + r.length, 0);
  const count = index % SAMPLE === 0;
  const port = count ? sink.ports[(index / SAMPLE) % sink.ports.length]! : discardPort;
  await transport.connect({ ip: '127.0.0.1', port });
  const consumers: types.Consumer[] = [];
  for (const { producer } of [video, audio]) {
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    if (count) counted.set(consumer.rtpParameters.encodings![0]!.ssrc!, consumer.kind);
    consumers.push(consumer);
  }
  receivers[w]!.push({ transport, consumers });
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
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
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
  const consumers = receivers.reduce((n, r) => n + r.length, 0) * 2;
  // Every consumer forwards what its producer received (half of them video, half audio).
  const forwarded = (producedVideo + producedAudio) * (consumers / 2);
  const used = cpuAfter.map((ms, i) => ({
    user: ms.user - cpuBefore[i]!.user,
    sys: ms.sys - cpuBefore[i]!.sys,
  }));
  const cpuMsTotal = used.reduce((sum, u) => sum + u.user + u.sys, 0);
  return {
    consumers,
    perWorker: consumers / WORKERS,
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

async function withinStall<T>(work: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), STALL_MS)));
  try {
    return await Promise.race([work(), stall]);
  } finally {
    clearTimeout(timer);
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const steps: Step[] = [];
let baseline: Step | undefined;
let stopped = 'max';
try {
  log(`${WORKERS} worker(s), ${cpus().length} cores, load ${loadavg().map(round).join(' ')}; warming up ffmpeg…`);
  await new Promise((r) => setTimeout(r, 2000));
  baseline = await measure();
  log(`no consumers: worker CPU ${baseline.workerCpu.map((c) => `${round(c)} %`).join(' + ')}`);
  for (let perWorker = STEP; perWorker <= MAX_PER_WORKER; perWorker += STEP) {
    const step = await withinStall(async () => {
      for (let w = 0; w < WORKERS; w++) {
        while (receivers[w]!.length * 2 < perWorker) await addReceiver(w);
      }
      await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
      return measure();
    });
    if (!step) {
      stopped = 'stalled';
      log(`step to ${perWorker}/worker did not finish within ${STALL_MS / 1000} s`);
      break;
    }
    steps.push(step);
    log(
      `${step.consumers} consumers (${step.perWorker}/worker, ${step.counted} counted): ` +
        `loss ${round(step.loss * 100)} % ` +
        `(worst ${round(step.worstLoss * 100)} %, silent ${step.silent}), worker CPU ` +
        `${step.workerCpu.map((c, i) => `${round(c)} % (sys ${round(step.workerSys[i]!)})`).join(' + ')}, ` +
        `${Math.round(step.pps)} pkt/s out, ` +
        `${round(step.usPerPacket)} µs/pkt, sink ${round(step.sinkCpu)} % CPU, ` +
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

const good = steps.filter((s) => s.loss <= LOSS_LIMIT && s.workerCpu.every((c) => c < SATURATED_PCT));
const carried = good.at(-1);
const idle = baseline ? mean(baseline.workerCpu) : 0;
// CPU per 100 consumers above the idle worker (which receives the two streams and, with pipes, sends them on).
const per100 = good.map((s) => ((mean(s.workerCpu) - idle) / s.perWorker) * 100).sort((a, b) => a - b);
const cpuPer100 = per100.length > 0 ? per100[Math.floor(per100.length / 2)]! : Number.NaN;
const last = steps.at(-1);
console.log(
  JSON.stringify({
    bench: 'sfu',
    consumers_at_1pct_loss: carried?.consumers ?? 0,
    consumers_per_worker: carried?.perWorker ?? 0,
    cpu_pct_per_100_consumers: round(cpuPer100),
    // What one worker with a core of its own would carry at 95 % of it, from the measured cost.
    projected_consumers_per_core: Number.isFinite(cpuPer100)
      ? Math.round(((SATURATED_PCT - idle) / cpuPer100) * 100)
      : null,
    us_per_packet: carried ? round(carried.usPerPacket) : null,
    idle_cpu_pct: round(idle),
    workers: WORKERS,
    stopped_by: stopped,
    worker_cpu_at_stop: last ? last.workerCpu.map(round) : [],
    video_kbps: VIDEO_KBPS,
    cores: cpus().length,
    load_avg_1m: round(loadavg()[0]!),
    steps: steps.map((s) => ({
      consumers: s.consumers,
      loss_pct: round(s.loss * 100),
      worker_cpu_pct: s.workerCpu.map(round),
      sys_pct: s.workerSys.map(round),
      pps: Math.round(s.pps),
    })),
  }),
);
