// Recording a meeting in real Chromium, through the real server, SFU worker and ffmpeg: three clients whose fake
// cameras each show one colour (red chair, green and blue connection points), 30 s recorded while the floor moves
// twice and one camera goes off and on. The file is read back as a person would: one file, one audio and one video
// stream starting together, as long as the recording, decoding without an error, frames (kept as PNGs) showing
// whoever had the floor after each switch, and audio that is not silent. Then the SFU worker is killed mid-recording:
// the joined file plays through with a gap no longer than the restart (until the camera's packets reach the new
// worker), give or take the 0.1 s the file is sampled at and the wait for the camera's keyframe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { Browser, Page } from 'playwright-core';
import type { NotificationMap } from '../../common/protocol.ts';
import { recordingFileName, type RecordingInfo } from '../../common/recording.ts';
import type { RecordingManifest } from '../../server/recording/Recorder.ts';
import { loadMediasoup } from '../../server/sfu/loadMediasoup.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';
import { audioRmsDb, colourClip, decodeErrors, ffprobe, frameColour, type Colour } from '../helpers/mediaFiles.ts';
import { TestClient } from '../helpers/signallingClient.ts';

const SHOTS = 'test-results/e2e/recording';
const CLIPS = join(tmpdir(), 'phonghop-test-clips');
const RECORD_MS = 30_000;

let t: TestServer;
const browsers: Browser[] = [];
let chair: Participant;
let green: Participant;
let blue: Participant;
let observer: TestClient;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function giveFloor(page: Page, peerId: string): Promise<void> {
  const row = page.locator(`[data-testid="status-entry"][data-participant-id="${peerId}"]`);
  await row.getByTestId('participant-menu').click();
  await row.getByTestId('menu-floor').click();
}

/** The first notification of this kind the observer received after its `from`-th one. */
async function notified<K extends keyof NotificationMap>(
  event: K,
  predicate: (payload: NotificationMap[K]) => boolean,
  from: number,
  timeoutMs: number,
): Promise<NotificationMap[K]> {
  const find = () =>
    observer.received.slice(from).find((r) => r.event === event && predicate(r.payload as NotificationMap[K]))
      ?.payload as NotificationMap[K] | undefined;
  await waitUntil(async () => find() !== undefined, timeoutMs, event);
  return find()!;
}

/** Records from the chair's page, runs `during` (given the start time), stops; returns the finished recording. */
async function record(during: (startedAt: number, from: number) => Promise<void>): Promise<RecordingInfo> {
  const before = (await observer.ok('listRecordings', {})).recordings.length;
  const from = observer.received.length;
  await chair.page.getByTestId('record-start').click();
  const started = await notified('recordingChanged', (c) => c.notice === 'started', from, 10_000);
  const startedAt = Date.parse(started.state.startedAt!);
  for (const p of [chair, green, blue]) {
    await p.page.getByTestId('recording-indicator').waitFor({ timeout: 5000 });
    // The indicator fits the header beside the meeting's long title, and the chair's bar with its recording button
    // fits too: nothing is pushed off a 1280 px window (the header's title once widened the whole room to 1502 px).
    const widest = await p.page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('.meeting > *, .meeting-header > *, .controlbar > *')].map(
          (e) => e.getBoundingClientRect().right,
        ),
      ),
    );
    const width = p.page.viewportSize()!.width;
    assert.ok(widest <= width, `${p.name}: the room reaches ${widest} px in a ${width} px window while recording`);
  }
  await during(startedAt, from);
  await chair.page.getByTestId('record-stop').click();
  await notified('recordingChanged', (c) => c.notice === 'stopped', from, 15_000);
  for (const p of [chair, green, blue]) {
    await waitUntil(async () => (await p.page.getByTestId('recording-indicator').count()) === 0, 5000, 'indicator off');
  }
  const ready = await notified(
    'recordingUpdated',
    (u) => u.recording.status !== 'recording' && u.recording.status !== 'processing',
    from,
    // Joining on two shared cores beside three browsers has taken over 120 s.
    300_000,
  );
  assert.equal(ready.recording.status, 'ready', 'the parts were joined into one file');
  assert.equal((await observer.ok('listRecordings', {})).recordings.length, before + 1);
  return ready.recording;
}

function fileOf(recording: RecordingInfo): string {
  const dir = t.server.services.recordings.dirOf(recording.id);
  const files = readdirSync(dir).filter((f) => /\.(webm|mkv|mp4)$/.test(f));
  assert.deepEqual(files, ['recording.webm'], 'one media file is left: the recording');
  return join(dir, files[0]!);
}

