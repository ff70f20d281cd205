// bench:briefing — a briefing at the scale it is held: the chair and two delegates in real Chromium, N synthetic
// connection points (tests/load/) over real WebRTC, one meeting on the real server and worker. The server, the
// points and this driver (with the browsers) run in three processes, so that the server's CPU and event loop are
// its own. Phases, each measured apart:
//   1. the chair joins (Chromium, camera on) and opens the agenda document;
//   2. the points join, `--concurrency` at a time: join → first RTP and → DTLS connected, per point;
//   3. steady state, `--steady` seconds: server Node CPU and event-loop delay, the worker's CPU, memory, transports
//      and consumers (active, paused), signalling round trips of the points' requests; some points raise hands;
//   4. Chromium delegates join `--runs` times (click → first remote frame, phases), then two stay;
//   5. the chair draws `--strokes` strokes: pointer up → mark on every Chromium page and in every point's document.
// With --baseline DIR (a tree of an earlier build, its node_modules linked) the whole scenario runs first against
// that tree's server, then against this one's, in the same invocation: `baseline` in the JSON holds its figures.
// --static-dir serves one renderer build to both; --baseline-static-dir gives the baseline its own (a renderer change
// is then measured too, e.g. DIR/dist/renderer built in the baseline tree). Last line: JSON.
// Usage: npm run bench:briefing -- [--points 63] [--runs 6] [--strokes 20] [--steady 10] [--concurrency 4]
//   [--thumbnails 4] [--workers 1] [--hands 10] [--delegate-camera on|off] [--baseline DIR] [--static-dir DIR]
//   [--baseline-static-dir DIR]
import { runBriefing, type BriefingSettings } from './briefingScenario.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return value;
}
const text = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
};

const settings: BriefingSettings = {
  points: option('points', 63),
  runs: option('runs', 6),
  strokes: option('strokes', 20),
  steadyS: option('steady', 10),
  concurrency: option('concurrency', 4),
  thumbnails: option('thumbnails', 4),
  workers: option('workers', 1),
  hands: option('hands', 10),
  delegateCamera: text('delegate-camera') !== 'off',
  serverRoot: null,
  staticDir: text('static-dir'),
};
const baselineRoot = text('baseline');
const baselineStaticDir = text('baseline-static-dir') ?? settings.staticDir;
const baseline = baselineRoot
  ? await runBriefing({ ...settings, serverRoot: baselineRoot, staticDir: baselineStaticDir })
  : null;
const current = await runBriefing(settings);
console.log(
  JSON.stringify({
    ...current,
    ...(baseline ? { baseline: { root: baselineRoot, static_dir: baselineStaticDir, ...baseline } } : {}),
  }),
);
