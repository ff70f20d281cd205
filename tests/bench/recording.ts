// bench:recording — what recording a meeting costs on this machine: the CPU of the recorder (one ffmpeg per part,
// stream copy) and of the SFU worker's extra consumers while meetings are recorded, hence how many recordings one
// core carries at once; and the CPU and time of joining a recording's parts into its file after it stops. No
// browsers: ffmpeg replays a clip it encoded (VP8 640x360 at 15 fps, Opus) as RTP into PlainTransport producers, one
// pair per participant, and the real recorder (server/recording) records each meeting with the floor moving every
// 5 s. The replaying ffmpegs stand for the participants and are not counted. Last line: JSON.
// Usage: npm run bench:recording -- [--recordings 2] [--participants 3] [--seconds 30]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { MediaSource } from '../../common/media.ts';
import { loadMediasoup } from '../../server/sfu/loadMediasoup.ts';
import { mediaCodecs } from '../../server/sfu/mediaCodecs.ts';
import { finishRecording } from '../../server/recording/finishRecording.ts';
import { Recorder, type RecordedMeeting, type RecordedPeer } from '../../server/recording/Recorder.ts';
import { recordingConfig } from '../../server/recording/recordingConfig.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const RECORDINGS = option('recordings', 2);
const PARTICIPANTS = option('participants', 3);
const SECONDS = option('seconds', 30);
const FLOOR_EVERY_MS = 5000;
const log = (line: string) => console.error(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fixed = (value: number, digits: number) => Number(value.toFixed(digits));

/** CPU seconds of this process's finished (reaped) children: /proc/self/stat cutime + cstime. */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After the command's closing parenthesis, cutime and cstime are fields 14 and 15 (0-based from state).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function workerCpuSeconds(worker: types.Worker): Promise<number> {
  const usage = await worker.getResourceUsage();
  return (usage.ru_utime + usage.ru_stime) / 1000;
}

/** A 20 s clip (a keyframe every second: the replay cannot answer keyframe requests), encoded once. */
function encodeClip(): string {
  const dir = join(tmpdir(), 'phonghop-bench-recording');
  mkdirSync(dir, { recursive: true });
  const clip = join(dir, 'clip-640x360-15.webm');
  if (existsSync(clip)) return clip;
  log(`encoding ${clip} with ffmpeg…`);
  const result = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '20'],
      ...['-c:v', 'libvpx', '-b:v', '500k', '-g', '15', '-deadline', 'realtime', '-cpu-used', '8'],
      ...['-c:a', 'libopus', '-b:a', '32k', '-ac', '2', clip],
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error('ffmpeg could not encode the clip; install it with `apt-get install -y ffmpeg`');
  return clip;
}

interface Participant extends RecordedPeer {
  replay: ChildProcess;
}

/** One synthetic participant: a camera and a microphone produced from the clip, replayed in real time. */
async function participant(router: types.Router, id: string, clip: string, n: number): Promise<Participant> {
  const producers = new Map<string, types.Producer>();
  const sources = new Map<MediaSource, types.Producer>();
  const urls: string[] = [];
  for (const kind of ['video', 'audio'] as const) {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: true,
    });
    const ssrc = 1000 + n * 10 + (kind === 'video' ? 1 : 2);
    const codec =
      kind === 'video'
        ? { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }
        : { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 };
    const producer = await transport.produce({ kind, rtpParameters: { codecs: [codec], encodings: [{ ssrc }] } });
    producers.set(producer.id, producer);
    sources.set(kind === 'video' ? 'cam' : 'mic', producer);
    const map = kind === 'video' ? '0:v:0' : '0:a:0';
    urls.push('-map', map, '-c', 'copy', '-payload_type', String(codec.payloadType), '-ssrc', String(ssrc));
    urls.push('-f', 'rtp', `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}`);
  }
  const replay = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, ...urls],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return { id, closed: false, producers, producerFor: (source) => sources.get(source), replay };
}