/** Seconds after `from` of the first frame, sampled every 0.1 s, showing `colour`; null if none within `within`. */
function firstShown(file: string, from: number, colour: Colour, within: number): number | null {
  for (let s = 0; s <= within; s += 0.1) {
    if (frameColour(file, from + s, join(SHOTS, 'scan.png')).colour === colour) return s;
  }
  return null;
}

function colourAt(file: string, seconds: number, name: string): Colour {
  const { colour, rgb } = frameColour(file, seconds, join(SHOTS, `${name}.png`));
  console.log(`# frame ${name} at ${seconds.toFixed(1)} s: ${colour} ${rgb.join(',')}`);
  return colour;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const env: Record<string, string> = process.env.STATIC_DIR ? { STATIC_DIR: process.env.STATIC_DIR } : {};
  t = await startTestServer({ delegates: 2, env });
  const [c, s, d1, d2] = t.invitations;
  // One browser per client: the fake camera's clip is a browser-wide flag.
  const join = async (url: string, name: string, colour: 'red' | 'green' | 'blue') => {
    const browser = await launchBrowser([`--use-file-for-fake-video-capture=${colourClip(CLIPS, colour)}`]);
    browsers.push(browser);
    return joinMeeting(browser, url, name);
  };
  chair = await join(c!.url, 'chair', 'red');
  green = await join(d1!.url, 'delegate-1', 'green');
  blue = await join(d2!.url, 'delegate-2', 'blue');
  // The secretary follows over a plain socket: the recording's notices and its list.
  observer = await new TestClient(t.server.url).connected();
  await observer.ok('join', { token: new URL(s!.url).searchParams.get('token')! });
  for (const p of [chair, green, blue]) {
    await waitUntil(async () => (await p.page.getByTestId('tile').count()) === 4, 20_000, `${p.name}: 4 tiles`);
  }
  await chair.page.getByTestId('tab-status').click();
});

after(async () => {
  if (process.env.KEEP_RECORDINGS) {
    const { cpSync } = await import('node:fs');
    cpSync(t.server.services.recordings.config.dir, process.env.KEEP_RECORDINGS, { recursive: true });
  }
  observer?.close();
  for (const p of [chair, green, blue]) await p?.context.close().catch(() => undefined);
  for (const b of browsers) await b.close().catch(() => undefined);
  await t?.stop();
});

