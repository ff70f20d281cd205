// The public "Kiểm tra chữ ký" screen in real Chromium, without signing in: a B-LT PDF signed on the server (a CA run
// with OpenSSL trusted) is picked in the file input and each signature is shown as valid with its level, in
// Vietnamese; past the address's allowance of checks, the page says so in Vietnamese. Needs the built renderer
// (npm run build:renderer), chromium, openssl.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signedBySecretary } from '../integration/signing/signingCast.ts';
import { signingWorldAndBrowser } from './signingBrowser.ts';

const s = signingWorldAndBrowser();

describe('Kiểm tra chữ ký (/verify)', () => {
  it('shows each signature of an uploaded PDF as valid, with its level, without signing in', async () => {
    const { pdf } = await signedBySecretary(s.w);
    const file = join(s.w.dir, 'bien-ban.pdf');
    writeFileSync(file, pdf);

    const page = await s.browser.newPage();
    await page.goto(`${s.w.t.server.url}/verify`);
    await page.getByTestId('verify-upload').setInputFiles(file);
    const result = page.getByTestId('verify-result');
    await result.first().waitFor({ timeout: 15_000 });
    assert.equal(await result.count(), 1);
    assert.equal(await result.first().getAttribute('data-valid'), 'true');
    assert.equal(await result.first().getAttribute('data-level'), 'B-LT');
    assert.match((await result.first().textContent()) ?? '', /Chữ ký hợp lệ \(mức B-LT\)/);
    await page.close();
  });

  it('says in Vietnamese when this address has checked too often (429)', async () => {
    // The allowance of this address (SIGNING_VERIFY_PER_MINUTE, 20 by default) used up from here, and kept used up
    // while the page asks (it refills one every 3 s): the page's request comes from the same loopback address.
    let hammering = true;
    const hammer = (async () => {
      while (hammering) {
        const response = await fetch(new URL('/api/verify', s.w.t.server.url), { method: 'POST', body: 'x' });
        await response.arrayBuffer();
        if (response.status === 429) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const file = join(s.w.dir, 'bat-ky.pdf');
    writeFileSync(file, '%PDF-1.7\n');
    const page = await s.browser.newPage();
    await page.goto(`${s.w.t.server.url}/verify`);
    await page.getByTestId('verify-upload').setInputFiles(file);
    const error = page.getByTestId('verify-error');
    await error.waitFor({ timeout: 15_000 }).finally(() => (hammering = false));
    await hammer;
    assert.match((await error.textContent()) ?? '', /quá nhiều lần trong một phút.*thử lại sau 3 giây/);
    await page.close();
  });
});
