// Backup and restore (scripts/backup.mjs, what the installed `phonghop backup` / `phonghop restore` run) against the
// real server as a child process: today's briefing gets a shared stroke and minutes text over real sockets, last
// month's briefing has its signed minutes filed into the embedded archive (the demo's seeding); the backup is taken
// while the server runs, the data folder is deleted, restored, and a (non-demo) server started on it finds all three
// — and not a stroke drawn after the backup.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Y from 'yjs';
import { currentVersion, type DocRef, type SyncRef } from '../../common/documents.ts';
import { findSection } from '../../common/minutesDoc.ts';
import { DocSync } from '../../renderer/features/documents/syncClient.ts';
import { DEMO_PASSWORD } from '../../server/demo/seedAgency.ts';
import { freePort, killAllDemoProcesses, startDemoProcess } from '../helpers/demoProcess.ts';
import { OfficeClient } from '../helpers/officeClient.ts';
import { SyncParticipant } from '../helpers/syncParticipant.ts';

const root = new URL('../../', import.meta.url);
const MINUTES_TEXT = 'Thư ký ghi trước khi sao lưu: các địa phương báo cáo tiến độ giải ngân.';
let work = '';
let dataDir = '';
const open: { close(): void }[] = [];
const children: ChildProcess[] = [];

const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Runs scripts/backup.mjs as the bundle's `phonghop` does, without blocking this process's sockets meanwhile. */
function backupCli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/backup.mjs', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function backupOk(...args: string[]): Promise<string> {
  const run = await backupCli(...args);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

async function syncOf(person: SyncParticipant, ref: SyncRef): Promise<DocSync> {
  const sync = new DocSync(person, ref, { batchMs: 10 });
  open.push({ close: () => sync.destroy() });
  await until(() => sync.status === 'synced', 'the document to sync');
  return sync;
}

async function joinAs(url: string, token: string): Promise<SyncParticipant> {
  const person = await SyncParticipant.join(url, token);
  open.push(person);
  return person;
}

const discussion = (sync: DocSync) => findSection(sync.doc, 'section-1')?.get('discussion') as Y.Text | undefined;
const strokes = (sync: DocSync) => sync.doc.getMap('strokes');
/** A pen mark as the renderer draws one: the server accepts marks only as their author's own. */
const mark = (by: SyncParticipant, id: string, page: number) => ({
  id,
  page,
  kind: 'pen',
  color: '#c0392b',
  width: 0.003,
  points: [0.1, 0.2, 0.3, 0.4],
  author: by.self.id,
  authorName: by.self.name,
  at: Date.parse('2026-01-15T02:00:00Z'),
});
const settled = (sync: DocSync, what: string) =>
  until(() => sync.pendingCount === 0, `the server to store ${what} (${sync.status})`);

/** The past briefing whose minutes are filed, and its signed PDF's SHA-256, as the secretary sees them. */
async function filedRecord(url: string): Promise<{ id: string; pdfSha256: string }> {
  const office = new OfficeClient(url);
  assert.equal((await office.signIn('thuky', DEMO_PASSWORD)).status, 200);
  let found: { id: string; pdfUrl: string } | null = null;
  await until(
    async () => {
      const history = await office.call<{ meetings: { id: string }[] }>('/api/history');
      for (const { id } of history.body.meetings) {
        const record = await office.call(`/api/meetings/${encodeURIComponent(id)}/record`);
        if (record.body.minutes?.state === 'filed') found = { id, pdfUrl: record.body.minutes.pdfUrl };
      }
      return found !== null;
    },
    "the past briefing's minutes to be filed",
    90_000,
  );
  const { id, pdfUrl } = found!;
  const response = await fetch(`${url}${pdfUrl}`, { headers: { cookie: office.cookie ?? '' } });
  assert.equal(response.status, 200);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { id, pdfSha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The real server, not the demo: it adds nothing to a restored folder. Resolves once /healthz answers. */
async function startServer(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', HTTP_ONLY: '1', SFU_WORKERS: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const answers = async () => {
    if (child.exitCode !== null) assert.fail(`the server exited (${child.exitCode}):\n${stderr}`);
    return (await fetch(`${url}/healthz`).catch(() => null))?.ok === true;
  };
  await until(answers, 'the server', 120_000);
  return url;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'phonghop-backup-'));
  dataDir = join(work, 'data');
});
after(async () => {
  for (const o of open) o.close();
  for (const child of children) await stop(child);
  killAllDemoProcesses();
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('a meeting with strokes, minutes and a filed record survives backup → wipe → restore', async () => {
    const demo = await startDemoProcess(dataDir);
    const record = await filedRecord(demo.url);
    const chair = await joinAs(demo.url, demo.tokens.get('chair')!);
    const { documents } = await chair.request('listDocuments', {});
    assert.ok(documents.length > 0, "today's briefing has agenda documents");
    const ref: DocRef = {
      documentId: documents[0]!.id,
      version: currentVersion(documents[0]!).version,
      layer: 'shared',
    };
    const drawn = await syncOf(chair, ref);
    strokes(drawn).set('before-backup', mark(chair, 'before-backup', 1));
    await settled(drawn, 'the stroke');
    const secretary = await joinAs(demo.url, demo.tokens.get('secretary')!);
    await secretary.request('minutesOpen', {});
    const minutes = await syncOf(secretary, { layer: 'minutes' });
    await until(() => discussion(minutes) !== undefined, 'the minutes sections');
    discussion(minutes)!.insert(0, MINUTES_TEXT);
    await settled(minutes, 'the minutes text');

    const file = join(work, 'backup.tar.gz');
    assert.equal(await backupOk('backup', file), file);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the backup holds secrets: readable by its owner only');
    strokes(drawn).set('after-backup', mark(chair, 'after-backup', 2));
    await settled(drawn, 'the later stroke');
    for (const o of open.splice(0)) o.close();
    await stop(demo.child);

    rmSync(dataDir, { recursive: true, force: true });
    assert.equal(existsSync(dataDir), false);
    assert.equal(await backupOk('restore', file), dataDir);
    assert.ok(readdirSync(join(dataDir, 'archive'), { recursive: true }).length > 0, 'the embedded archive is back');

    const url = await startServer();
    const chairAgain = await joinAs(url, demo.tokens.get('chair')!);
    const again = await syncOf(chairAgain, ref);
    await until(() => strokes(again).has('before-backup'), 'the stroke drawn before the backup');
    assert.deepEqual(strokes(again).get('before-backup'), mark(chairAgain, 'before-backup', 1));
    assert.equal(strokes(again).has('after-backup'), false, 'the restore is the backup, not what came after');
    const secretaryAgain = await joinAs(url, demo.tokens.get('secretary')!);
    const minutesAgain = await syncOf(secretaryAgain, { layer: 'minutes' });
    await until(() => discussion(minutesAgain)?.toString().includes(MINUTES_TEXT) === true, 'the minutes text');
    assert.deepEqual(await filedRecord(url), record, 'the filed record and its signed PDF, byte for byte');
    for (const o of open.splice(0)) o.close();
    await stop(children.at(-1)!);
  });

  it('refuses to restore under a running server, and keeps the data it would replace', async () => {
    const url = await startServer();
    const file = join(work, 'backup.tar.gz');
    const refused = await backupCli('restore', file);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /the server is running on .* stop it first/);
    assert.ok((await fetch(`${url}/healthz`)).ok);
    await stop(children.at(-1)!);
    await backupOk('restore', file);
    const aside = readdirSync(work).filter((name) => name.startsWith('data.before-restore-'));
    assert.equal(aside.length, 1, 'the replaced data folder is kept aside');
  });
});
