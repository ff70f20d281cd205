// The server's two run modes, as child processes of the real entry point (`node --import tsx server/main.ts`, as
// `npm start` and `npm run demo` run it) on data folders of the test's. `npm start` seeds nothing: an empty folder
// gets exactly one setup link on stdout, which works once, and a second start after the setup prints nothing. The
// demo prints its accounts and invitations as JSON lines, and last month's briefing comes out of the background
// seeding with signed, filed minutes: filed in the secretary's history, its PDF signed three times by the demo CA
// (secretary, chair, the agency), its text found by search — and a second demo start on the same folder adds nothing.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import type { MeetingSummary, SearchResponse } from '../../common/office.ts';
import { DATABASE_FILE } from '../../server/storage/database.ts';
import { verifyPdfSignatures } from '../../server/minutes/verify.ts';
import { OfficeClient } from '../helpers/officeClient.ts';

interface ServerProcess {
  child: ChildProcess;
  url: string;
  stdout: string[];
  stderr: string[];
}

const running = new Set<ChildProcess>();
const folders: string[] = [];
after(() => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'run-modes-'));
  folders.push(dir);
  return dir;
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the entry point with `args` on `dataDir`; resolves once it has said where it serves (stderr). */
async function start(dataDir: string, args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      HTTP_ONLY: '1',
      SFU_WORKERS: '1',
      DEMO_DELEGATES: '2',
      RTC_MIN_PORT: '40000',
      RTC_MAX_PORT: '49999',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const server: ServerProcess = { child, url: '', stdout: [], stderr: [] };
  createInterface({ input: child.stdout! }).on('line', (line) => server.stdout.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    server.stderr.push(line);
    const served = /^Phòng họp số: (\S+) /.exec(line);
    if (served) server.url = served[1]!;
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  await waitFor(
    () => {
      if (exited()) assert.fail(`the server exited (${child.exitCode}):\n${server.stderr.join('\n')}`);
      return server.url !== '';
    },
    'the server to start',
    60_000,
  );
  return server;
}

/** SIGTERM, as Ctrl+C: the server closes and exits 0; every line it printed has been read. */
async function stop(server: ServerProcess): Promise<void> {
  const exit = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  const closed = new Promise((resolve) => server.child.stdout!.once('close', resolve));
  server.child.kill('SIGTERM');
  assert.equal(await exit, 0, server.stderr.join('\n'));
  await closed;
}

function query<T>(dataDir: string, sql: string, ...params: unknown[]): T {
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

const SETUP_LINE = /^Thiết lập lần đầu \([^)]*\): (https?:\/\/\S+)\/setup\?token=([A-Za-z0-9_-]+)$/;

describe('npm start: the real server seeds nothing', () => {
  it('prints one setup link on an empty folder, which works once; after the setup it prints none', async () => {
    const dataDir = dataFolder();
    const first = await start(dataDir, []);
    await waitFor(() => first.stdout.length > 0, 'the setup link', 10_000);
    const [line] = first.stdout;
    const match = SETUP_LINE.exec(line!);
    assert.ok(match, `a setup link: ${line}`);
    assert.equal(match[1], first.url);
    const token = match[2]!;
    assert.deepEqual(query(dataDir, 'SELECT COUNT(*) AS n FROM meetings'), { n: 0 }, 'no meeting');
    assert.deepEqual(query(dataDir, 'SELECT COUNT(*) AS n FROM users'), { n: 0 }, 'no account');

    const client = new OfficeClient(first.url);
    assert.equal((await client.call('/api/setup')).body.needsSetup, true);
    const form = {
      token,
      agency: { name: 'Sở Khoa học và Công nghệ tỉnh Lào Cai', code: '000.00.11.H29', parent: 'UBND tỉnh Lào Cai' },
      admin: { username: 'quantri', displayName: 'Quản trị hệ thống', password: 'Mật-khẩu-quản-trị-2026' },
    };
    const done = await client.call('/api/setup', { body: form });
    assert.equal(done.status, 201, JSON.stringify(done.body));
    const again = await new OfficeClient(first.url).call('/api/setup', {
      body: { ...form, admin: { ...form.admin, username: 'quantri2' } },
    });
    assert.ok(again.status >= 400 && again.status < 500, `the link works once (${again.status})`);
    assert.equal((await client.call('/api/setup')).body.needsSetup, false);
    await stop(first);
    assert.equal(first.stdout.length, 1, `stdout is the setup link only:\n${first.stdout.join('\n')}`);
    assert.ok(!first.stdout.some((l) => l.includes('/join?token=')), 'no invitation link');

    const second = await start(dataDir, []);
    // The setup link would follow the "serving at" line at once; wait a little longer than that to be sure.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await stop(second);
    assert.deepEqual(second.stdout, [], 'nothing on stdout once the agency is set up');
    assert.deepEqual(query(dataDir, 'SELECT COUNT(*) AS n FROM meetings'), { n: 0 });
  });
});

describe('npm run demo: a sample agency with last month on the record', () => {
  it('prints accounts and invitations as JSON lines; the past briefing is filed, signed and searchable', async () => {
    const dataDir = dataFolder();
    const demo = await start(dataDir, ['--demo', '--json']);
    const lines = () => demo.stdout.map((l) => JSON.parse(l) as Record<string, string>);
    // chair, secretary and the two delegates' connection points
    await waitFor(() => lines().filter((l) => 'url' in l).length === 4, 'the four invitations', 90_000);
    const accounts = lines().filter((l) => 'username' in l);
    const invitations = lines().filter((l) => 'url' in l);
    assert.equal(accounts.length + invitations.length, demo.stdout.length, 'nothing else on stdout');
    for (const a of accounts) assert.deepEqual(Object.keys(a).sort(), ['password', 'role', 'username']);
    for (const i of invitations) assert.deepEqual(Object.keys(i).sort(), ['name', 'role', 'url']);
    assert.deepEqual(
      ['admin', 'secretary', 'chair'].map((role) => accounts.find((a) => a.role === role)?.username),
      ['quantri', 'thuky', 'chutri'],
    );
    assert.equal(accounts.filter((a) => a.role === 'connection_point').length, 34);
    assert.deepEqual(invitations.map((i) => i.role).sort(), ['chair', 'delegate', 'delegate', 'secretary']);
    assert.ok(invitations.every((i) => i.url!.startsWith(`${demo.url}/join?token=`)));

    const secretary = new OfficeClient(demo.url);
    assert.equal((await secretary.signIn('thuky', 'PhongHop@2026')).status, 200);
    let past: MeetingSummary | undefined;
    await waitFor(
      async () => {
        const { body } = await secretary.call<{ meetings: MeetingSummary[] }>('/api/history');
        past = body.meetings.find((m) => m.title.endsWith('— kỳ trước'));
        return past?.minutesState === 'filed';
      },
      () => `the past briefing's minutes to be filed:\n${demo.stderr.join('\n')}`,
      120_000,
    );
    const id = encodeURIComponent(past!.id);
    const record = await secretary.call(`/api/meetings/${id}/record`);
    assert.equal(record.body.minutes.state, 'filed');
    assert.match(record.body.minutes.filing, /^embedded:/);
    assert.ok(record.body.attendance.length >= 3, 'who came and went is on the record');

    const pdf = await fetch(`${demo.url}/api/meetings/${id}/minutes.pdf`, {
      headers: { cookie: secretary.cookie!, origin: demo.url },
    });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const ca = new X509Certificate(readFileSync(join(dataDir, 'signing', 'demo', 'demo-ca.pem')));
    const verified = verifyPdfSignatures(bytes, [ca]);
    assert.deepEqual(
      verified.signatures.map((s) => [s.signerName, s.valid, s.trusted]),
      [
        ['Lê Thị Thu Hà', true, true],
        ['Trần Quốc Khánh', true, true],
        ['Bộ Khoa học và Công nghệ', true, true], // the agency's, with its demo seal
      ],
    );
    assert.ok(verified.intact);

    const search = await secretary.call<SearchResponse>(`/api/search?q=${encodeURIComponent('giai ngan von')}`);
    assert.ok(
      search.body.results.some((r) => r.meetingId === past!.id && r.kind === 'minutes'),
      `the minutes' text is found: ${JSON.stringify(search.body)}`,
    );

    const pastId = past!.id;
    const snapshot = () => ({
      past: query<{ n: number }>(dataDir, `SELECT COUNT(*) AS n FROM meetings WHERE title LIKE '%kỳ trước'`).n,
      attendance: query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM attendance WHERE meeting_id = ?', pastId).n,
      versions: query<{ n: number }>(
        dataDir,
        'SELECT COUNT(*) AS n FROM minutes_versions v JOIN minutes m ON m.id = v.minutes_id WHERE m.meeting_id = ?',
        pastId,
      ).n,
    });
    const before = snapshot();
    assert.equal(before.past, 1);
    await stop(demo);

    const again = await start(dataDir, ['--demo', '--json']);
    await waitFor(
      () => again.stderr.some((l) => l.includes('biên bản kỳ trước ở trạng thái filed')),
      () => `the second start to look at the past briefing:\n${again.stderr.join('\n')}`,
      60_000,
    );
    await stop(again);
    assert.deepEqual(snapshot(), before, 'seeding again adds nothing to last month');
  });
});
