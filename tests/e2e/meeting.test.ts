// Three real Chromium participants with fake camera and microphone in one meeting through the real SFU worker:
// video and audio flow both ways (DTLS-SRTP), a leaver's tile disappears, and a client that really drops off the
// network for five seconds (its own network namespace, link down) gets its media back without reloading the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  CHROMIUM,
  joinMeeting,
  launchBrowser,
  recvStats,
  remoteVideoFrames,
  remoteVideosPlaying,
  waitUntil,
  type Participant,
} from '../helpers/browser.ts';
import { createTestHost, type TestHost } from '../helpers/netns.ts';

const SHOTS = 'test-results/e2e';
let t: TestServer;
let browser: Browser;
let remoteBrowser: Browser;
let remoteHost: TestHost;
const people: Participant[] = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  remoteHost = createTestHost(CHROMIUM);
  // The SFU listens on the link's host address, which loopback clients reach as well.
  t = await startTestServer({ delegates: 2, env: { HOST: '0.0.0.0', SFU_LISTEN_IP: remoteHost.hostIp } });
  browser = await launchBrowser();
  const origin = `http://${remoteHost.hostIp}:${t.server.port}`;
  remoteBrowser = await launchBrowser(
    [`--unsafely-treat-insecure-origin-as-secure=${origin}`],
    remoteHost.chromiumPath,
  );
});

after(async () => {
  await remoteBrowser?.close();
  await browser?.close();
  await t?.stop();
  remoteHost?.remove();
});

describe('a three-way video meeting', () => {
  it('each participant sees two remote videos playing and receives remote audio', async () => {
    // The chair and delegate 2 on this machine; delegate 1 on a test host of its own across a network link.
    const [chair, , delegate1, delegate2] = t.invitations;
    const remoteUrl = delegate1!.url.replace(/^http:\/\/[^/]+/, `http://${remoteHost.hostIp}:${t.server.port}`);
    people.push(await joinMeeting(browser, chair!.url, chair!.name));
    people.push(await joinMeeting(remoteBrowser, remoteUrl, delegate1!.name));
    people.push(await joinMeeting(browser, delegate2!.url, delegate2!.name));
    for (const p of people) {
      await waitUntil(async () => (await p.page.getByTestId('tile').count()) === 3, 15_000, `${p.name}: 3 tiles`);
    }
    for (const p of people) {
      await waitUntil(() => remoteVideosPlaying(p.page, 2), 20_000, `${p.name}: two remote videos playing`);
      const a = await recvStats(p.page);
      await new Promise((r) => setTimeout(r, 1000));
      const b = await recvStats(p.page);
      assert.ok(b.audioPacketsReceived > a.audioPacketsReceived, `${p.name} receives remote audio packets`);
      assert.ok(b.videoFramesDecoded > a.videoFramesDecoded, `${p.name} decodes remote video`);
    }
    const names = await people[0]!.page
      .getByTestId('tile')
      .evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-peer-name')));
    assert.ok(names.includes('Trần Quốc Khánh'), `tiles carry names: ${names.join(', ')}`);
    await people[0]!.page.screenshot({ path: `${SHOTS}/meeting-chair.png` });
  });

  it('a participant who leaves disappears from the others within 2 s', async () => {
    const leaver = people.pop()!;
    const leaverName = await leaver.page.locator('[data-testid="tile"] video[data-self="true"]').count();
    assert.equal(leaverName, 1, 'the leaver has a self view');
    await leaver.page.getByTestId('leave').click();
    for (const p of people) {
      const ms = await waitUntil(
        async () => (await p.page.getByTestId('tile').count()) === 2,
        2000,
        `${p.name}: tile gone`,
      );
      assert.ok(ms <= 2000);
    }
    await leaver.context.close();
  });

  it('a client offline for 5 s gets its media back without a page reload', async () => {
    const [stayer, dropper] = people as [Participant, Participant];
    await dropper.page.evaluate(() => ((window as unknown as { __loadedOnce?: boolean }).__loadedOnce = true));
    remoteHost.setLinkUp(false);
    await new Promise((r) => setTimeout(r, 5000));
    const framesWhileDown = await remoteVideoFrames(stayer.page);
    await new Promise((r) => setTimeout(r, 500));
    const stalled = (await remoteVideoFrames(stayer.page)).every((n, i) => n === framesWhileDown[i]);
    remoteHost.setLinkUp(true);
    assert.ok(stalled, 'the link was really down: no frames from the dropped client reached the others');
    await waitUntil(
      () => remoteVideosPlaying(dropper.page, 1),
      20_000,
      'the returning client plays remote video again',
    );
    await waitUntil(() => remoteVideosPlaying(stayer.page, 1), 20_000, 'the others play the returning client again');
    const a = await recvStats(dropper.page);
    await new Promise((r) => setTimeout(r, 1000));
    const b = await recvStats(dropper.page);
    assert.ok(b.audioPacketsReceived > a.audioPacketsReceived, 'audio flows again');
    const sameDocument = await dropper.page.evaluate(
      () => (window as unknown as { __loadedOnce?: boolean }).__loadedOnce,
    );
    assert.equal(sameDocument, true, 'the page was not reloaded');
    assert.equal(await dropper.page.getByTestId('reconnecting').count(), 0, 'the reconnecting banner is gone');
    await dropper.page.screenshot({ path: `${SHOTS}/after-reconnect.png` });
  });
});
