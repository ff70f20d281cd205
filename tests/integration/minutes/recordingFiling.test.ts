// A meeting's recording is filed with its minutes: recorded through the real server, SFU worker and ffmpeg, joined
// into one file, then the record is written, finalised, signed by the secretary and the chair (demo identities)
// and filed into the embedded archive, which keeps the recording beside the PDF and lists it with its SHA-256.
// Needs ffmpeg (and what sign.test.ts needs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../../../server/archive/DocumentArchive.ts';
import { EmbeddedArchive } from '../../../server/archive/embedded.ts';
import { DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { ensureDemoIdentities, type DemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { recordingFileName } from '../../../server/recording/recordingAttachments.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { cast, writeFinaliseAndSign, type Cast } from './minutesCast.ts';

let dir = '';
let demo: DemoIdentities;
let t: TestServer;
let c: Cast;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recording-filing-'));
  demo = ensureDemoIdentities(join(dir, 'demo'), DEMO_SIGNERS);
  t = await startTestServer({ delegates: 1 });
  c = await cast(t, demo);
});
after(async () => {
  c?.syncs.forEach((s) => s.destroy());
  [c?.secretary, c?.chair, c?.delegate].forEach((p) => p?.client.close());
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the recording filed with the minutes', () => {
  it('the embedded archive keeps the recording beside the signed PDF, listed with its SHA-256', async () => {
    await c.chair.request('startRecording', {});
    await new Promise((r) => setTimeout(r, 2000));
    const ready = c.chair.client.waitFor('recordingUpdated', (u) => u.recording.status === 'ready', 60_000);
    await c.chair.request('stopRecording', {});
    const { recording } = await ready;
    assert.equal(recording.sha256?.length, 64);

    await writeFinaliseAndSign(c);
    const filed = c.secretary.client.waitFor('minutesChanged', (v) => v.state === 'filed', 30_000);
    await c.secretary.request('minutesFile', {});
    await filed;

    const archive = new EmbeddedArchive(t.server.services.config.minutes.archive.dir);
    const [entry] = await archive.versions('15/BB-VPB');
    const listed = entry!.attachments!.find((a) => a.name.endsWith('.webm'));
    assert.ok(listed, `attachments: ${entry!.attachments!.map((a) => a.name).join(', ')}`);
    assert.equal(listed.sha256, recording.sha256);
    assert.match(listed.name, new RegExp(recordingFileName(recording.startedAt).replace('.webm', '')));
    assert.equal(sha256(await archive.read(entry!.id, listed.name)), recording.sha256);
  });
});
