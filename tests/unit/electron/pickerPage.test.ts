// The desktop shell's screen-sharing picker as a real Chromium renders it: its CSP runs no script (the style by hash,
// thumbnails as data: images only), and its preload — the compiled electron/preload/picker.cts, with a stand-in for
// the IPC that only Electron provides — lists the sources the main process sends, screens apart from windows, and
// sends the one clicked, or a cancel, over the picker's channel. The choice is read by the main process's rule.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import ts from 'typescript';
import { PICKER_CHOOSE_CHANNEL, PICKER_SOURCES_CHANNEL, readChoice } from '../../../electron/main/pickerChannels.ts';
import type { ScreenSource } from '../../../electron/main/screenSources.ts';
import { CHROMIUM } from '../../helpers/browser.ts';

const PAGE_PATH = fileURLToPath(new URL('../../../electron/picker/picker.html', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../../../electron/preload/picker.cts', import.meta.url));
const html = readFileSync(PAGE_PATH, 'utf8');
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;
// A 1×1 PNG.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SOURCES: ScreenSource[] = [
  { id: 'screen:0:0', name: 'Màn hình 1', thumbnail: PIXEL, kind: 'screen' },
  { id: 'window:42:0', name: 'Báo cáo tháng 11.xlsx', thumbnail: PIXEL, kind: 'window' },
  { id: 'window:43:0', name: 'Không có hình', thumbnail: '', kind: 'window' },
];

describe('picker page, as written', () => {
  it('allows its one style block by hash, data: images, and no script', () => {
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    assert.equal(styles.length, 1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    assert.equal(
      csp,
      `default-src 'none'; script-src 'none'; img-src data:; style-src 'sha256-${hash}'; form-action 'none'; base-uri 'none'`,
    );
    assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i);
  });

  it('takes a choice only as an id of bounded length, anything else as a cancel', () => {
    assert.equal(readChoice({ id: 'window:42:0' }), 'window:42:0');
    for (const answer of [null, {}, { id: '' }, { id: 42 }, { id: 'x'.repeat(300) }, 'screen:0:0']) {
      assert.equal(readChoice(answer), null, JSON.stringify(answer));
    }
  });
});

describe('picker page in Chromium', { skip }, () => {
  let browser: Browser;
  let page: Page;
  const preload = ts.transpileModule(readFileSync(PRELOAD_PATH, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
  });

  /** Opens the page and runs the preload; the sources call is answered with SOURCES, every call recorded. */
  async function open(): Promise<void> {
    page = await browser.newPage();
    await page.goto(pathToFileURL(PAGE_PATH).href);
    await page.evaluate(`(() => {
      window.calls = [];
      const sources = ${JSON.stringify(SOURCES)};
      const ipcRenderer = {
        invoke(...args) {
          window.calls.push(args);
          return Promise.resolve(args[0] === ${JSON.stringify(PICKER_SOURCES_CHANNEL)} ? sources : undefined);
        },
      };
      const module = { exports: {} };
      new Function('require', 'module', 'exports', ${JSON.stringify(preload)})(() => ({ ipcRenderer }), module, module.exports);
    })()`);
    await page.waitForSelector('button.source');
  }
  const calls = () => page.evaluate(() => (window as unknown as { calls: unknown[][] }).calls);

  it('shows screens and windows apart, with their thumbnails, and sends the one clicked', async () => {
    await open();
    assert.deepEqual(await page.$$eval('#screens .source', (b) => b.map((x) => x.textContent)), ['Màn hình 1']);
    assert.deepEqual(await page.$$eval('#windows .source', (b) => b.map((x) => x.textContent)), [
      'Báo cáo tháng 11.xlsx',
      'Không có hình',
    ]);
    assert.equal(
      await page.$$eval('.source img', (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 1).length),
      2,
    );
    await page.click('[data-source-id="window:42:0"]');
    await page.waitForFunction(() => (window as unknown as { calls: unknown[] }).calls.length === 2);
    assert.deepEqual((await calls())[1], [PICKER_CHOOSE_CHANNEL, { id: 'window:42:0' }]);
    await page.close();
  });

  it('cancels with the button or Escape', async () => {
    await open();
    await page.click('#cancel');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (window as unknown as { calls: unknown[] }).calls.length === 3);
    assert.deepEqual((await calls()).slice(1), [
      [PICKER_CHOOSE_CHANNEL, null],
      [PICKER_CHOOSE_CHANNEL, null],
    ]);
    await page.close();
  });
});
