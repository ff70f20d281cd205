// When the SFU worker process serving a meeting dies, the server starts another and the clients rebuild their
// media on it by themselves: video comes back with no page reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, remoteVideosPlaying, waitUntil } from '../helpers/browser.ts';

let t: TestServer;
let browser: Browser;

before(async () => {
  t = await startTestServer({ delegates: 1 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

describe('SFU worker death', () => {
  it('clients get their media back on the replacement worker without reloading', async () => {
    const people = [
      await joinMeeting(browser, t.invitations[0]!.url, 'chair'),
      await joinMeeting(browser, t.invitations[2]!.url, 'delegate'),
    ];
    for (const p of people)
      await waitUntil(() => remoteVideosPlaying(p.page), 20_000, `${p.name}: remote video before`);
    for (const p of people) await p.page.evaluate(() => ((window as unknown as { __same?: boolean }).__same = true));
    const dead = t.server.pool.workers()[0]!.pid;
    process.kill(dead, 'SIGKILL');
    await waitUntil(async () => t.server.pool.workers()[0]?.pid !== dead, 5000, 'a replacement worker');
    for (const p of people)
      await waitUntil(() => remoteVideosPlaying(p.page), 20_000, `${p.name}: remote video after the restart`);
    for (const p of people) {
      assert.equal(await p.page.evaluate(() => (window as unknown as { __same?: boolean }).__same), true);
      assert.equal(await p.page.getByTestId('tile').count(), 2);
    }
  });
});
