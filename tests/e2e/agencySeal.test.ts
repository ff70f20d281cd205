// The agency's signature through the office screens in real Chromium: an administrator uploads the seal (Quản trị →
// Con dấu: a PNG and its 36 mm), then the văn thư opens the signed minutes' record, picks the agency's certificate file
// (a PKCS#12 made with OpenSSL from a certificate of a CA the server trusts) with its password and signs for the
// agency; the file never leaves the page. The record's PDF then carries the agency's signature (CoQuan) with the
// seal, valid for the server's verifier. Needs the built renderer (npm run build:renderer), chromium, openssl.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { verifyPdfSignatures } from '../../server/minutes/verify.ts';
import { OFFICE_PASSWORD } from '../helpers/officeMeeting.ts';
import { download } from '../integration/minutes/minutesCast.ts';
import { draw, signedMeeting } from '../integration/signing/signingCast.ts';
import { signingWorldAndBrowser } from './signingBrowser.ts';

const s = signingWorldAndBrowser();

/** A page of a new browser context, signed in to the office through its sign-in form, then at `path`. */
async function signedInPage(username: string, path: string): Promise<Page> {
  const context = await s.browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
  await page.goto(`${s.w.t.server.url}/`);
  await page.getByTestId('signin-username').waitFor({ timeout: 20_000 });
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(OFFICE_PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('home').waitFor({ timeout: 15_000 });
  await page.goto(`${s.w.t.server.url}${path}`);
  return page;
}

describe("the agency's signature in the office screens", () => {
  it('the administrator uploads the seal, the văn thư signs for the agency with a certificate file', async () => {
    const chairImage = draw(600, 200, (x, y) =>
      Math.abs(y - (100 + 60 * Math.sin(x / 45))) < 5 && x > 20 && x < 580 ? [20, 40, 200] : null,
    );
    const { m, secretary, chair } = await signedMeeting(s.w, { chairImage });
    const accounts = s.w.t.server.services.accounts;
    await accounts.createUser({
      username: 'quantri',
      displayName: 'Quản trị',
      password: OFFICE_PASSWORD,
      agencyRole: 'admin',
    });

    const sealFile = join(s.w.dir, 'con-dau.png');
    writeFileSync(
      sealFile,
      draw(400, 400, (x, y) => {
        const r = Math.hypot(x - 200, y - 200);
        return (r > 180 && r < 198) || r < 60 ? [230, 30, 60] : null;
      }),
    );
    const adminPage = await signedInPage('quantri', '/admin?tab=seal');
    await adminPage.getByTestId('seal-none').waitFor({ timeout: 20_000 });
    await adminPage.getByTestId('seal-file').setInputFiles(sealFile);
    await adminPage.getByTestId('seal-diameter').fill('36');
    await adminPage.getByTestId('seal-upload').click();
    await adminPage.getByTestId('seal-saved').waitFor({ timeout: 10_000 });
    await adminPage.getByTestId('seal-current').waitFor();
    assert.equal(await adminPage.getByTestId('seal-current').getAttribute('data-diameter'), '36');

    // The agency's certificate as a file the văn thư holds.
    const agencyKey = await s.w.pki.issue({ name: 'Văn phòng Bộ', organization: 'Bộ Khoa học và Công nghệ' });
    const p12 = join(s.w.dir, 'co-quan.p12');
    const keyFile = join(s.w.dir, 'co-quan.key');
    writeFileSync(keyFile, agencyKey.keyPem);
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      keyFile,
      '-in',
      agencyKey.certPath,
      '-passout',
      'pass:mat-khau',
      '-out',
      p12,
    ]);
    // The văn thư: the account with the agency role secretary that scheduled the meeting.
    const page = await signedInPage(m.scheduler.username!, `/meetings/${encodeURIComponent(m.id)}`);
    const panel = page.getByTestId('agency-sign');
    await panel.waitFor({ timeout: 20_000 });
    assert.equal(await panel.getAttribute('data-signed'), 'false');
    await page.getByTestId('agency-sign-file').setInputFiles(p12);
    await page.getByTestId('agency-sign-password').fill('mat-khau');
    await page.getByTestId('agency-sign-submit').click();
    await page
      .getByTestId('agency-signed')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        console.error(await panel.textContent());
        throw error;
      });

    const pdf = await download(s.w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const verified = verifyPdfSignatures(pdf);
    assert.deepEqual(
      verified.signatures.map((s) => [s.field, s.valid]),
      [
        ['ThuKy', true],
        ['ChuTri', true],
        ['CoQuan', true],
      ],
    );
    assert.equal(verified.signatures[2]!.signerName, 'Văn phòng Bộ');
    await adminPage.context().close();
    await page.context().close();
    secretary.client.close();
    chair.client.close();
  });
});
