// bench:join — repeated joins of a fresh client into a running meeting (two participants already sending camera and
// microphone): time from clicking "join" to the first remote video frame rendered. Last line: JSON.
// Usage: npm run bench:join -- [--runs 15]
import { startTestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, remoteVideoFrames, waitUntil } from '../helpers/browser.ts';
import { MEASURE_JOIN, WATCH_PHASES } from './pageProbes.ts';
import { percentile, round } from './stats.ts';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number.parseInt(process.argv[runsArg + 1] ?? '15', 10) : 15;

const t = await startTestServer({ delegates: 2 });
const browser = await launchBrowser();
try {
  const present = [
    await joinMeeting(browser, t.invitations[0]!.url, 'chair'),
    await joinMeeting(browser, t.invitations[1]!.url, 'secretary'),
  ];
  for (const p of present) {
    await waitUntil(async () => (await remoteVideoFrames(p.page)).some((n) => n > 0), 20_000, 'warm-up media');
  }
  const samples: number[] = [];
  const phases: Record<string, number[]> = {};
  let timeouts = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({
      permissions: ['camera', 'microphone'],
      viewport: { width: 1280, height: 800 },
    });
    await context.addInitScript(WATCH_PHASES);
    const page = await context.newPage();
    await page.goto(t.invitations[2 + (i % 2)]!.url);
    await page.getByTestId('join').waitFor();
    // Measured inside the page: the click, then the first frame presented by any remote <video>.
    // A run with no remote frame within 20 s counts as 20 s (and as a timeout), so one bad run is visible, not fatal.
    const elapsed = (await page.evaluate(MEASURE_JOIN).catch(() => {
      timeouts++;
      return 20_000;
    })) as number;
    samples.push(elapsed);
    const seen = (await page.evaluate('window.__joinPhases')) as Record<string, number>;
    for (const [name, ms] of Object.entries(seen)) (phases[name] ??= []).push(ms);
    console.error(`run ${i + 1}/${runs}: ${round(elapsed)} ms`);
    await context.close();
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(
    JSON.stringify({
      bench: 'join',
      runs,
      p50_ms: round(percentile(samples, 50)),
      p95_ms: round(percentile(samples, 95)),
      max_ms: round(Math.max(...samples)),
      timeouts,
      goal_p95_ms: 1000,
      // Where the time goes: p50 of each step, from the click.
      phases_p50_ms: Object.fromEntries(
        Object.entries(phases)
          .map(([name, values]) => [name, round(percentile(values, 50))] as const)
          .sort((a, b) => a[1] - b[1]),
      ),
    }),
  );
} finally {
  await browser.close();
  await t.stop();
}
