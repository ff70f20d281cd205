// Three real Chromium participants with fake camera and microphone in one meeting through the real SFU worker:
// video and audio flow both ways (DTLS-SRTP), a leaver's tile disappears, and a client that drops off the
// network for five seconds gets its media back without reloading the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  joinMeeting,
  launchBrowser,
  recvStats,
  remoteVideoFrames,
  waitUntil,
  type Participant,
} from '../helpers/browser.ts';

const SHOTS = 'test-results/e2e';
let t: TestServer;
let browser: Browser;
const people: Participant[] = [];

async function framesAdvance(p: Participant, expectedVideos: number): Promise<boolean> {
  const first = await remoteVideoFrames(p.page);
  if (first.length < expectedVideos) return false;
  await new Promise((r) => setTimeout(r, 700));
  const second = await remoteVideoFrames(p.page);
  return (
    second.length >= expectedVideos && second.filter((n, i) => n > (first[i] ?? Infinity)).length >= expectedVideos
  );
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestServer({ delegates: 2 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await t?.stop();
});

describe('a three-way video meeting', () => {
  it('each participant sees two remote videos playing and receives remote audio', async () => {
    // chair, delegate 1, delegate 2
    for (const index of [0, 2, 3]) {
      const invitation = t.invitations[index]!;
      people.push(await joinMeeting(browser, invitation.url, invitation.name));
    }
    for (const p of people) {
      await waitUntil(async () => (await p.page.getByTestId('tile').count()) === 3, 15_000, `${p.name}: 3 tiles`);
    }
    for (const p of people) {
      await waitUntil(() => framesAdvance(p, 2), 20_000, `${p.name}: two remote videos playing`);
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
    await dropper.context.setOffline(true);
    await new Promise((r) => setTimeout(r, 5000));
    await dropper.context.setOffline(false);
    await waitUntil(() => framesAdvance(dropper, 1), 20_000, 'the returning client plays remote video again');
    await waitUntil(() => framesAdvance(stayer, 1), 20_000, 'the others play the returning client again');
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
