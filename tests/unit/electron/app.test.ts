// The real desktop app, launched with Playwright's Electron driver against a stand-in server page: the bridge is
// exposed, Node is not, the CSP blocks inline script, the window cannot be navigated or opened elsewhere, it opens the
// server's home page (never an invitation) and hands a join link to the page, it takes its server from the
// installation's config.json over the user's settings, and with neither it shows the first-run page, which saves the
// user's settings. Needs the Electron binary, which `npm install` downloads only where install scripts may run;
// without it every test here is reported as skipped, never passed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ElectronApplication, Page } from 'playwright';

const NO_BINARY = 'skipped: no electron binary';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'eyJtIjoibTEifQ.c2lnbmF0dXJl_-x';

/** The path the `electron` package would return, if its binary was actually downloaded. */
function electronBinary(): string | null {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const binary = join(distDir, readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skip = binary === null ? NO_BINARY : false;

// The page subscribes to join links from a script file (the CSP allows the app origin's scripts, not inline ones).
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>stand-in</title>
<script src="/app.js"></script></head>
<body><p id="ok">Phòng họp số</p><script>window.inlineRan = true;</script></body></html>`;
const SCRIPT = 'window.phonghop.onJoinLink((joinUrl) => { window.received = joinUrl; });';

let server: Server | null = null;
let origin = '';
let scratch = '';

before(async () => {
  if (binary === null) return;
  server = createServer((req, res) => {
    const script = req.url === '/app.js';
    res.writeHead(200, { 'Content-Type': script ? 'text/javascript' : 'text/html; charset=utf-8' });
    res.end(script ? SCRIPT : PAGE);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scratch = await mkdtemp(join(tmpdir(), 'phonghop-app-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'electron/tsconfig.json'], { cwd: root });
});
after(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Launches the app with its own profile; the installation file is `config` (absent unless written by the test). */
async function launch(options: { env?: Record<string, string>; args?: string[]; profile?: string; config?: string }) {
  const { _electron } = await import('playwright');
  const profile = options.profile ?? (await mkdtemp(join(scratch, 'profile-')));
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.PHONGHOP_SERVER_URL;
  delete env.PHONGHOP_SERVER_CA_SHA256;
  return _electron.launch({
    executablePath: binary!,
    args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...(options.args ?? [])],
    env: {
      ...env,
      PHONGHOP_USER_DATA_DIR: profile,
      PHONGHOP_CONFIG: options.config ?? join(scratch, 'no-config.json'),
      ...options.env,
    },
  });
}

describe('desktop app', () => {
  let app: ElectronApplication | null = null;
  let page: Page | null = null;

  before(async () => {
    if (binary === null) return;
    app = await launch({ env: { PHONGHOP_SERVER_URL: origin }, args: [`phonghop://join/${TOKEN}`] });
    page = await app.firstWindow();
    await page.waitForSelector('#ok');
  });
  after(async () => {
    await app?.close();
  });

  it('exposes the bridge and no Node to the page', { skip }, async () => {
    const seen = await page!.evaluate(() => ({
      platform: (window as unknown as { phonghop?: { platform: string } }).phonghop?.platform,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    assert.deepEqual(seen, { platform: 'electron', require: 'undefined', process: 'undefined' });
  });

  it('answers bridge calls from the app page', { skip }, async () => {
    const documents = await page!.evaluate(() =>
      (window as unknown as { phonghop: { listCachedDocuments(): Promise<unknown[]> } }).phonghop.listCachedDocuments(),
    );
    assert.deepEqual(documents, []);
  });

  it('enforces the CSP: inline script does not run', { skip }, async () => {
    assert.equal(await page!.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan), undefined);
  });

  it('opens the home page, not the invitation, and hands the link to the page', { skip }, async () => {
    assert.equal(page!.url(), `${origin}/`);
    await page!.waitForFunction(() => (window as unknown as { received?: string }).received !== undefined);
    const received = await page!.evaluate(() => (window as unknown as { received?: string }).received);
    assert.equal(received, `${origin}/join?token=${TOKEN}`);
    assert.equal(page!.url(), `${origin}/`, 'handed over, not loaded');
  });

  it('keeps the window on the app origin', { skip }, async () => {
    await page!.evaluate(() => {
      window.location.href = 'http://example.com/'; // not https: blocked without opening a browser
    });
    await page!.waitForTimeout(500);
    assert.ok(page!.url().startsWith(origin), page!.url());
    assert.equal(await page!.evaluate(() => window.open('http://example.com/') === null), true);
    assert.equal(app!.windows().length, 1);
  });
});

describe('desktop app configuration', () => {
  it('takes the server from the installation file over the user settings', { skip }, async () => {
    const profile = await mkdtemp(join(scratch, 'profile-'));
    await writeFile(join(profile, 'settings.json'), JSON.stringify({ serverUrl: 'https://user.example' }));
    const config = join(scratch, 'installation.json');
    await writeFile(config, JSON.stringify({ serverUrl: origin }));
    const app = await launch({ profile, config });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('#ok');
      assert.equal(page.url(), `${origin}/`);
    } finally {
      await app.close();
    }
  });

  it('shows the first-run page without a configuration, saves the answer and opens the server', { skip }, async () => {
    const profile = await mkdtemp(join(scratch, 'profile-'));
    const app = await launch({ profile });
    try {
      const setup = await app.firstWindow();
      assert.match(setup.url(), /^file:.*\/electron\/setup\/setup\.html$/);
      await setup.fill('#serverUrl', `${origin}/`);
      const opened = app.waitForEvent('window');
      await setup.click('#submit');
      const main = await opened;
      await main.waitForSelector('#ok');
      assert.equal(main.url(), `${origin}/`);
      assert.deepEqual(JSON.parse(await readFile(join(profile, 'settings.json'), 'utf8')), { serverUrl: origin });
    } finally {
      await app.close();
    }
  });
});
