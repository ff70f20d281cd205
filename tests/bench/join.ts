// bench:join — repeated joins of a fresh client into a running meeting (two participants already sending camera and
// microphone): time from clicking "join" to the first remote video frame rendered. Last line: JSON.
// With --baseline DIR (a tree of an earlier build, its node_modules linked and its renderer built in DIR/dist/renderer)
// the same joins run against that tree's server and renderer too, in the same invocation and in alternating rounds
// (baseline, current, baseline, …), so that both builds see the same load on a shared machine: `baseline` in the JSON.
// Usage: npm run bench:join -- [--runs 15] [--baseline DIR] [--rounds 3] [--static-dir DIR]
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, remoteVideoFrames, waitUntil } from '../helpers/browser.ts';
import { MEASURE_JOIN, WATCH_PHASES } from './pageProbes.ts';
import { percentile, round } from './stats.ts';

const text = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
};
const runs = Number.parseInt(text('runs') ?? '15', 10);
const baselineRoot = text('baseline');
const rounds = Math.max(1, Number.parseInt(text('rounds') ?? (baselineRoot ? '3' : '1'), 10));
const here = resolve(import.meta.dirname, '../..');

interface Variant {
  root: string;
  /** The renderer build its server serves. */
  staticDir: string;
}

interface Figures {
  samples: number[];
  /** Per run: from the receive transport connected to the first frame. */
  afterConnected: number[];
  phases: Record<string, number[]>;
  timeouts: number;
  /** The 1-minute load average, sampled every second while the variant ran. */
  load: number[];
}

const servers = new Map<string, (options: { delegates: number; env: Record<string, string> }) => Promise<TestServer>>();
async function starter(root: string) {
  let start = servers.get(root);
  if (!start) {
    const url = pathToFileURL(join(root, 'tests/helpers/server.ts')).href;
    start = ((await import(url)) as typeof import('../helpers/server.ts')).startTestServer;
    servers.set(root, start);
  }
  return start;
}

/** One server of the variant, its two senders warmed up, then `count` measured joins into it. */
async function session(browser: Browser, variant: Variant, count: number, into: Figures, label: string) {
  const loadTimer = setInterval(() => into.load.push(loadavg()[0]!), 1000);
  into.load.push(loadavg()[0]!);
  const t = await (await starter(variant.root))({ delegates: 2, env: { STATIC_DIR: variant.staticDir } });
  const present = [
    await joinMeeting(browser, t.invitations[0]!.url, 'chair'),
    await joinMeeting(browser, t.invitations[1]!.url, 'secretary'),
  ];
  try {
    for (const p of present) {
      await waitUntil(async () => (await remoteVideoFrames(p.page)).some((n) => n > 0), 20_000, 'warm-up media');
    }
    for (let i = 0; i < count; i++) {
      const context = await browser.newContext({
        permissions: ['camera', 'microphone'],
        viewport: { width: 1280, height: 800 },
      });
      await context.addInitScript(WATCH_PHASES);
      const page = await context.newPage();
      await page.goto(t.invitations[2 + (i % 2)]!.url);
      await page.getByTestId('join').waitFor();
      // Measured inside the page: the click, then the first frame presented by any remote <video>.
      // A run with no remote frame within 20 s counts as 20 s (and as a timeout): one bad run is visible, not fatal.
      const elapsed = (await page.evaluate(MEASURE_JOIN).catch(() => {
        into.timeouts++;
        return 20_000;
      })) as number;
      into.samples.push(elapsed);
      const seen = (await page.evaluate('window.__joinPhases')) as Record<string, number>;
      for (const [name, ms] of Object.entries(seen)) (into.phases[name] ??= []).push(ms);
      // The wait for a decodable frame once a transport is up (the receive one first: the client asks for the others'
      // media before it sends its own), mostly the sender's keyframe.
      const connected = seen['transport_connected'];
      if (connected !== undefined && elapsed < 20_000) into.afterConnected.push(elapsed - connected);
      const after = connected === undefined ? '' : `, ${round(elapsed - connected)} after connected`;
      console.error(`${label} run ${i + 1}/${count}: ${round(elapsed)} ms${after} (load ${round(loadavg()[0]!)})`);
      await context.close();
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    clearInterval(loadTimer);
    for (const p of present) await p.context.close();
    // A tree under work may fail while shutting down; the figures taken are still good.
    await t
      .stop()
      .catch((error: unknown) => console.error(`${label}: the server did not stop cleanly: ${String(error)}`));
  }
}

function summary(f: Figures) {
  return {
    runs: f.samples.length,
    p50_ms: round(percentile(f.samples, 50)),
    p95_ms: round(percentile(f.samples, 95)),
    max_ms: round(Math.max(...f.samples)),
    timeouts: f.timeouts,
    connected_to_frame_p50_ms: round(percentile(f.afterConnected, 50)),
    connected_to_frame_p95_ms: round(percentile(f.afterConnected, 95)),
    // Where the time goes: p50 of each step, from the click.
    phases_p50_ms: Object.fromEntries(
      Object.entries(f.phases)
        .map(([name, values]) => [name, round(percentile(values, 50))] as const)
        .sort((a, b) => a[1] - b[1]),
    ),
    load_1min: { min: round(Math.min(...f.load)), max: round(Math.max(...f.load)) },
  };
}

const current: Variant = { root: here, staticDir: resolve(text('static-dir') ?? join(here, 'dist/renderer')) };
const baseline: Variant | null = baselineRoot
  ? { root: resolve(baselineRoot), staticDir: join(resolve(baselineRoot), 'dist/renderer') }
  : null;
const newFigures = (): Figures => ({ samples: [], afterConnected: [], phases: {}, timeouts: 0, load: [] });
const figures = { current: newFigures(), baseline: newFigures() };

const browser = await launchBrowser();
try {
  // Runs split over the rounds as evenly as they go; each round starts a fresh server per variant.
  for (let r = 0; r < rounds; r++) {
    const count = Math.floor(runs / rounds) + (r < runs % rounds ? 1 : 0);
    if (count === 0) continue;
    if (baseline) await session(browser, baseline, count, figures.baseline, `baseline round ${r + 1}`);
    await session(browser, current, count, figures.current, baseline ? `current round ${r + 1}` : 'run');
  }
  console.log(
    JSON.stringify({
      bench: 'join',
      ...summary(figures.current),
      // Three clients on loopback; the 63-point briefing's goal (1000 ms) is bench:briefing's.
      goal_p95_ms: 600,
      ...(baseline ? { rounds, baseline: { root: baseline.root, ...summary(figures.baseline) } } : {}),
    }),
  );
} finally {
  await browser.close();
}