describe('recording a meeting into one file', () => {
  it('30 s with the floor moving twice and a camera off and on: one clean file showing each speaker', async () => {
    const marks: Record<string, number> = {};
    const recording = await record(async (startedAt) => {
      const at = (name: string) => (marks[name] = (Date.now() - startedAt) / 1000);
      await sleep(5000);
      await giveFloor(chair.page, 'delegate-1');
      at('floorGreen');
      await sleep(8000);
      await giveFloor(chair.page, 'delegate-2');
      at('floorBlue');
      await sleep(6000);
      await blue.page.getByTestId('cam-toggle').click();
      at('camOff');
      await sleep(4000);
      await blue.page.getByTestId('cam-toggle').click();
      at('camOn');
      // 30 s in all, and at least 4 s after the camera came back (clicks take longer on a loaded machine).
      await sleep(Math.max(4000, startedAt + RECORD_MS - Date.now()));
    });
    const file = fileOf(recording);
    const seconds = (Date.parse(recording.endedAt!) - Date.parse(recording.startedAt)) / 1000;
    const probed = ffprobe(file);
    assert.deepEqual(probed.streams.map((s) => s.codec_type).sort(), ['audio', 'video']);
    const duration = Number(probed.format.duration);
    assert.ok(Math.abs(duration - seconds) <= 1, `file ${duration} s, recording ${seconds} s`);
    assert.ok(seconds >= RECORD_MS / 1000 - 0.5, `recorded for ${seconds} s`);
    const starts = probed.streams.map((s) => Number(s.start_time ?? 0));
    assert.ok(Math.abs(starts[0]! - starts[1]!) <= 0.1, `streams start at ${starts.join(' and ')}`);
    assert.equal(decodeErrors(file), '', 'decodes without errors');
    // How soon the file shows the new picture (sampled every 0.1 s; printed, for docs/recording.md).
    for (const [mark, colour] of [
      ['floorGreen', 'green'],
      ['floorBlue', 'blue'],
      ['camOn', 'blue'],
    ] as const) {
      const shown = firstShown(file, marks[mark]!, colour, 3);
      console.log(`# ${mark}: ${colour} shown ${shown === null ? 'not within 3 s' : `${shown.toFixed(1)} s`} after`);
    }
    assert.equal(colourAt(file, marks.floorGreen! + 2.5, 'after-floor-to-green'), 'green');
    assert.equal(colourAt(file, marks.floorBlue! + 2.5, 'after-floor-to-blue'), 'blue');
    assert.equal(colourAt(file, marks.camOff! + 2, 'blue-camera-off'), 'black');
    assert.equal(colourAt(file, marks.camOn! + 3, 'blue-camera-on-again'), 'blue');
    const rms = audioRmsDb(file);
    assert.ok(rms > -50, `the mixed audio is not silent (RMS ${rms} dB)`);
    assert.ok(probed.chapters.length >= 3, 'chapters: the start and both speakers');
    assert.equal(recording.sha256?.length, 64);
    // In the room: the chair sees the recording in the list, with its start and duration.
    await chair.page.getByTestId('recordings-open').click();
    const item = chair.page.locator(`[data-testid="recording-item"][data-recording-id="${recording.id}"]`);
    await item.waitFor({ timeout: 5000 });
    assert.ok(Math.abs(Number(await item.getAttribute('data-duration-s')) - duration) < 0.2);
    // Its start in Vietnam time, as every screen shows times, whatever the computer's zone (this Chromium's is UTC).
    const vietnam = new Date(Date.parse(recording.startedAt) + 7 * 3600_000).toISOString().slice(11, 19);
    assert.match((await item.textContent()) ?? '', new RegExp(`Bắt đầu lúc ${vietnam}`));
    await chair.page.getByTestId('recordings-open').click();
    // In the minutes: the same recording among the attachments, under the name it is filed by, with its length and
    // size, and its download is the file.
    await chair.page.getByTestId('minutes-open').click();
    await chair.page.getByTestId('minutes-tab-attachments').click();
    const attached = chair.page.locator(
      `[data-testid="minutes-attachments"] [data-testid="recording-item"][data-recording-id="${recording.id}"]`,
    );
    await attached.waitFor({ timeout: 5000 });
    assert.ok(Math.abs(Number(await attached.getAttribute('data-duration-s')) - duration) < 0.2);
    assert.equal(Number(await attached.getAttribute('data-bytes')), recording.bytes);
    const name = recordingFileName(recording.startedAt);
    assert.equal(await attached.getByTestId('attachment-name').textContent(), name);
    await chair.page.screenshot({ path: join(SHOTS, 'minutes-attachments.png') });
    const [downloaded] = await Promise.all([
      chair.page.waitForEvent('download'),
      attached.getByTestId('recording-download').click(),
    ]);
    assert.equal(downloaded.suggestedFilename(), name);
    assert.equal(statSync(await downloaded.path()).size, recording.bytes);
    await chair.page.getByTestId('minutes-open').click();
  });

  it('the SFU worker killed mid-recording: the joined file plays through, its gap no longer than the restart', async () => {
    const marks: Record<string, number> = {};
    const recording = await record(async (startedAt, from) => {
      await giveFloor(chair.page, 'delegate-1');
      await sleep(6000);
      // Restarted once delegate-1's camera reaches the SFU again: produced anew on the new worker (signalling), then
      // its first stream there (its packets: the client's new transport connected, ICE and DTLS), to the millisecond
      // (the producer's first score). No recorder can write earlier.
      const stopWatching = await onCameraStream((at) => (marks.restarted ??= (at - startedAt) / 1000));
      const dead = t.server.pool.workers()[0]!.pid;
      process.kill(dead, 'SIGKILL');
      marks.killed = (Date.now() - startedAt) / 1000;
      await waitUntil(async () => greenProducedAfter(dead), 30_000, 'the camera produced after the worker restart');
      marks.produced = (Date.now() - startedAt) / 1000;
      await waitUntil(
        async () => marks.restarted !== undefined,
        30_000,
        'the camera’s packets reaching the new worker',
      );
      stopWatching();
      // Everyone is told the recording goes on.
      await notified('recordingChanged', (c) => c.notice === 'resumed' && c.state.active, from, 15_000);
      await sleep(8000);
    });
    const file = fileOf(recording);
    const seconds = (Date.parse(recording.endedAt!) - Date.parse(recording.startedAt)) / 1000;
    const duration = Number(ffprobe(file).format.duration);
    assert.ok(Math.abs(duration - seconds) <= 1, `file ${duration} s, recording ${seconds} s`);
    assert.equal(decodeErrors(file), '', 'the joined file decodes without errors');
    assert.equal(colourAt(file, marks.killed! - 1.5, 'before-worker-kill'), 'green');
    // The gap: the frames from the kill on that are not delegate-1's, sampled every 0.1 s (the file has 15 a second).
    const restart = marks.restarted! - marks.killed!;
    let gapFrom: number | null = null;
    let gapTo: number | null = null;
    for (let s = marks.killed! - 1.5; s < duration - 0.5 && gapTo === null; s += 0.1) {
      const green = colourAt(file, s, `gap-${s.toFixed(1)}`) === 'green';
      if (!green) gapFrom ??= s;
      // A gap that ended before the kill is not the restart's (it was taken for it, and the restart's went
      // unmeasured): it is reported, and the gap looked for goes on.
      else if (gapFrom !== null && s <= marks.killed!) {
        console.log(
          `# a gap before the kill: ${(gapFrom - marks.killed!).toFixed(2)} to ${(s - marks.killed!).toFixed(2)} s`,
        );
        gapFrom = null;
      } else if (gapFrom !== null) gapTo = s;
    }
    assert.ok(gapFrom !== null && gapTo !== null, 'a gap that ends');
    const gap = gapTo - gapFrom;
    const parts = JSON.parse(
      readFileSync(join(t.server.services.recordings.dirOf(recording.id), 'parts.json'), 'utf8'),
    ) as RecordingManifest;
    const since = (at: number) => `${((at - parts.startedAt) / 1000 - marks.killed!).toFixed(2)} s`;
    for (const p of parts.parts.filter((x) => x.openedAt > parts.startedAt + marks.killed! * 1000)) {
      console.log(`# after the kill: ${p.kind} part of ${p.peerId} opened at +${since(p.openedAt)}`);
    }
    console.log(
      `# worker restart: delegate-1's camera produced again ${(marks.produced! - marks.killed!).toFixed(2)} s after ` +
        `the kill, its packets at the SFU again after ${restart.toFixed(2)} s; ` +
        `the file's gap is ${gap.toFixed(2)} s (from +${(gapFrom - marks.killed!).toFixed(2)} s to ` +
        `+${(gapTo - marks.killed!).toFixed(2)} s after the kill)`,
    );
    // The recorder's consumer of the camera is made, forwarding, as the camera is produced again, without a bandwidth
    // estimator (docs/recording.md): it takes the camera's first keyframe, or the one it asks for then (0.00-0.16 s
    // after the first packets, traced over 16 restarts). The margin is that wait and the 0.1 s sampling. Measured
    // (gap minus restart): -0.26, -0.01 s with the restart polled every 0.1 s, then -0.10, 0.00, -0.11 s to the
    // millisecond. Before, the old second came back now and then (+1.15 s in a CI run): the estimator mediasoup gave
    // the recorder's transport chose its layer at its own rounds.
    assert.ok(gap <= restart + 0.3, `gap ${gap.toFixed(2)} s for a restart of ${restart.toFixed(2)} s`);
    assert.equal(colourAt(file, duration - 2, 'after-worker-restart'), 'green');
  });
});

/** Calls `at` with the time each camera of delegate-1 made on a worker started from now on first has a stream. */
async function onCameraStream(at: (ms: number) => void): Promise<() => void> {
  const { observer } = await loadMediasoup();
  const onWorker = (worker: types.Worker) =>
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newproducer', (producer) => {
          const { peerId, source } = producer.appData as { peerId?: string; source?: string };
          if (peerId === 'delegate-1' && source === 'cam') producer.once('score', () => at(Date.now()));
        }),
      ),
    );
  observer.on('newworker', onWorker);
  return () => observer.off('newworker', onWorker);
}

/** Whether delegate-1's camera is produced again on a worker other than the one killed. */
function greenProducedAfter(deadPid: number): boolean {
  const room = t.server.services.live.peek(t.meeting.id)?.room;
  const peer = room?.peers.get('delegate-1');
  const cam = peer?.producerFor('cam');
  if (!room || !cam || cam.closed) return false;
  return room.mediaRouters().every((r) => r.workerPid !== deadPid);
}
