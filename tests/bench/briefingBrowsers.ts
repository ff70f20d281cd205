// The Chromium side of bench:briefing: the chair, who joins first and draws; delegates who join again and again
// (click → first remote frame, with phases, as bench:join measures it) and then stay to receive strokes.
import type { Browser, Page } from 'playwright-core';
import { joinMeeting, waitUntil, type Participant } from '../helpers/browser.ts';
import { MEASURE_JOIN, WATCH_MARKS, WATCH_PHASES, WATCH_STROKE_ENDS } from './pageProbes.ts';

export interface JoinSample {
  ms: number;
  timedOut: boolean;
  phases: Record<string, number>;
}

/** Waits until the page has drawn a page of the document on the stage. */
export function documentRendered(page: Page, timeoutMs = 60_000): Promise<number> {
  return waitUntil(
    async () => (await page.locator('[data-testid="document-page"][data-rendered="true"]').count()) > 0,
    timeoutMs,
    'the document on the stage',
  );
}

/** One measured join in a fresh context: from the lobby's click to the first remote frame; the context is closed. */
export async function measureJoin(browser: Browser, url: string, camera: boolean): Promise<JoinSample> {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
  });
  try {
    await context.addInitScript(WATCH_PHASES);
    const page = await context.newPage();
    await page.goto(url);
    if (!camera) await page.getByTestId('lobby-cam-toggle').click();
    await page.getByTestId('join').waitFor();
    let timedOut = false;
    // A run with no remote frame within 20 s counts as 20 s (and as a timeout): one bad run is visible, not fatal.
    const ms = (await page.evaluate(MEASURE_JOIN).catch(() => {
      timedOut = true;
      return 20_000;
    })) as number;
    const phases = (await page.evaluate('window.__joinPhases')) as Record<string, number>;
    // Leaving on purpose, as a person would: the server releases the seat at once.
    await page
      .getByTestId('leave')
      .click({ timeout: 2000 })
      .catch(() => undefined);
    return { ms, timedOut, phases };
  } finally {
    await context.close();
  }
}

/** A participant who stays: joined, the document drawn, and marks watched as they appear. */
export async function joinAndWatch(browser: Browser, url: string, name: string, camera: boolean): Promise<Participant> {
  const person = await joinMeeting(browser, url, name, { camera, microphone: true });
  await documentRendered(person.page);
  await person.page.evaluate(WATCH_MARKS);
  return person;
}

/** The chair draws a pen stroke with the mouse; resolves with the id of the mark that appeared for it. */
export async function drawStroke(chair: Page, index: number): Promise<string> {
  if (index === 0) {
    await chair.evaluate(WATCH_STROKE_ENDS);
    await chair.getByTestId('tool-pen').click();
  }
  const box = await chair.getByTestId('annotation-layer').boundingBox();
  if (!box) throw new Error('no annotation layer on the chair’s page');
  const x = box.x + 60 + (index % 5) * 90;
  // Three rows near the top of the page: further down is under the control bar on an 800-pixel window.
  const y = Math.max(box.y, 0) + 60 + (Math.floor(index / 5) % 3) * 50;
  const before = (await chair.evaluate('window.__markOrder.length')) as number;
  await chair.mouse.move(x, y);
  await chair.mouse.down();
  for (let k = 1; k <= 6; k++) await chair.mouse.move(x + k * 10, y + (k % 2) * 20);
  await chair.mouse.up();
  await waitUntil(
    async () => ((await chair.evaluate('window.__markOrder.length')) as number) > before,
    10_000,
    `stroke ${index + 1} on the chair’s own page`,
  );
  return ((await chair.evaluate('window.__markOrder')) as string[])[before]!;
}

/** When the stroke ended at the chair (pointer up), for stroke `index`. */
export async function strokeEnd(chair: Page, index: number): Promise<number> {
  return ((await chair.evaluate('window.__ups')) as number[])[index]!;
}

/** When the mark appeared in the page, or undefined. */
export async function markSeen(page: Page, id: string): Promise<number | undefined> {
  return (await page.evaluate(`window.__markSeen[${JSON.stringify(id)}]`)) as number | undefined;
}
