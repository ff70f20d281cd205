// A chaired briefing in real Chromium: chair, secretary and two provincial connection points in one meeting through
// the real server and SFU. A delegate asks to speak and reaches the chair's queue; the chair gives the floor and
// every client spotlights the speaker; mute all silences every microphone (and the server says so); a vote runs to
// a result everyone sees; the status board follows a connection point that drops and comes back; chat; a guest
// admitted from the waiting room. Then a 34-province board for the screenshot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';
import { TestClient } from '../helpers/signallingClient.ts';
import { demoGuestLink } from '../../server/meetings/demoMeeting.ts';

const SHOTS = 'test-results/e2e';
const DOCS_SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : SHOTS;

let t: TestServer;
let browser: Browser;
let chair: Participant;
let secretary: Participant;
let delegate1: Participant;
let delegate2: Participant;

const everyone = () => [chair, secretary, delegate1, delegate2];

/** The status board row of a participant on the chair's page. */
const boardEntry = (page: Page, participantId: string) =>
  page.locator(`[data-testid="status-entry"][data-participant-id="${participantId}"]`);

async function attribute(page: Page, selector: string, name: string): Promise<string | null> {
  const locator = page.locator(selector);
  return (await locator.count()) > 0 ? locator.first().getAttribute(name) : null;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe('a chaired briefing in the browser', () => {
  before(async () => {
    t = await startTestServer({ delegates: 2 });
    const [c, s, d1, d2] = t.invitations;
    chair = await joinMeeting(browser, c!.url, 'chair');
    await chair.page.setViewportSize({ width: 1440, height: 900 });
    secretary = await joinMeeting(browser, s!.url, 'secretary');
    delegate1 = await joinMeeting(browser, d1!.url, 'delegate-1');
    delegate2 = await joinMeeting(browser, d2!.url, 'delegate-2');
    for (const p of everyone()) {
      await waitUntil(async () => (await p.page.getByTestId('tile').count()) === 4, 20_000, `${p.name}: 4 tiles`);
    }
    // Video is not what this file tests; cameras off keeps four browsers within two shared cores.
    for (const p of [secretary, delegate2]) await p.page.getByTestId('cam-toggle').click();
  });

  after(async () => {
    for (const p of everyone()) await p?.context.close().catch(() => undefined);
    await t?.stop();
  });

  it('the chair and secretary see every expected participant on the status board, with network reports', async () => {
    for (const host of [chair, secretary]) {
      await waitUntil(
        async () => (await host.page.locator('[data-testid="status-entry"][data-presence="online"]').count()) === 4,
        10_000,
        `${host.name}: four online entries`,
      );
    }
    // Clients report WebRTC stats every few seconds; the board shows the quality the server derives from them
    // (not asserted to be good: a loaded test machine may well measure a fair or poor loopback).
    await waitUntil(
      async () => (await boardEntry(chair.page, 'delegate-1').getAttribute('data-quality')) !== 'unknown',
      15_000,
      'delegate-1 reports its network',
    );
    assert.match((await boardEntry(chair.page, 'delegate-1').textContent()) ?? '', /\d+ ms/);
    for (const delegate of [delegate1, delegate2]) {
      assert.equal(await delegate.page.getByTestId('status-board').count(), 0, 'delegates have no status board');
    }
  });

  it('a delegate raises a hand and appears in the chair’s queue with the topic and their position', async () => {
    await delegate1.page.getByTestId('raise-hand').click();
    await delegate1.page.getByTestId('raise-hand-topic').fill('Tiến độ giải ngân vốn đầu tư công');
    await delegate1.page.getByTestId('raise-hand-submit').click();
    const position = delegate1.page.getByTestId('hand-position');
    await position.waitFor({ timeout: 5000 });
    assert.equal(await position.getAttribute('data-position'), '1');
    assert.match((await position.textContent()) ?? '', /Bạn đang ở vị trí số 1/);
    assert.equal(await delegate1.page.getByTestId('lower-hand').count(), 1);

    await chair.page.getByTestId('tab-queue').click();
    const entry = chair.page.locator('[data-testid="speaking-queue"] [data-testid="queue-entry"]');
    await entry.first().waitFor({ timeout: 5000 });
    assert.equal(await entry.count(), 1);
    assert.equal(await entry.first().getAttribute('data-peer-id'), 'delegate-1');
    const text = (await entry.first().textContent()) ?? '';
    assert.match(text, /Nguyễn Văn Thành/);
    assert.match(text, /Lào Cai/);
    assert.match(text, /Tiến độ giải ngân vốn đầu tư công/);
  });

  it('the chair gives the floor and every client shows that speaker spotlighted with a timer', async () => {
    await chair.page.getByTestId('grant-floor').click();
    for (const p of everyone()) {
      await waitUntil(
        async () => (await attribute(p.page, '[data-testid="spotlight"]', 'data-peer-id')) === 'delegate-1',
        8000,
        `${p.name}: delegate-1 spotlighted`,
      );
      assert.equal(await attribute(p.page, '[data-testid="spotlight"]', 'data-reason'), 'floor');
      // The speaker is the big tile: much wider than the thumbnails beside it.
      const widths = await p.page
        .locator('[data-testid="spotlight"] [data-testid="tile"]')
        .evaluateAll((tiles) =>
          tiles.map((tile) => [tile.getAttribute('data-peer-id'), tile.getBoundingClientRect().width] as const),
        );
      const main = widths.find(([id]) => id === 'delegate-1')?.[1] ?? 0;
      const others = widths.filter(([id]) => id !== 'delegate-1').map(([, w]) => w);
      assert.equal(others.length, 3, `${p.name}: the others in the filmstrip`);
      assert.ok(main > 2 * Math.max(...others), `${p.name}: the speaker's tile is large (${main} vs ${others})`);
      assert.match((await p.page.getByTestId('floor-timer').first().textContent()) ?? '', /\d\d:\d\d \/ 03:00/);
    }
    await delegate1.page.getByTestId('you-have-floor').waitFor({ timeout: 3000 });
    assert.equal(await delegate1.page.getByTestId('hand-position').count(), 0, 'the speaker left the queue');
    await waitUntil(
      async () => (await delegate1.page.getByTestId('mic-toggle').getAttribute('data-state')) === 'on',
      5000,
      'the speaker is live',
    );
    await delegate1.page.screenshot({ path: `${SHOTS}/briefing-floor-delegate.png` });
  });

  it('the chair mutes all: every microphone shows muted and the server confirms it', async () => {
    await chair.page.getByTestId('tab-controls').click();
    await chair.page.getByTestId('mute-all').click();
    await chair.page.getByTestId('mute-all-done').waitFor({ timeout: 5000 });
    assert.match((await chair.page.getByTestId('mute-all-done').textContent()) ?? '', /3/);
    for (const p of [secretary, delegate1, delegate2]) {
      await waitUntil(
        async () => (await p.page.getByTestId('mic-toggle').getAttribute('data-state')) === 'off',
        5000,
        `${p.name}: microphone muted`,
      );
    }
    // The server's view: the status board rows come from the server, as do the tiles the others see.
    await chair.page.getByTestId('tab-status').click();
    for (const id of ['secretary', 'delegate-1', 'delegate-2']) {
      await waitUntil(
        async () =>
          (await boardEntry(chair.page, id).getAttribute('data-mic')) === 'off' &&
          (await boardEntry(chair.page, id).getAttribute('data-muted-by-chair')) === 'true',
        5000,
        `server: ${id} muted by the chair`,
      );
    }
    assert.equal(await boardEntry(chair.page, 'chair').getAttribute('data-muted-by-chair'), 'false');
    await waitUntil(
      async () =>
        (await delegate2.page.locator('[data-testid="tile"][data-peer-id="delegate-1"]').getAttribute('data-mic')) ===
        'off',
      5000,
      'the others see delegate-1 muted',
    );
    // Self-unmute is off: the microphone stays off and the delegate is told to ask, which they can.
    await delegate1.page.getByTestId('mic-toggle').click();
    await delegate1.page.locator('[data-testid="toast"][data-code="forbidden"]').waitFor({ timeout: 5000 });
    assert.equal(await delegate1.page.getByTestId('mic-toggle').getAttribute('data-state'), 'off');
    await delegate2.page.getByTestId('request-unmute').click();
    await chair.page.getByTestId('tab-controls').click();
    await chair.page.getByTestId('unmute-request').waitFor({ timeout: 5000 });
  });

  it('a vote runs to a result that every client sees', async () => {
    await chair.page.getByTestId('tab-votes').click();
    await chair.page.getByTestId('vote-question').fill('Thông qua kế hoạch công tác tháng tới của Bộ?');
    await chair.page.getByTestId('vote-open').click();
    for (const voter of [delegate1, delegate2, chair]) {
      await voter.page.getByTestId('vote-ballot').waitFor({ timeout: 5000 });
      assert.equal(await voter.page.getByTestId('vote-option').count(), 3);
    }
    assert.equal(await secretary.page.getByTestId('vote-ballot').count(), 0, 'the secretary records, does not vote');
    await delegate2.page.screenshot({ path: `${DOCS_SHOTS}/vote.png` });

    await delegate1.page.locator('[data-testid="vote-option"][data-option="0"]').click();
    await delegate2.page.locator('[data-testid="vote-option"][data-option="0"]').click();
    await chair.page.locator('[data-testid="vote-option"][data-option="1"]').click();
    await delegate1.page.getByTestId('vote-cast').waitFor({ timeout: 5000 });
    await waitUntil(
      async () => (await attribute(chair.page, '[data-testid="vote-turnout"]', 'data-cast')) === '3',
      5000,
      'the chair’s live count reaches 3',
    );
    await chair.page.screenshot({ path: `${SHOTS}/briefing-vote-live.png` });
    await chair.page.getByTestId('vote-close').click();
    for (const p of everyone()) {
      await waitUntil(
        async () => (await attribute(p.page, '[data-testid="vote-result"]', 'data-counts')) === '2,1,0',
        5000,
        `${p.name}: the result 2–1–0`,
      );
      assert.match((await p.page.getByTestId('vote-result').textContent()) ?? '', /Tán thành/);
    }
    await chair.page.getByTestId('vote-history-entry').first().waitFor({ timeout: 3000 });
    for (const p of everyone()) await p.page.getByTestId('vote-result-close').click();
  });

  it('chat reaches everyone, and a message to the chair and secretary only them', async () => {
    await delegate1.page.getByTestId('panel-chat').click();
    await delegate1.page.getByTestId('chat-input').fill('Điểm cầu Lào Cai đã sẵn sàng báo cáo.');
    await delegate1.page.getByTestId('chat-input').press('Enter');
    await chair.page.getByTestId('tab-chat').click();
    await delegate2.page.getByTestId('panel-chat').click();
    for (const p of [chair, delegate2]) {
      await p.page.getByText('Điểm cầu Lào Cai đã sẵn sàng báo cáo.').waitFor({ timeout: 5000 });
    }
    await delegate1.page.getByTestId('chat-audience').selectOption('hosts');
    await delegate1.page.getByTestId('chat-input').fill('Xin gửi bổ sung số liệu quý III.');
    await delegate1.page.getByTestId('chat-send').click();
    await chair.page.getByText('Xin gửi bổ sung số liệu quý III.').waitFor({ timeout: 5000 });
    await secretary.page.getByTestId('panel-chat').click();
    await secretary.page.getByText('Xin gửi bổ sung số liệu quý III.').waitFor({ timeout: 5000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await delegate2.page.getByText('Xin gửi bổ sung số liệu quý III.').count(), 0);
    await chair.page.getByTestId('tab-status').click();
  });

  it('the status board shows a connection point going offline, with an alert, and coming back', async () => {
    await secretary.page.getByTestId('tab-status').click();
    await delegate2.context.close(); // the province's window closes without leaving: the link is gone
    await waitUntil(
      async () => (await boardEntry(chair.page, 'delegate-2').getAttribute('data-presence')) === 'dropped',
      10_000,
      'delegate-2 shown as dropped',
    );
    const alert = chair.page.locator('[data-testid="status-alert"][data-kind="dropped"]');
    await alert.waitFor({ timeout: 5000 });
    assert.equal(await alert.getAttribute('data-participant-id'), 'delegate-2');
    assert.equal(await boardEntry(chair.page, 'delegate-2').getAttribute('data-flagged'), 'true');
    const firstRow = chair.page.locator('[data-testid="status-entry"]').first();
    assert.equal(await firstRow.getAttribute('data-participant-id'), 'delegate-2', 'problems first');
    assert.equal(
      await secretary.page
        .locator('[data-testid="status-entry"][data-participant-id="delegate-2"]')
        .getAttribute('data-presence'),
      'dropped',
    );
    await chair.page.screenshot({ path: `${SHOTS}/briefing-dropped.png` });

    delegate2 = await joinMeeting(browser, t.invitations[3]!.url, 'delegate-2 again');
    await waitUntil(
      async () => (await boardEntry(chair.page, 'delegate-2').getAttribute('data-presence')) === 'online',
      15_000,
      'delegate-2 back online',
    );
    await chair.page.locator('[data-testid="status-alert"][data-kind="rejoined"]').waitFor({ timeout: 5000 });
    // The chair's mute-all still holds for the returning point.
    await waitUntil(
      async () => (await delegate2.page.getByTestId('mic-toggle').getAttribute('data-state')) === 'off',
      10_000,
      'the returning point starts muted',
    );
  });

  it('a guest waits in the waiting room until the chair admits them', async () => {
    const services = t.server.services;
    const link = demoGuestLink(services.meetings, t.meeting.id, services.tokenSecret, t.server.url);
    const context = await browser.newContext({
      permissions: ['camera', 'microphone'],
      viewport: { width: 1280, height: 800 },
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[guest] page error: ${error.message}`));
    await page.goto(link);
    await page.getByTestId('guest-name').fill('Chuyên gia Viện Chiến lược phát triển');
    await page.getByTestId('join').click();
    const waiting = page.locator('[data-testid="waiting-room-page"][data-status="waiting"]');
    await waiting.waitFor({ timeout: 10_000 });
    assert.match((await waiting.textContent()) ?? '', /Vui lòng chờ chủ trì cho phép vào phòng họp/);
    await page.screenshot({ path: `${SHOTS}/briefing-waiting-room.png` });

    await chair.page.getByTestId('tab-controls').click();
    const guestRow = chair.page.getByTestId('waiting-guest');
    await guestRow.waitFor({ timeout: 5000 });
    assert.match((await guestRow.textContent()) ?? '', /Chuyên gia Viện Chiến lược phát triển/);
    await chair.page.getByTestId('admit-guest').click();
    await waitUntil(async () => (await page.getByTestId('tile').count()) === 5, 15_000, 'the guest is in the meeting');
    assert.equal(await page.locator('[data-testid="tile"][data-self-tile="true"]').count(), 1);
    assert.equal(await page.getByTestId('raise-hand').count(), 1, 'a guest may ask to speak');
    await chair.page.getByTestId('tab-status').click();
    await waitUntil(
      async () => (await chair.page.getByTestId('status-entry').count()) === 5,
      5000,
      'the guest on the status board',
    );
    await context.close();
  });
});

describe('a national briefing: 34 provincial connection points on the chair’s status board', () => {
  let big: TestServer;
  const clients: TestClient[] = [];
  let board: Participant | null = null;

  before(async () => {
    big = await startTestServer({ delegates: 34 });
  });

  after(async () => {
    for (const client of clients) client.close();
    await board?.context.close();
    await big?.stop();
  });

  it('reads every connection point on one screen, problems first', async () => {
    // Signalling clients stand in for the provinces (no media): joined, microphones produced and mostly muted,
    // network reports of every kind; three points never join and one drops.
    const tokens = big.tokens;
    const absent = new Set([12, 23, 31]);
    const poor = new Set([9, 27]);
    const fair = new Set([5, 18, 30]);
    for (let i = 1; i < tokens.length; i++) {
      if (absent.has(i)) continue;
      const client = await new TestClient(big.server.url).connected();
      clients.push(client);
      await client.ok('join', { token: tokens[i]! });
      const send = await client.ok('createTransport', { direction: 'send' });
      const { producerId } = await client.ok('produce', {
        transportId: send.id,
        kind: 'audio',
        rtpParameters: {
          mid: '0',
          codecs: [
            {
              mimeType: 'audio/opus',
              payloadType: 100,
              clockRate: 48000,
              channels: 2,
              rtcpFeedback: [],
              parameters: {},
            },
          ],
          headerExtensions: [],
          encodings: [{ ssrc: 52_000_000 + i }],
          rtcp: { cname: `point-${i}`, reducedSize: true },
        },
        source: 'mic',
      });
      if (i % 7 !== 3) await client.ok('setProducerPaused', { producerId, paused: true });
      const rttMs = poor.has(i) ? 480 + i : fair.has(i) ? 210 + i : 18 + ((i * 7) % 40);
      const lossPct = poor.has(i) ? 6.4 : fair.has(i) ? 1.8 : (i % 5) / 10;
      await client.ok('reportStats', { rttMs, lossPct, sendKbps: 320 + i * 11, recvKbps: 1400 + i * 23 });
      if (i === 4 || i === 15) await client.ok('raiseHand', { topic: i === 4 ? 'Kiến nghị về vốn đầu tư' : undefined });
    }
    // The chair at a 1920×1080 screen, the usual desk monitor of a ministry meeting room.
    board = await joinMeeting(browser, big.invitations[0]!.url, 'chair (34 points)');
    await board.page.setViewportSize({ width: 1920, height: 1080 });
    await waitUntil(
      async () => (await board!.page.getByTestId('status-entry').count()) === 36,
      20_000,
      '36 rows: chair, secretary and 34 connection points',
    );
    // One province's link drops.
    const dropping = clients[20]!;
    dropping.close();
    await board.page.locator('[data-testid="status-alert"][data-kind="dropped"]').waitFor({ timeout: 20_000 });

    const order = await board.page
      .getByTestId('status-entry')
      .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-presence'), row.getAttribute('data-quality')]));
    assert.deepEqual(order[0], ['dropped', 'unknown'], 'the lost point first');
    assert.deepEqual(
      order.slice(1, 3).map(([, quality]) => quality),
      ['poor', 'poor'],
      'then poor networks',
    );
    assert.deepEqual(
      order.slice(3, 6).map(([presence]) => presence),
      ['absent', 'absent', 'absent'],
      'then those who never joined',
    );

    await board.page.getByTestId('board-expand').click();
    await new Promise((r) => setTimeout(r, 2500)); // a network report or two, and the alert's flash settles
    const rows = await board.page
      .getByTestId('status-entry')
      .evaluateAll((list) => list.map((row) => row.getBoundingClientRect().bottom));
    assert.equal(rows.length, 36);
    assert.ok(Math.max(...rows) <= 1080 - 80, `all 36 rows on one screen (lowest at ${Math.max(...rows)} px)`);
    await board.page.screenshot({ path: `${DOCS_SHOTS}/chair-status-board.png` });
  });
});
