// The office end to end, in Chromium over HTTPS with the server's own generated CA trusted (no certificate error
// ignored): first-run setup → the administrator imports units and accounts from CSV and creates a secretary → the
// secretary schedules a briefing with a chair, three connection points, two agenda items and a PDF on the first →
// each connection point signs in in its own context, finds it on the home, joins and sees the agenda document → the
// chair ends it → it is under past meetings with its minutes → "ke hoach quan trac" finds it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchTrustingBrowser, type TrustedBrowser } from '../helpers/trustedBrowser.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';

const PASSWORD = 'mat-khau-rat-dai-2026';
const SHOTS = process.env.PHONGHOP_SCREENSHOTS ?? join(tmpdir(), 'phonghop-office-shots');
const UNITS = 'code,name,kind\nLAO-CAI,Lào Cai,province\nDA-NANG,Đà Nẵng,province\nCA-MAU,Cà Mau,province\n';
const ACCOUNTS = [
  'username,displayName,agencyRole,unitCode,email,password',
  `dc-lao-cai,Điểm cầu Lào Cai,member,LAO-CAI,,${PASSWORD}`,
  `dc-da-nang,Điểm cầu Đà Nẵng,member,DA-NANG,,${PASSWORD}`,
  `dc-ca-mau,Điểm cầu Cà Mau,member,CA-MAU,,${PASSWORD}`,
  `chutri,Trần Quốc Khánh,member,,,${PASSWORD}`,
  `khong-ro,Đơn vị không có,member,KHONG-CO,,${PASSWORD}`,
].join('\n');
const TITLE = 'Giao ban trực tuyến về kế hoạch quan trắc môi trường';

