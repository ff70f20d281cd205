// The minutes end to end in real Chromium: the secretary and the chair type into the same part of the record at
// the same time and both see the merged text; the secretary finalises; both sign (demo identities); the PDF
// downloaded from the editor carries the typed Vietnamese text exactly (pdftotext), embeds every font (pdffonts),
// and every signature verifies with poppler (pdfsig, demo CA trusted in an NSS database); a byte changed after
// signing is detected; the DOCX export carries the text too; filing reaches the embedded archive.
// Needs chromium, poppler-utils, libnss3-tools, fonts-liberation2 (Debian).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SIGNERS } from '../../server/minutes/demoMinutes.ts';
import { ensureDemoIdentities, type DemoIdentities } from '../../server/minutes/signing/demoIdentities.ts';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const SHOTS = 'test-results/e2e';
const SECRETARY_TEXT =
  'Thư ký ghi: Hội nghị thống nhất đánh giá kết quả tháng 11; đề nghị các địa phương đẩy nhanh tiến độ giải ngân.';
const CHAIR_TEXT = 'Chủ trì nhấn mạnh: chuyển đổi số ở cấp xã là nhiệm vụ trọng tâm, không để chậm trễ.';

let t: TestServer;
let browser: Browser;
let demo: DemoIdentities;
let dir = '';
let secretary: Participant;
let chair: Participant;
let pdfPath = '';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) assert.fail(`${command} is missing: ${result.error.message}`);
  return `${result.stdout}${result.stderr}`;
}

const state = (page: Page) => page.getByTestId('minutes-state').getAttribute('data-state');

async function openMinutes(p: Participant): Promise<void> {
  await p.page.getByTestId('minutes-open').click();
  await p.page.getByTestId('minutes-editor').waitFor({ state: 'visible', timeout: 15_000 });
  await waitUntil(
    async () => (await p.page.getByTestId('minutes-view').getAttribute('data-sync')) === 'synced',
    10_000,
    `${p.name}: the minutes synced`,
  );
}

async function download(page: Page, testId: string, name: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByTestId(testId).click(),
  ]);
  const path = join(dir, name);
  await file.saveAs(path);
  return readFileSync(path);
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'minutes-e2e-'));
  t = await startTestServer({ delegates: 1 });
  demo = ensureDemoIdentities(join(dir, 'demo'), DEMO_SIGNERS);
  t.server.services.minutes.identities.useDemo(t.meeting.id, demo);
  browser = await launchBrowser();
  const [chairInvite, secretaryInvite] = t.invitations;
  secretary = await joinMeeting(browser, secretaryInvite!.url, secretaryInvite!.name);
  chair = await joinMeeting(browser, chairInvite!.url, chairInvite!.name);
  for (const p of [secretary, chair]) {
    await p.page.getByTestId('minutes-open').waitFor({ state: 'visible', timeout: 20_000 });
  }
});

