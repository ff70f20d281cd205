// The real desktop app, launched with Playwright's Electron driver against a stand-in server page: the bridge is
// exposed, Node is not, the CSP blocks inline script, and the window cannot be navigated or opened elsewhere.
// Needs the Electron binary, which `npm install` downloads only where install scripts may run; without it every test
// here is reported as skipped, never passed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>stand-in</title></head>
<body><p id="ok">Phòng họp số</p><script>window.inlineRan = true;</script></body></html>`;

describe('desktop app', () => {
  let server: Server | null = null;
  let origin = '';
  let userData = '';
  let app: ElectronApplication | null = null;
  let page: Page | null = null;

  before(async () => {
    if (binary === null) return;
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userData = await mkdtemp(join(tmpdir(), 'phonghop-app-'));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', 'electron/tsconfig.json'], { cwd: root });
    const { _electron } = await import('playwright');
    app = await _electron.launch({
      executablePath: binary,
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, PHONGHOP_SERVER_URL: origin, PHONGHOP_USER_DATA_DIR: userData },
    });
    page = await app.firstWindow();
    await page.waitForSelector('#ok');
  });

  after(async () => {
    await app?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (userData) await rm(userData, { recursive: true, force: true });
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
