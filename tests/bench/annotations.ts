// bench:annotations — N Chromium clients in one meeting on the same agenda document, one of them drawing: time from
// the end of a stroke (pointer up at the drawer) to the stroke drawn in each other client's page (its SVG element
// in the DOM). Cameras and microphones are off (muted at the SFU):
// what is measured is the annotation path, not media. Last line: JSON.
// Usage: npm run bench:annotations -- [--clients 10] [--strokes 20]
import { seedDemoDocuments } from '../../server/documents/samples/seedDemoDocuments.ts';
import { startTestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';
import { percentile, round } from './stats.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number.parseInt(process.argv[at + 1] ?? '', 10) || fallback : fallback;
};
const clients = Math.max(2, arg('--clients', 10));
const strokes = Math.max(1, arg('--strokes', 20));

// Strings run in the pages: the TypeScript transform would add helpers Chromium does not have.
const WATCH_ARRIVALS = `(() => {
  window.__seen = new Set();
  window.__arrivals = [];
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-mark-id]')) {
      const id = el.dataset.markId;
      if (el.closest('[data-testid="annotation-layer"]') && !window.__seen.has(id)) {
        window.__seen.add(id);
        window.__arrivals.push(Date.now());
      }
    }
  }).observe(document.body, { subtree: true, childList: true });
})()`;
const WATCH_UPS = `(() => {
  window.__ups = [];
  // Only the end of a stroke: a click on a tool button is a pointerup too.
  document.addEventListener('pointerup', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="annotation-layer"]')) window.__ups.push(Date.now());
  }, true);
})()`;

const t = await startTestServer({ delegates: clients });
await seedDemoDocuments(t.server.services, t.meeting.id);
const browser = await launchBrowser();
const people: Participant[] = [];
try {
  const invitations = t.invitations.filter((i) => i.role !== 'secretary').slice(0, clients);
  for (const [n, invitation] of invitations.entries()) {
    const p = await joinMeeting(browser, invitation.url, `client-${n}`, { camera: false, microphone: false });
    people.push(p);
    await waitUntil(
      async () => (await p.page.locator('[data-testid="document-page"][data-rendered="true"]').count()) > 0,
      60_000,
      `${p.name}: the document`,
    );
  }
  const [drawer, ...others] = people as [Participant, ...Participant[]];
  for (const p of others) await p.page.evaluate(WATCH_ARRIVALS);
  await drawer.page.evaluate(WATCH_UPS);
  await drawer.page.getByTestId('tool-pen').click();
  const box = (await drawer.page.getByTestId('annotation-layer').boundingBox())!;
  const latencies: number[] = [];
  for (let i = 0; i < strokes; i++) {
    const x = box.x + 60 + (i % 5) * 90;
    // Three rows near the top of the page, over again: further down is under the control bar on a 800-pixel window.
    const y = Math.max(box.y, 0) + 60 + (Math.floor(i / 5) % 3) * 50;
    await drawer.page.mouse.move(x, y);
    await drawer.page.mouse.down();
    for (let k = 1; k <= 6; k++) await drawer.page.mouse.move(x + k * 10, y + (k % 2) * 20);
    await drawer.page.mouse.up();
    await waitUntil(
      async () =>
        (await Promise.all(others.map((p) => p.page.evaluate('window.__arrivals.length') as Promise<number>))).every(
          (n) => n > i,
        ),
      20_000,
      `stroke ${i + 1} everywhere`,
    );
    const up = ((await drawer.page.evaluate('window.__ups')) as number[])[i]!;
    for (const p of others) latencies.push(((await p.page.evaluate('window.__arrivals')) as number[])[i]! - up);
  }
  console.log(
    JSON.stringify({
      bench: 'annotations',
      clients,
      strokes,
      samples: latencies.length,
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      max_ms: round(Math.max(...latencies)),
    }),
  );
} finally {
  await browser.close();
  await t.stop();
}
