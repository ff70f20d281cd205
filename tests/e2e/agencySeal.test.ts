// The agency's signature through the office screens in real Chromium: an administrator uploads the seal (Quản trị →
// Con dấu: a PNG and its 36 mm), then the văn thư opens the signed minutes' record, picks the agency's certificate file
// (a PKCS#12 made with OpenSSL from a certificate of a CA the server trusts) with its password and signs for the
// agency; the file never leaves the page. The record's PDF then carries the agency's signature (CoQuan) with the
// seal, valid for the server's verifier. Then, on another meeting, the văn thư picks remote signing, registers their
// credential at the provider (the CSC test service) as the agency's and signs: the page waits on the phone (a
// screenshot kept with AGENCY_WAITING_OUT=<file.png>); refused there, it says so and signs again; confirmed, the
// PDF carries CoQuan. Needs the built renderer (npm run build:renderer, or STATIC_DIR), chromium, openssl.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_SEAL_DIAMETER_MM, demoSealPng } from '../../server/minutes/signing/demoSeal.ts';
import { verifyPdfSignatures } from '../../server/minutes/verify.ts';
import { CscTestService } from '../helpers/cscTestService.ts';
import { OFFICE_PASSWORD } from '../helpers/officeMeeting.ts';
import { download, until } from '../integration/minutes/minutesCast.ts';
import { draw, signedMeeting } from '../integration/signing/signingCast.ts';
import { signingWorldAndBrowser } from './signingBrowser.ts';

const csc = new CscTestService();
const s = signingWorldAndBrowser(async () => {
  await csc.start();
  return {
    CSC_URL: csc.url,
    CSC_CLIENT_ID: csc.clientId,
    CSC_CLIENT_SECRET: csc.clientSecret,
    ...(process.env.STATIC_DIR ? { STATIC_DIR: process.env.STATIC_DIR } : {}),
  };
});
after(() => csc.stop());
const chairImage = draw(600, 200, (x, y) =>
  Math.abs(y - (100 + 60 * Math.sin(x / 45))) < 5 && x > 20 && x < 580 ? [20, 40, 200] : null,
);

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

  it('the văn thư signs for the agency on the phone (remote signing)', async () => {
    const { m, secretary, chair } = await signedMeeting(s.w, { chairImage });
    const seals = s.w.t.server.services.minutes.agency.seals;
    if (!seals.get()) seals.put(demoSealPng(), DEMO_SEAL_DIAMETER_MM); // when run alone
    const agencyKey = await s.w.pki.issue({ name: 'Văn thư Bộ', organization: 'Bộ Khoa học và Công nghệ' });
    const phone = '0977000333';
    csc.addSigner({
      userID: phone,
      keyPem: agencyKey.keyPem,
      certificates: [agencyKey.certDer, s.w.pki.caDer],
      keyType: 'rsa',
    });

    const page = await signedInPage(m.scheduler.username!, `/meetings/${encodeURIComponent(m.id)}`);
    const panel = page.getByTestId('agency-sign');
    await panel.waitFor({ timeout: 20_000 });
    await page.getByTestId('sign-method').selectOption('remote');
    await page.getByTestId('agency-remote-user').fill(phone);
    await page.getByTestId('agency-remote-register').click();
    await page
      .getByTestId('agency-remote-sign') // shown once the credential is the agency's
      .click({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        console.error(await panel.textContent());
        throw error;
      });
    const waiting = page.getByTestId('sign-waiting-phone');
    await waiting.waitFor({ timeout: 15_000 });
    assert.match((await waiting.textContent()) ?? '', /Đang chờ xác nhận trên điện thoại/);
    // Refused on the phone: said in Vietnamese, and the record is still signable from the page.
    await until(() => csc.waiting.length === 1, 'the request reached the phone');
    assert.equal((await csc.reject()).status, 200);
    const refused = page.getByTestId('agency-sign-error');
    await refused.waitFor({ timeout: 10_000 });
    assert.equal(await refused.getAttribute('data-state'), 'rejected');
    assert.match((await refused.textContent()) ?? '', /từ chối trên điện thoại/);
    await page.getByTestId('agency-remote-sign').click();
    await waiting.waitFor({ timeout: 15_000 });
    await until(() => csc.waiting.length === 1, 'the request reached the phone again');
    const shot = join(s.w.dir, 'agency-waiting.png');
    await panel.screenshot({ path: shot });
    if (process.env.AGENCY_WAITING_OUT) copyFileSync(shot, process.env.AGENCY_WAITING_OUT);
    assert.equal((await csc.confirm()).status, 200);
    await page.getByTestId('agency-signed').waitFor({ timeout: 30_000 });

    const pdf = await download(s.w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const verified = verifyPdfSignatures(pdf);
    assert.deepEqual(
      verified.signatures.map((v) => [v.field, v.valid]),
      [
        ['ThuKy', true],
        ['ChuTri', true],
        ['CoQuan', true],
      ],
    );
    assert.equal(verified.signatures[2]!.signerName, 'Văn thư Bộ');
    await page.context().close();
    secretary.client.close();
    chair.client.close();
  });
});