const mediasoup = await loadMediasoup();
const clip = encodeClip();
const config = recordingConfig({}, mkdtempSync(join(tmpdir(), 'phonghop-bench-recording-')));
const worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 30000, rtcMaxPort: 39999 });
const router = await worker.createRouter({ mediaCodecs });
const meetings: { meeting: RecordedMeeting & { floor: { peerId: string } | null }; people: Participant[] }[] = [];
for (let r = 0; r < RECORDINGS; r++) {
  const people: Participant[] = [];
  for (let p = 0; p < PARTICIPANTS; p++) people.push(await participant(router, `m${r}-p${p}`, clip, r * 100 + p));
  const room = {
    peers: new Map(people.map((p) => [p.id, p] as const)),
    activeSpeakerId: null,
    routerWith: async () => router,
  };
  meetings.push({
    meeting: { meetingId: `bench-${r}`, room, floor: null, spotlightPeerId: null, screenShare: { sharer: null } },
    people,
  });
}
await sleep(2000);

// The meetings alone, not recorded: what the worker spends on their producers anyway.
const base0 = await workerCpuSeconds(worker);
await sleep(SECONDS * 500);
const baseline = ((await workerCpuSeconds(worker)) - base0) / (SECONDS / 2);

log(`recording ${RECORDINGS} meetings of ${PARTICIPANTS} participants for ${SECONDS} s…`);
const children0 = childrenCpuSeconds();
const worker0 = await workerCpuSeconds(worker);
const started = Date.now();
const recorders = meetings.map(({ meeting }, r) => {
  const dir = join(config.dir, `r${r}`);
  mkdirSync(dir, { recursive: true });
  const recorder = new Recorder({
    live: meeting,
    dir,
    ffmpeg: config.ffmpeg,
    minFreeBytes: () => 0,
    onDiskLow: () => {},
    onEmpty: () => {},
    onResumed: () => {},
  });
  recorder.start();
  return { recorder, dir };
});
let turn = 0;
const floor = setInterval(() => {
  turn++;
  for (const { meeting, people } of meetings) meeting.floor = { peerId: people[turn % people.length]!.id };
}, FLOOR_EVERY_MS);
await sleep(SECONDS * 1000);
clearInterval(floor);
const workerDuring = (await workerCpuSeconds(worker)) - worker0;
const manifests = await Promise.all(recorders.map(({ recorder }) => recorder.stop()));
const elapsed = (Date.now() - started) / 1000;
const recorderCpu = childrenCpuSeconds() - children0;

log('joining the parts of each recording…');
const composed: { wall: number; cpu: number; duration: number; bytes: number }[] = [];
for (const [r, { dir }] of recorders.entries()) {
  const cpu0 = childrenCpuSeconds();
  const t0 = Date.now();
  const file = await finishRecording({
    dir,
    manifest: manifests[r]!,
    chapters: [],
    title: `bench ${r}`,
    ffmpeg: config.ffmpeg,
    ffprobe: config.ffprobe,
    settings: config,
  });
  composed.push({
    wall: (Date.now() - t0) / 1000,
    cpu: childrenCpuSeconds() - cpu0,
    duration: file.durationSeconds,
    bytes: file.bytes,
  });
}

for (const { people } of meetings) for (const p of people) p.replay.kill('SIGKILL');
worker.close();
rmSync(config.dir, { recursive: true, force: true });

const perRecording = {
  recorderCpuPct: (100 * recorderCpu) / elapsed / RECORDINGS,
  workerCpuPct: (100 * (workerDuring / SECONDS - baseline)) / RECORDINGS,
};
const recorded = composed.reduce((sum, c) => sum + c.duration, 0) / 60;
const result = {
  bench: 'recording',
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  recordings: RECORDINGS,
  participants: PARTICIPANTS,
  seconds: SECONDS,
  partsPerRecording: fixed(manifests.reduce((n, m) => n + m.parts.length, 0) / RECORDINGS, 1),
  workerCpuPctBaseline: fixed(100 * baseline, 1),
  recorderCpuPctPerRecording: fixed(perRecording.recorderCpuPct, 2),
  workerCpuPctPerRecording: fixed(perRecording.workerCpuPct, 2),
  recordingsPerCore: Math.floor(100 / Math.max(0.01, perRecording.recorderCpuPct + perRecording.workerCpuPct)),
  joinWallSecondsPerRecordedMinute: fixed(composed.reduce((s, c) => s + c.wall, 0) / recorded, 1),
  joinCpuSecondsPerRecordedMinute: fixed(composed.reduce((s, c) => s + c.cpu, 0) / recorded, 1),
  fileMegabytesPerMinute: fixed(composed.reduce((s, c) => s + c.bytes, 0) / 1e6 / recorded, 2),
};
console.log(JSON.stringify(result));