describe('the office in Chromium over HTTPS', () => {
  let t: TestServer;
  let trusted: TrustedBrowser;
  const contexts: BrowserContext[] = [];

  async function open(path: string, name: string): Promise<Page> {
    const context = await trusted.browser.newContext({
      permissions: ['camera', 'microphone'],
      viewport: { width: 1280, height: 800 },
      locale: 'vi-VN',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
    await page.goto(`${t.server.url}${path}`);
    return page;
  }

  async function signIn(username: string): Promise<Page> {
    const page = await open('/', username);
    await page
      .getByTestId('signin-username')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: join(SHOTS, `signin-failed-${username}.png`) });
        throw error;
      });
    await page.getByTestId('signin-username').fill(username);
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('home').waitFor({ timeout: 15_000 });
    return page;
  }

  before(async () => {
    t = await startTestServer({ delegates: 0, env: { HTTP_ONLY: '0', HTTP_REDIRECT_PORT: '0' } });
    assert.match(t.server.url, /^https:\/\//);
    trusted = await launchTrustingBrowser(join(t.server.services.config.dataDir, 'tls', 'ca.crt'));
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await trusted?.close();
    await t?.stop();
  });

  let meetingId = '';

  it('sets up the agency, imports the directory and creates a secretary', async () => {
    const token = t.server.services.office.agency.issueSetupToken();
    const admin = await open(`/setup?token=${token}`, 'admin');
    await admin.getByTestId('setup-agency').fill('Bộ Khoa học và Công nghệ');
    await admin.getByTestId('setup-agency-code').fill('000.00.00.G06');
    await admin.getByTestId('setup-parent').fill('Chính phủ');
    await admin.getByTestId('setup-username').fill('quantri');
    await admin.getByTestId('setup-display-name').fill('Nguyễn Văn Quản Trị');
    await admin.getByTestId('setup-password').fill(PASSWORD);
    const confirm = admin.locator('[data-testid="setup-password-confirm"]');
    if (await confirm.count()) await confirm.fill(PASSWORD);
    await admin.screenshot({ path: join(SHOTS, 'setup.png') });
    await admin.getByTestId('setup-submit').click();
    await admin.getByTestId('home').waitFor({ timeout: 15_000 });

    await admin.goto(`${t.server.url}/admin?tab=import`);
    await admin.getByTestId('admin-import-kind').selectOption('units');
    await admin.getByTestId('admin-import-csv').fill(UNITS);
    await admin.getByTestId('admin-import-submit').click();
    await admin.getByTestId('admin-import-report').waitFor();
    assert.equal((await admin.getByTestId('admin-import-created').textContent())?.match(/\d+/)?.[0], '3');
    await admin.getByTestId('admin-import-kind').selectOption('accounts');
    await admin.getByTestId('admin-import-csv').fill(ACCOUNTS);
    await admin.getByTestId('admin-import-submit').click();
    await admin.waitForFunction(() =>
      document.querySelector('[data-testid="admin-import-created"]')?.textContent?.includes('4'),
    );
    // The bad row is reported with its line, the good ones kept.
    const bad = admin.locator('[data-testid="admin-import-rejected"][data-line="6"]');
    await bad.waitFor();
    assert.match((await bad.textContent()) ?? '', /Đơn vị KHONG-CO chưa có trong danh mục/);
    await admin.screenshot({ path: join(SHOTS, 'admin-import.png'), fullPage: true });

    await admin.getByTestId('admin-tab-accounts').click();
    await admin.getByTestId('admin-account-new').click();
    await admin.getByTestId('admin-account-username').fill('thuky');
    await admin.getByTestId('admin-account-name').fill('Lê Thị Thu Hà');
    await admin.getByTestId('admin-account-password').fill(PASSWORD);
    await admin.getByTestId('admin-account-role').selectOption('secretary');
    await admin.getByTestId('admin-account-save').click();
    await admin.locator('[data-testid="admin-account"]', { hasText: 'thuky' }).waitFor();
  });

  it('lets the secretary schedule the briefing with an agenda document', async () => {
    const secretary = await signIn('thuky');
    await secretary.getByTestId('schedule-new').click();
    await secretary.getByTestId('schedule-title').fill(TITLE);
    const start = new Date(Date.now() + 10 * 60_000);
    // The form's times are Vietnam's (UTC+7), whatever the machine's zone.
    const local = new Date(start.getTime() + 7 * 3600_000).toISOString().slice(0, 16);
    await secretary.getByTestId('schedule-start').fill(local);
    const place = secretary.getByTestId('schedule-place');
    await place.fill('Phòng họp trực tuyến, Trụ sở Bộ');
    const chairId = t.server.services.accounts.byUsername('chutri')!.id;
    await secretary.getByTestId('schedule-chair').selectOption(chairId);
    const secretaryId = t.server.services.accounts.byUsername('thuky')!.id;
    await secretary.getByTestId('schedule-secretary').selectOption(secretaryId);
    // Every province in one click (every unit of this agency is one), then back to none, then three by hand.
    await secretary.getByTestId('schedule-units-provinces').click();
    const units = await secretary.getByTestId('schedule-unit').count();
    assert.ok(units >= 3);
    assert.equal(await secretary.locator('[data-testid="schedule-unit"]:checked').count(), units);
    await secretary.getByTestId('schedule-units-none').click();
    assert.equal(await secretary.locator('[data-testid="schedule-unit"]:checked').count(), 0);
    for (const code of ['LAO-CAI', 'DA-NANG', 'CA-MAU'])
      await secretary.locator(`[data-testid="schedule-unit"][data-unit-code="${code}"]`).check();
    for (const title of ['Báo cáo kế hoạch quan trắc', 'Ý kiến các địa phương']) {
      await secretary.getByTestId('schedule-agenda-add').click();
      await secretary.getByTestId('schedule-agenda-title').last().fill(title);
    }
    const pdf = join(SHOTS, 'ke-hoach-quan-trac.pdf');
    writeFileSync(pdf, await plainPdf(2, 'Ke hoach quan trac moi truong'));
    await secretary.getByTestId('schedule-agenda-file').first().setInputFiles(pdf);
    await secretary.screenshot({ path: join(SHOTS, 'schedule.png'), fullPage: true });
    await secretary.getByTestId('schedule-save').click();
    // Saved, with the document uploaded after the meeting: back on the home, where the new meeting is listed.
    await secretary.locator('[data-testid="home-meeting"]', { hasText: TITLE }).waitFor({ timeout: 30_000 });
    meetingId =
      t.server.services.office.planner
        .allMeetingIds()
        .find((id) => t.server.services.office.planner.row(id)?.title === TITLE) ?? '';
    assert.ok(meetingId, 'the meeting was saved');
    const docs = t.server.services.documents.list(meetingId);
    assert.equal(docs.length, 1);
    // The guests' way in: a guest link made on the meeting's page, which opens the waiting room.
    await secretary
      .locator(`[data-testid="home-meeting"][data-meeting-id="${meetingId}"] [data-testid="home-edit"]`)
      .click();
    await secretary.getByTestId('schedule-agenda-document').first().waitFor();
    await secretary.getByTestId('schedule-guest-link').click();
    const guestUrl = await secretary.getByTestId('schedule-guest-link-url').inputValue();
    assert.match(guestUrl, /\/join\?token=/);
    const guest = await open(new URL(guestUrl).pathname + new URL(guestUrl).search, 'guest');
    await guest.getByTestId('guest-name').waitFor({ timeout: 15_000 });
    await guest.context().close();
  });

  it('brings each connection point from its home into the meeting, where the agenda document shows', async () => {
    const points: Page[] = [];
    for (const username of ['dc-lao-cai', 'dc-da-nang', 'dc-ca-mau']) {
      const page = await signIn(username);
      const card = page.locator(`[data-testid="home-meeting"][data-meeting-id="${meetingId}"]`);
      await card.waitFor();
      assert.equal(await card.getAttribute('data-state'), 'scheduled');
      points.push(page);
    }
    await points[0]!.screenshot({ path: join(SHOTS, 'home.png') });
    for (const page of points) {
      await page
        .locator(`[data-testid="home-meeting"][data-meeting-id="${meetingId}"] [data-testid="home-join"]`)
        .click();
      await page.getByTestId('lobby-cam-toggle').click();
      await page.getByTestId('join').click();
    }
    for (const page of points) {
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="document-page"][data-rendered="true"]').length > 0,
        undefined,
        { timeout: 60_000 },
      );
    }
    // Another connection point's home shows the meeting live, with who is in.
    const chair = await signIn('chutri');
    const card = chair.locator(`[data-testid="home-meeting"][data-meeting-id="${meetingId}"]`);
    await chair.waitForFunction(
      (id) =>
        document.querySelector(`[data-testid="home-meeting"][data-meeting-id="${id}"]`)?.getAttribute('data-state') ===
        'live',
      meetingId,
      { timeout: 15_000 },
    );
    await card.getByTestId('home-join').click();
    await chair.getByTestId('lobby-cam-toggle').click();
    await chair.getByTestId('join').click();
    await chair.getByTestId('tab-controls').click({ timeout: 60_000 });
    await chair.getByTestId('end-meeting').click();
    await chair.getByTestId('end-meeting-confirm').click();
    await points[0]!.waitForFunction(() => !document.querySelector('[data-testid="document-page"]'), undefined, {
      timeout: 15_000,
    });
  });

  it('files the meeting under history with its minutes, and finds it without diacritics', async () => {
    const secretary = await signIn('thuky');
    await secretary.goto(`${t.server.url}/history`);
    const row = secretary.locator(`[data-testid="history-meeting"]`, { hasText: TITLE });
    await row.waitFor({ timeout: 15_000 });
    await secretary.screenshot({ path: join(SHOTS, 'history.png') });
    await row.click();
    await secretary.getByTestId('record-minutes').waitFor();
    await secretary.getByTestId('record-attendance').waitFor();
    assert.ok((await secretary.getByTestId('record-attendance-row').count()) >= 4);
    await secretary.screenshot({ path: join(SHOTS, 'record.png'), fullPage: true });
    await secretary.goto(`${t.server.url}/search`);
    await secretary.getByTestId('search-input').fill('ke hoach quan trac');
    await secretary.getByTestId('search-input').press('Enter');
    const result = secretary.getByTestId('search-result').first();
    await result.waitFor({ timeout: 10_000 });
    assert.match((await result.textContent()) ?? '', /quan trắc/);
    await result.click();
    await secretary.getByTestId('record').waitFor();
  });
});
