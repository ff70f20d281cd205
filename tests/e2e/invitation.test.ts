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
