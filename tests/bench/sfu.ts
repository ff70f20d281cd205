// bench:sfu — how many consumers one mediasoup worker forwards on this machine before receivers see more than 1 %
// loss or the worker's core saturates, and the CPU each forwarded stream costs. No browsers: ffmpeg replays a clip
// it encoded (VP8 camera at 640x360/30 fps, opus microphone) as RTP into PlainTransport producers (comedia);
// consumers on PlainTransports send mediasoup's RTP to a local sink that counts packets per SSRC (rtpSink.ts).
// With --workers N the producers live on worker 1 and are piped (pipeToRouter) to a router on every other worker,
// as a large meeting is (docs/sfu.md), and the consumers are spread evenly. The ladder runs three times: consumers
// sending plain RTP, then SRTP with AES_CM_128_HMAC_SHA1_80 and with AEAD_AES_128_GCM (sfuLadder.ts), so that the
// per-consumer cost a WebRTC consumer pays (every packet encrypted once per consumer) stands beside plain RTP's.
// Last line: JSON.
// Usage: npm run bench:sfu -- [--workers 1] [--step 100] [--max 2000] [--seconds 5] [--video-kbps 600] [--sample 4]
//   [--srtp on|off]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOSS_LIMIT, SATURATED_PCT, runLadder, type LadderResult, type SrtpSuite } from './sfuLadder.ts';
import { round } from './stats.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const WORKERS = option('workers', 1);
const VIDEO_KBPS = option('video-kbps', 600);
const srtpAt = process.argv.indexOf('--srtp');
const SRTP = srtpAt < 0 || process.argv[srtpAt + 1] !== 'off';
const SUITES: SrtpSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM'];
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

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** What one ladder shows: consumers carried under 1 % loss, and the worker CPU each costs. */
function summarize({ baseline, steps, stopped }: LadderResult) {
  const good = steps.filter((s) => s.loss <= LOSS_LIMIT && s.workerCpu.every((c) => c < SATURATED_PCT));
  const carried = good.at(-1);
  const idle = baseline ? mean(baseline.workerCpu) : 0;
  // CPU per 100 consumers above the idle worker (which receives the two streams and, with pipes, sends them on).
  const per100 = good.map((s) => ((mean(s.workerCpu) - idle) / s.perWorker) * 100).sort((a, b) => a - b);
  const cpuPer100 = per100.length > 0 ? per100[Math.floor(per100.length / 2)]! : Number.NaN;
  const last = steps.at(-1);
  return {
    consumers_at_1pct_loss: carried?.consumers ?? 0,
    consumers_per_worker: carried?.perWorker ?? 0,
    cpu_pct_per_100_consumers: round(cpuPer100),
    // What one worker with a core of its own would carry at 95 % of it, from the measured cost.
    projected_consumers_per_core: Number.isFinite(cpuPer100)
      ? Math.round(((SATURATED_PCT - idle) / cpuPer100) * 100)
      : null,
    us_per_packet: carried ? round(carried.usPerPacket) : null,
    idle_cpu_pct: round(idle),
    stopped_by: stopped,
    worker_cpu_at_stop: last ? last.workerCpu.map(round) : [],
    steps: steps.map((s) => ({
      consumers: s.consumers,
      loss_pct: round(s.loss * 100),
      worker_cpu_pct: s.workerCpu.map(round),
      sys_pct: s.workerSys.map(round),
      pps: Math.round(s.pps),
    })),
  };
}

const clip = encodeClip();
const ladder = (srtp: SrtpSuite | null) => {
  log(`— ${srtp ?? 'plain RTP'}: ${WORKERS} worker(s), ${cpus().length} cores, load ${loadavg().map(round).join(' ')}`);
  return runLadder({
    workers: WORKERS,
    step: option('step', 100),
    maxPerWorker: option('max', 2000),
    windowS: option('seconds', 5),
    warmupS: option('warmup', 3),
    // Counting every packet in JavaScript would cost about as much CPU as the forwarding measured, which on a small
    // machine takes it from the worker; a sample of the same streams through the same worker shows the same loss.
    sample: option('sample', 4),
    clip,
    srtp,
    log,
  });
};
const loadBefore = round(loadavg()[0]!);
const plain = summarize(await ladder(null));
const srtp: Partial<Record<SrtpSuite, ReturnType<typeof summarize>>> = {};
if (SRTP) for (const suite of SUITES) srtp[suite] = summarize(await ladder(suite));
const srtpCarried = Object.values(srtp).map((s) => s.consumers_at_1pct_loss);
console.log(
  JSON.stringify({
    bench: 'sfu',
    ...plain,
    // The fewer of the two suites: what a WebRTC consumer, whichever suite it negotiates, can count on.
    srtp_consumers_at_1pct_loss: srtpCarried.length > 0 ? Math.min(...srtpCarried) : null,
    srtp_cpu_pct_per_100_consumers: Object.fromEntries(
      Object.entries(srtp).map(([suite, s]) => [suite, s.cpu_pct_per_100_consumers]),
    ),
    srtp,
    workers: WORKERS,
    video_kbps: VIDEO_KBPS,
    cores: cpus().length,
    load_avg_1m: loadBefore,
    load_avg_1m_end: round(loadavg()[0]!),
  }),
);
