// The first-run page as a real Chromium renders it: its CSP runs no script at all (the style is allowed by hash, and
// still matches), it has a message for every answer the main process can give, and its preload — the compiled
// electron/preload/setup.cts, with a stand-in for the IPC call that only Electron provides — sends the two fields
// over the setup channel and shows the answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import ts from 'typescript';
import { SETUP_CHANNEL, SETUP_ERRORS } from '../../../electron/main/setup.ts';
import { CHROMIUM } from '../../helpers/browser.ts';

const PAGE_PATH = fileURLToPath(new URL('../../../electron/setup/setup.html', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../../../electron/preload/setup.cts', import.meta.url));
const html = readFileSync(PAGE_PATH, 'utf8');
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

describe('setup page, as written', () => {
  it('allows its one style block by hash and nothing else', () => {
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    assert.equal(styles.length, 1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    assert.equal(
      csp,
      `default-src 'none'; script-src 'none'; style-src 'sha256-${hash}'; form-action 'none'; base-uri 'none'`,
    );
    assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i, 'no script, handler attribute or script URL');
  });

  it('has a message for every answer of the main process', () => {
    const messages = new Set([...html.matchAll(/data-message="([a-z_]+)"/g)].map((m) => m[1]));
    for (const code of ['saving', 'saved', ...SETUP_ERRORS]) assert.ok(messages.has(code), code);
  });

  it('has a preload that exposes nothing to the page and loads without a document', () => {
    const exposed: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string) => exposed.push(key) },
      ipcRenderer: { invoke: async () => undefined },
    };
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const originalLoad = loader._load;
    loader._load = function (request, ...rest) {
      return request === 'electron' ? fakeElectron : originalLoad.call(this, request, ...rest);
    };
    try {
      const preload = createRequire(import.meta.url)(PRELOAD_PATH) as { wireSetupForm: unknown };
      assert.equal(typeof preload.wireSetupForm, 'function');
      assert.deepEqual(exposed, []);
    } finally {
      loader._load = originalLoad;
    }
  });
});

describe('setup page in Chromium', { skip }, () => {
  let browser: Browser;
  let page: Page;
  /** The preload as tsc emits it (CommonJS), run in the page with `require('electron')` answered by the test. */
  const preload = ts.transpileModule(readFileSync(PRELOAD_PATH, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
  });

  /** Opens the page and runs the preload; each IPC call is recorded and answered with the next scripted answer. */
  async function open(answers: Array<{ value: unknown } | { reject: string }>): Promise<void> {
    page = await browser.newPage();
    await page.goto(pathToFileURL(PAGE_PATH).href);
    // A string, not a function: tsx would add a `__name` helper to named functions that Chromium does not have.
    // The preload runs as the sandbox would run it: a CommonJS function whose only import is 'electron'.
    await page.evaluate(`(() => {
      window.calls = [];
      const scripted = ${JSON.stringify(answers)};
      const ipcRenderer = {
        invoke(...args) {
          window.calls.push(args);
          const next = scripted.shift();
          return next && 'reject' in next ? Promise.reject(new Error(next.reject)) : Promise.resolve(next && next.value);
        },
      };
      const module = { exports: {} };
      new Function('require', 'module', 'exports', ${JSON.stringify(preload)})(() => ({ ipcRenderer }), module, module.exports);
    })()`);
  }
  const visible = () =>
    page.$$eval('[data-message]', (all) =>
      all.filter((m) => !(m as HTMLElement).hidden).map((m) => (m as HTMLElement).dataset.message),
    );
  const calls = () => page.evaluate(() => (window as unknown as { calls: unknown[][] }).calls);

  it("runs no script of the page's own and applies the hashed style", async () => {
    await open([]);
    await page.addScriptTag({ content: 'window.injected = true;' }).catch(() => {});
    assert.equal(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected), undefined);
    assert.equal(await page.$eval('main', (main) => getComputedStyle(main).maxWidth), '480px');
    await page.close();
  });

  it('sends the two fields over the setup channel and shows the error the main process answers', async () => {
    await open([
      { value: { ok: false, error: 'fingerprint_invalid' } },
      { value: { ok: false, error: 'server_url_insecure' } },
    ]);
    await page.fill('#serverUrl', ' hop.bo.gov.vn:8443 ');
    await page.fill('#serverCaSha256', '7F:A5');
    await page.press('#serverUrl', 'Enter');
    await page.waitForFunction(() => !(document.getElementById('submit') as HTMLButtonElement).disabled);
    assert.deepEqual(await calls(), [[SETUP_CHANNEL, { serverUrl: ' hop.bo.gov.vn:8443 ', serverCaSha256: '7F:A5' }]]);
    assert.deepEqual(await visible(), ['fingerprint_invalid']);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'serverCaSha256');
    await page.click('#submit');
    await page.waitForFunction(() => (window as unknown as { calls: unknown[] }).calls.length === 2);
    await page.waitForFunction(() => !(document.getElementById('submit') as HTMLButtonElement).disabled);
    assert.deepEqual(await visible(), ['server_url_insecure']);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'serverUrl');
    assert.ok(page.url().startsWith('file:'), 'the form never navigates');
    await page.close();
  });

  it('shows that it saved, and stays disabled while the main process opens the server', async () => {
    await open([{ value: { ok: true } }]);
    await page.fill('#serverUrl', 'https://hop.bo.gov.vn');
    await page.click('#submit');
    await page.waitForFunction(() => !document.querySelector<HTMLElement>('[data-message="saved"]')!.hidden);
    assert.deepEqual(await visible(), ['saved']);
    assert.equal(await page.$eval('#submit', (b) => (b as HTMLButtonElement).disabled), true);
    await page.close();
  });

  it('shows the generic failure for a refused call or an unknown answer', async () => {
    await open([{ reject: 'untrusted_sender' }, { value: { ok: false, error: 'something_new' } }]);
    await page.fill('#serverUrl', 'https://hop.bo.gov.vn');
    for (const expectedCalls of [1, 2]) {
      await page.click('#submit');
      await page.waitForFunction((n) => (window as unknown as { calls: unknown[] }).calls.length === n, expectedCalls);
      await page.waitForFunction(() => !(document.getElementById('submit') as HTMLButtonElement).disabled);
      assert.deepEqual(await visible(), ['save_failed']);
    }
    await page.close();
  });
});
