// "Kiểm tra chữ ký" in the desktop shell with no server: the renderer built into the shell (dist/renderer), answered
// request by request as the shell's offline window answers it (builtinRenderer.ts, under its reserved https origin),
// every other request refused; the page's check goes through the bridge to the shell's verifier — the signature check
// bundled for the shell (scripts/build-verifier.mjs), with the trust list the shell copied from the server while it
// was reachable. The server, the CA's OCSP responder and its TSA are all stopped before the page is opened.
// Electron's own parts (protocol.handle, the preload's IPC) are not run here: no Electron binary on this machine.
// Needs the built renderer (npm run build:renderer), chromium, openssl.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { BUILTIN_ORIGIN, BUILTIN_VERIFY_URL, resolveBuiltinRequest } from '../../electron/main/builtinRenderer.ts';
import { createOfflineVerifier } from '../../electron/main/offlineVerifier.ts';
import { refreshTrustCopy } from '../../electron/main/trustCache.ts';
import { buildVerifier } from '../../scripts/build-verifier.mjs';
import { launchBrowser } from '../helpers/browser.ts';
import { signedBySecretary, signingWorld } from '../integration/signing/signingCast.ts';

const RENDERER_ROOT = new URL('../../dist/renderer/', import.meta.url).pathname;

let dir: string;
let browser: Browser;
let signed: Buffer;
let trustDirs: string[] = [];
let verifierModule: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phonghop-offline-verify-'));
  verifierModule = await buildVerifier(join(dir, 'bundle', 'verifier.mjs'));
  const w = await signingWorld();
  try {
    signed = (await signedBySecretary(w)).pdf;
    // What the shell does whenever its server answers: keep a copy of the server's trust list.
    assert.equal(await refreshTrustCopy(fetch, w.t.server.url, join(dir, 'user-trust')), 1);
  } finally {
    await w.stop(); // the server, the OCSP responder, the TSA: nothing of them answers any more
  }
  mkdirSync(join(dir, 'installation-trust'));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A context as the shell's offline window: the built-in renderer only, and a bridge to the shell's verifier. */
async function offlineWindow(requests: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const verifier = createOfflineVerifier({ modulePath: verifierModule, trustDirs: () => trustDirs, timeoutMs: 1500 });
  await context.exposeFunction('__shellVerify', async (base64: string) =>
    verifier.verify(new Uint8Array(Buffer.from(base64, 'base64'))),
  );
  // The preload's bridge, as the page sees it (window.phonghop); the page only calls verifySignatures here.
  // A string, not a function: tsx's transform would put helpers of its own into a function's source.
  await context.addInitScript(`
    const refused = async () => { throw new Error('untrusted_sender'); };
    const base64 = (pdf) => {
      let binary = '';
      for (let i = 0; i < pdf.length; i += 0x8000) binary += String.fromCharCode(...pdf.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    Object.defineProperty(globalThis, 'phonghop', {
      value: Object.freeze({
        platform: 'electron',
        version: 'offline-test',
        cacheDocument: refused, readCachedDocument: refused, listCachedDocuments: refused,
        secretGet: refused, secretSet: refused, secretDelete: refused,
        listTokenCertificates: refused, signWithToken: refused,
        verifySignatures: async (pdf) => globalThis.__shellVerify(base64(pdf)),
        onJoinLink: () => () => {},
      }),
    });
  `);
  await context.route('**/*', async (route) => {
    const request = route.request();
    requests.push(request.url());
    if (!request.url().startsWith(`${BUILTIN_ORIGIN}/`)) return route.abort('internetdisconnected');
    const answer = resolveBuiltinRequest(RENDERER_ROOT, request.method(), request.url());
    const body = answer.file ? await readFile(answer.file) : '';
    return route.fulfill({ status: answer.status, headers: answer.headers, body });
  });
  return context;
}

describe('offline signature check (desktop shell, no server)', () => {
  it('shows a B-LT signature valid from the document alone, and a changed copy invalid', async () => {
    trustDirs = [join(dir, 'installation-trust'), join(dir, 'user-trust')];
    const requests: string[] = [];
    const context = await offlineWindow(requests);
    const page = await context.newPage();
    await page.goto(BUILTIN_VERIFY_URL);
    await page.getByText('Việc kiểm tra diễn ra ngay trên máy này').waitFor();

    const original = join(dir, 'bien-ban-da-ky.pdf');
    writeFileSync(original, signed);
    await page.getByTestId('verify-upload').setInputFiles(original);
    const result = page.getByTestId('verify-result');
    await result.first().waitFor({ timeout: 20_000 });
    assert.equal(await result.count(), 1);
    assert.equal(await result.first().getAttribute('data-valid'), 'true');
    assert.equal(await result.first().getAttribute('data-level'), 'B-LT');
    const text = (await result.first().textContent()) ?? '';
    assert.match(text, /Chữ ký hợp lệ \(mức B-LT\)/);
    assert.match(text, /dấu thời gian xác nhận: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00\./); // Vietnam's time
    assert.match(text, /Chứng thư còn hiệu lực \(chưa bị thu hồi\) tại thời điểm ký/); // from the document's DSS
    assert.match(text, /Không hỏi được trạng thái thu hồi hiện nay/); // the CA is gone
    assert.match((await page.getByTestId('verify-trust').textContent()) ?? '', /1 tệp, cập nhật lúc/);
    await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? dir, 'offline-verify.png'), fullPage: true });

    // One byte of the signed text changed: the same check says so.
    const changed = Buffer.from(signed);
    const at = changed.indexOf('BIÊN BẢN') >= 0 ? changed.indexOf('BIÊN BẢN') : Math.floor(changed.length / 3);
    changed[at] = changed[at]! ^ 0x01;
    const tampered = join(dir, 'bien-ban-bi-sua.pdf');
    writeFileSync(tampered, changed);
    await page.getByTestId('verify-upload').setInputFiles(tampered);
    await page.locator('[data-testid="verify-result"][data-valid="false"]').waitFor({ timeout: 20_000 });
    assert.match((await result.first().textContent()) ?? '', /Chữ ký không hợp lệ/);

    // Nothing but the built-in renderer was asked for.
    assert.ok(requests.length > 1);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(`${BUILTIN_ORIGIN}/`)),
      [],
    );
    await context.close();
  });

  it('says so when this computer has no trust list: intact, but not trusted', async () => {
    trustDirs = [join(dir, 'installation-trust')];
    const context = await offlineWindow([]);
    const page = await context.newPage();
    await page.goto(BUILTIN_VERIFY_URL);
    const file = join(dir, 'bien-ban-da-ky.pdf');
    await page.getByTestId('verify-upload').setInputFiles(file);
    const result = page.getByTestId('verify-result');
    await result.first().waitFor({ timeout: 20_000 });
    assert.equal(await result.first().getAttribute('data-valid'), 'false');
    const text = (await result.first().textContent()) ?? '';
    assert.match(text, /Tài liệu không bị thay đổi sau khi ký/);
    assert.match(text, /Chứng thư số không thuộc danh sách tin cậy/);
    assert.match((await page.getByTestId('verify-trust').textContent()) ?? '', /chưa có danh sách chứng thư tin cậy/);
    await context.close();
  });
});
