// What a person sees when opening an invitation link: the lobby for a valid one (camera preview, microphone level,
// their name and role), a clear Vietnamese error page for an expired or unknown one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { issueToken } from '../../server/meetings/tokens.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, waitUntil } from '../helpers/browser.ts';

const SHOTS = 'test-results/e2e';
let t: TestServer;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestServer({ delegates: 1 });
  browser = await launchBrowser();
  context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 800 } });
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

describe('invitation links', () => {
  it('a valid link shows the lobby with a live camera preview, in Vietnamese', async () => {
    const page = await context.newPage();
    await page.goto(t.invitations[2]!.url);
    await page.getByTestId('join').waitFor();
    const text = await page.locator('body').innerText();
    assert.match(text, /Hội nghị giao ban trực tuyến/);
    assert.match(text, /Nguyễn Văn Thành/);
    assert.match(text, /Đại biểu/);
    await waitUntil(
      () =>
        page.evaluate(() => {
          const v = document.querySelector<HTMLVideoElement>('video');
          return !!v && v.videoWidth > 0 && !v.paused;
        }),
      10_000,
      'camera preview playing',
    );
    await page.screenshot({ path: `${SHOTS}/lobby.png` });
    await page.close();
  });

  it('joining with microphone and camera turned off in the lobby: the others see both off, no video sent', async () => {
    const chair = await context.newPage();
    await chair.goto(t.invitations[0]!.url);
    await chair.getByTestId('join').click();
    const quiet = await browser.newContext({
      permissions: ['camera', 'microphone'],
      viewport: { width: 1280, height: 800 },
    });
    const page = await quiet.newPage();
    await page.goto(t.invitations[2]!.url);
    await page.getByTestId('join').waitFor();
    await page.getByTestId('lobby-mic-toggle').click();
    await page.getByTestId('lobby-cam-toggle').click();
    assert.equal(await page.getByTestId('lobby-cam-toggle').getAttribute('data-state'), 'off');
    assert.match(await page.locator('.preview').innerText(), /Camera đang tắt/);
    await page.screenshot({ path: `${SHOTS}/lobby-camera-off.png` });
    await page.getByTestId('join').click();
    await page.getByTestId('mic-toggle').waitFor();
    assert.equal(await page.getByTestId('mic-toggle').getAttribute('data-state'), 'off');
    assert.equal(await page.getByTestId('cam-toggle').getAttribute('data-state'), 'off');
    const seen = chair.locator('[data-testid="tile"][data-peer-name="Nguyễn Văn Thành"]');
    await waitUntil(async () => (await seen.count()) === 1, 15_000, 'the delegate on the chair’s screen');
    await waitUntil(async () => (await seen.getAttribute('data-mic')) === 'off', 10_000, 'the delegate muted');
    assert.equal(await seen.getAttribute('data-cam'), 'off');
    assert.equal(await seen.locator('video').evaluate((v) => (v as HTMLVideoElement).srcObject === null), true);
    // Turning the microphone on in the meeting reaches the others.
    await page.getByTestId('mic-toggle').click();
    await waitUntil(async () => (await seen.getAttribute('data-mic')) === 'on', 10_000, 'the delegate unmuted');
    await quiet.close();
    await chair.close();
  });

  it('an expired link shows a clear error page and no lobby', async () => {
    const expired = issueToken(t.server.services.tokenSecret, {
      meetingId: t.meeting.id,
      participantId: 'delegate-1',
      role: 'delegate',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const page = await context.newPage();
    await page.goto(`${t.server.url}/join?token=${encodeURIComponent(expired)}`);
    await page.getByTestId('error-page').waitFor();
    assert.match(await page.getByTestId('error-page').innerText(), /hết hạn/i);
    assert.equal(await page.getByTestId('join').count(), 0);
    await page.screenshot({ path: `${SHOTS}/expired-link.png` });
    await page.close();
  });

  it('a link to an unknown meeting or a forged link shows an error page', async () => {
    const unknown = issueToken(t.server.services.tokenSecret, {
      meetingId: 'khong-ton-tai',
      participantId: 'chair',
      role: 'chair',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    for (const token of [unknown, 'gia-mao.khong-hop-le']) {
      const page = await context.newPage();
      await page.goto(`${t.server.url}/join?token=${encodeURIComponent(token)}`);
      await page.getByTestId('error-page').waitFor();
      assert.equal(await page.getByTestId('join').count(), 0);
      await page.close();
    }
  });
});
