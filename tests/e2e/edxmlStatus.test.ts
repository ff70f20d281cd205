// A receiver's status reaching the screen, in real Chromium: minutes filed to the edXML axis through the real server
// (the agency's PKCS#12, the secretary and the chair signing with the demo identities over signalling), a connection
// point's browser with the minutes open, and a status package dropped into the connector's inbox — the browser shows
// it in the filing panel within a second of the drop; a refusal dropped after it shows as the receiver's status.
// Needs chromium, openssl, poppler-utils and fonts-liberation2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';
import { statusMessage } from '../integration/minutes/edxmlCast.ts';
import { startEdxmlMeeting, stopEdxmlMeeting, type EdxmlMeeting } from '../integration/minutes/edxmlMeeting.ts';
import { writeFinaliseAndSign } from '../integration/minutes/minutesCast.ts';

const SHOTS = process.env.PHONGHOP_SCREENSHOTS ?? 'test-results/e2e';
let meeting: EdxmlMeeting | undefined;
let browser: Browser | undefined;
let point: Participant;
let documentId = '';

const inbox = () => meeting!.t.server.services.config.minutes.archive.edxml.inbox;
const shown = (page: Page) =>
  page.locator('[data-testid="filing-panel"] [data-testid="record-filing-status"]').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-code') ?? ''),
  );

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  meeting = await startEdxmlMeeting('edxml-e2e-');
  const { t, c } = meeting;
  await writeFinaliseAndSign(c);
  const filed = c.chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 15_000);
  await c.secretary.request('minutesFile', {});
  documentId = (await filed).filing!.receipt!.id;
  browser = await launchBrowser();
  // The seeded meeting's second connection point, in the browser, with the minutes open.
  point = await joinMeeting(browser, `${t.server.url}/join?token=${c.seeded.token('delegate-2')}`, 'delegate-2', {
    camera: false,
    microphone: false,
  });
  await point.page.getByTestId('minutes-open').click();
  await point.page.getByTestId('filing-panel').waitFor({ timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await stopEdxmlMeeting(meeting);
});

describe("a receiver's status on screen", () => {
  it('shows a status package dropped into the inbox within a second', async () => {
    assert.deepEqual(await shown(point.page), []);
    const dropped = Date.now();
    writeFileSync(
      join(inbox(), 'status-01.xml'),
      statusMessage({ documentId, code: '01', timestamp: '2026/11/23 14:05:00' }),
    );
    await waitUntil(async () => (await shown(point.page)).includes('01'), 5000, 'the status on screen');
    const ms = Date.now() - dropped;
    console.log(`# status on screen ${ms} ms after the drop`);
    assert.ok(ms < 1000, `${ms} ms`);
    await point.page.screenshot({ path: join(SHOTS, 'edxml-status.png') });
  });

  it('shows a refusal that comes after it as the receiver’s status', async () => {
    writeFileSync(
      join(inbox(), 'status-02.xml'),
      statusMessage({ documentId, code: '02', timestamp: '2026/11/23 15:00:00', description: 'Sai thể thức' }),
    );
    await waitUntil(async () => (await shown(point.page)).includes('02'), 5000, 'the refusal on screen');
    assert.deepEqual(await shown(point.page), ['01', '02']);
    await point.page.screenshot({ path: join(SHOTS, 'edxml-status-refused.png') });
  });
});