after(async () => {
  await browser?.close();
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('minutes in the browser', () => {
  it('two editors type into the same part at once and both see the merged result', async () => {
    await openMinutes(secretary);
    await openMinutes(chair);
    const [a, b] = [secretary.page.getByTestId('minutes-editor'), chair.page.getByTestId('minutes-editor')];
    await a.focus();
    await b.focus();
    await Promise.all([
      secretary.page.keyboard.type(SECRETARY_TEXT, { delay: 12 }),
      chair.page.keyboard.type(CHAIR_TEXT, { delay: 12 }),
    ]);
    await waitUntil(
      async () => {
        const [x, y] = [await a.inputValue(), await b.inputValue()];
        return x === y && x.length === SECRETARY_TEXT.length + CHAIR_TEXT.length;
      },
      15_000,
      'both editors show the same merged text',
    );
    const merged = await a.inputValue();
    assert.ok(merged.includes(SECRETARY_TEXT), `the secretary's sentence is whole: ${merged}`);
    assert.ok(merged.includes(CHAIR_TEXT), `the chair's sentence is whole: ${merged}`);
    // Co-editors see each other's name beside the field they are in.
    await waitUntil(async () => (await secretary.page.locator('.mn-editor-tag').count()) > 0, 5000, 'name tags');
    await secretary.page.screenshot({ path: `${SHOTS}/minutes-editor.png` });
    copyFileSync(`${SHOTS}/minutes-editor.png`, 'docs/screenshots/minutes-editor.png');
  });

  it('the secretary finalises; the record locks for both', async () => {
    await secretary.page.getByTestId('minutes-finalise').click();
    await secretary.page.getByTestId('minutes-number').fill('15');
    await secretary.page.getByTestId('minutes-finalise-confirm').click();
    for (const p of [secretary, chair]) {
      await waitUntil(async () => (await state(p.page)) === 'final', 15_000, `${p.name}: final`);
    }
    assert.equal(await chair.page.getByTestId('minutes-editor').getAttribute('readonly'), '');
  });

  it('the secretary signs, then the chair', async () => {
    assert.equal(
      await chair.page.getByTestId('minutes-sign').isDisabled(),
      true,
      'the chair signs after the secretary',
    );
    await secretary.page.getByTestId('minutes-sign').click();
    await waitUntil(async () => !(await chair.page.getByTestId('minutes-sign').isDisabled()), 15_000, 'chair may sign');
    await chair.page.getByTestId('minutes-sign').click();
    for (const p of [secretary, chair]) {
      await waitUntil(async () => (await state(p.page)) === 'signed', 15_000, `${p.name}: signed`);
    }
  });

  it('the exported PDF has the typed text, embedded fonts, and two valid signatures; a change is detected', async () => {
    const pdf = await download(secretary.page, 'minutes-export-pdf', 'minutes.pdf');
    pdfPath = join(dir, 'minutes.pdf');
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = run('pdftotext', [pdfPath, '-']).replace(/\s+/g, ' ');
    assert.ok(text.includes(SECRETARY_TEXT), "the PDF carries the secretary's text exactly");
    assert.ok(text.includes(CHAIR_TEXT), "the PDF carries the chair's text exactly");

    const fonts = run('pdffonts', [pdfPath]).trim().split('\n').slice(2);
    assert.ok(fonts.length >= 2, fonts.join('\n'));
    for (const row of fonts) assert.match(row, /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/, `embedded, subset, unicode: ${row}`);

    const nss = join(dir, 'nss');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo-ca', '-t', 'C,C,C', '-i', demo.caCertificatePath]);
    const report = run('pdfsig', ['-nssdir', `sql:${nss}`, pdfPath]);
    assert.equal((report.match(/Signature is Valid\./g) ?? []).length, 2, report);
    assert.equal((report.match(/Certificate is Trusted\./g) ?? []).length, 2, report);
    assert.match(report, /Common Name: Lê Thị Thu Hà[\s\S]*Common Name: Trần Quốc Khánh/);
    assert.match(report, /Total document signed/);

    const tampered = Buffer.from(pdf);
    tampered[3000] = tampered[3000]! ^ 0x01;
    const tamperedPath = join(dir, 'tampered.pdf');
    writeFileSync(tamperedPath, tampered);
    const tamperedReport = run('pdfsig', ['-nssdir', `sql:${nss}`, tamperedPath]);
    assert.doesNotMatch(tamperedReport, /Signature is Valid/);
    assert.match(tamperedReport, /Digest Mismatch|Signature is Invalid/);

    // Page 1 and the signature page as images, to look at (kept beside the test results with the PDF).
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdfPath]))?.[1] ?? 1);
    run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfPath, join(SHOTS, 'minutes-export')]);
    run('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      String(pages),
      '-l',
      String(pages),
      pdfPath,
      join(SHOTS, 'minutes-export-last'),
    ]);
    copyFileSync(pdfPath, join(SHOTS, 'minutes-signed.pdf'));
  });

  it('the DOCX export carries the same text', async () => {
    const docx = await download(chair.page, 'minutes-export-docx', 'minutes.docx');
    assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK');
    const xml = execFileSync('unzip', ['-p', join(dir, 'minutes.docx'), 'word/document.xml'], { encoding: 'utf8' });
    const text = xml.replace(/<[^>]+>/g, '');
    assert.ok(text.includes(SECRETARY_TEXT) && text.includes(CHAIR_TEXT));
  });

  it('filing reaches the embedded archive, and both see the status', async () => {
    await secretary.page.getByTestId('minutes-file').click();
    for (const p of [secretary, chair]) {
      await waitUntil(
        async () => (await p.page.getByTestId('filing-status').getAttribute('data-state')) === 'filed',
        20_000,
        `${p.name}: filed`,
      );
      await waitUntil(async () => (await state(p.page)) === 'filed', 10_000, `${p.name}: state filed`);
    }
    const index = JSON.parse(
      readFileSync(join(t.server.services.config.minutes.archive.dir, 'index.json'), 'utf8'),
    ) as {
      entries: { sha256: string }[];
    };
    assert.deepEqual(
      index.entries.map((e) => e.sha256),
      [sha256(readFileSync(pdfPath))],
      'the archive holds exactly the signed PDF that was downloaded',
    );
    await secretary.page.screenshot({ path: `${SHOTS}/minutes-filed.png` });
  });
});
