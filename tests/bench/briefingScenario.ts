// One run of bench:briefing's scenario (briefing.ts says what is measured): a server (this tree's, or an older
// build's for the baseline), the synthetic points and the Chromium clients, measured phase by phase. Returns the
// figures as bench:briefing prints them.
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../helpers/browser.ts';
import { startChild } from '../load/childProcess.ts';
import type { PointsCalls } from '../load/pointsProcess.ts';
import type { ServerCalls } from '../load/serverProcess.ts';
import type { ServerWindow } from '../load/serverStats.ts';
import { drawStroke, joinAndWatch, markSeen, measureJoin, strokeEnd, type JoinSample } from './briefingBrowsers.ts';
import { percentile, round } from './stats.ts';

export interface BriefingSettings {
  points: number;
  runs: number;
  strokes: number;
  steadyS: number;
  concurrency: number;
  thumbnails: number;
  workers: number;
  hands: number;
  delegateCamera: boolean;
  /** The tree whose server runs (its server/ and tests/helpers/server.ts); this one when null. */
  serverRoot: string | null;
  /** The renderer the server serves (STATIC_DIR); the server's default when null. */
  staticDir: string | null;
}

const log = (line: string) => console.error(`[briefing] ${line}`);
const load = () => round(loadavg()[0]!);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stat = (values: number[], p: number) => (values.length > 0 ? round(percentile(values, p)) : null);

/** One window of the server's figures, flattened for the JSON (one worker, or the sum over workers). */
function serverFigures(w: ServerWindow) {
  const sum = (pick: (x: ServerWindow['workers'][number]) => number) => w.workers.reduce((n, x) => n + pick(x), 0);
  const workerCpu = sum((x) => x.cpuPct);
  const active = sum((x) => x.consumersActive);
  const transports = sum((x) => x.transports);
  return {
    seconds: round(w.seconds),
    node_cpu_pct: round(w.nodeCpuPct),
    event_loop_p50_ms: round(w.eventLoopP50Ms),
    event_loop_p99_ms: round(w.eventLoopP99Ms),
    event_loop_max_ms: round(w.eventLoopMaxMs),
    node_rss_mb: w.nodeRssMb,
    node_heap_mb: w.nodeHeapMb,
    worker_cpu_pct: round(workerCpu),
    worker_rss_mb: round(sum((x) => x.rssMb ?? 0)),
    transports,
    transports_connected: sum((x) => x.transportsConnected),
    producers: sum((x) => x.producers),
    consumers: sum((x) => x.consumers),
    consumers_active: active,
    consumers_paused: sum((x) => x.consumersPaused),
    worker_cpu_pct_per_100_active_consumers: active > 0 ? round((workerCpu / active) * 100) : null,
    worker_cpu_pct_per_transport: transports > 0 ? round((workerCpu / transports) * 100) / 100 : null,
  };
}

export async function runBriefing(o: BriefingSettings): Promise<Record<string, unknown>> {
  const POINTS = o.points;
  const RUNS = o.runs;
  const STROKES = o.strokes;
  const STEADY_S = o.steadyS;
  const CONCURRENCY = o.concurrency;
  const THUMBNAILS = o.thumbnails;
  const WORKERS = o.workers;
  const HANDS = Math.min(o.points, o.hands);
  const DELEGATE_CAMERA = o.delegateCamera;
  const loadAtStart = loadavg().map(round);
  log(`${POINTS} points, server ${o.serverRoot ?? 'this tree'}, ${cpus().length} cores, load ${loadAtStart.join(' ')}`);
  const serverEnv: Record<string, string> = {
    ...(o.serverRoot ? { SERVER_ROOT: resolve(o.serverRoot) } : {}),
    ...(o.staticDir ? { STATIC_DIR: resolve(o.staticDir) } : {}),
  };
  const server = startChild<ServerCalls>(join(import.meta.dirname, '../load/serverProcess.ts'), serverEnv);
  const points = startChild<PointsCalls>(join(import.meta.dirname, '../load/pointsProcess.ts'));
  const browser = await launchBrowser();
  try {
    const started = await server.call('start', { delegates: POINTS + 2, env: { SFU_WORKERS: String(WORKERS) } });
    const invitation = (id: string) => started.invitations.find((i) => i.id === id)!;
    // The chair and delegates 1–2 are Chromium; delegates 3… are the synthetic points; the secretary stays away.
    const joiners = [invitation('delegate-1'), invitation('delegate-2')];
    const synthetic = started.invitations.filter((i) => /^delegate-\d+$/.test(i.id) && !joiners.includes(i));

    // 1. The chair.
    const chair = await joinAndWatch(browser, invitation('chair').url, 'chair', true);
    log(`chair joined (load ${load()})`);

    // 2. The points join.
    await server.call('statsStart', null);
    const joinStarted = performance.now();
    const joined = await points.call('join', {
      options: {
        url: started.url,
        thumbnails: THUMBNAILS,
        statusEveryMs: 3000,
        autoVoteWithinMs: null,
        concurrency: CONCURRENCY,
      },
      tokens: synthetic.slice(0, POINTS).map((i) => i.token),
    });
    const connectedAfterJoin = await points.call('waitConnected', { timeoutMs: 60_000 });
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const joinWindow = await server.call('statsRead', null);
    const joinMetrics = await points.call('metrics', null);
    log(
      `${joined.joined} points joined (${joined.failed} failed) in ${round(joinSeconds)} s, ` +
        `${connectedAfterJoin} connected; load ${load()}`,
    );
    for (const failure of joined.failures.slice(0, 5)) log(`join failure: ${failure}`);
    for (const s of (await points.call('status', null)).filter((p) => !p.connected).slice(0, 10)) {
      log(
        `${s.id} not connected: waiting for ${s.waitingFor.join(', ')}; ${s.consumers} consumers; ${s.errors.join('; ')}`,
      );
    }

    // 3. Steady state.
    await points.call('status', null);
    await points.call('resetMeasurements', null);
    await server.call('statsStart', null);
    await sleep((STEADY_S * 1000) / 2);
    const hands = await points.call('raiseHands', { count: HANDS });
    await sleep((STEADY_S * 1000) / 2);
    const steadyWindow = await server.call('statsRead', null);
    const steadyPoints = await points.call('metrics', null);
    const states = await points.call('status', null);
    const receiving = states.filter((s) => s.connected && s.newPackets > 0).length;
    const pointErrors = states.flatMap((s) => s.errors);
    log(`steady: ${receiving}/${states.length} points receiving, ${hands.length} hands raised; load ${load()}`);

    // 4. Chromium delegates join into the full meeting.
    const joins: JoinSample[] = [];
    await server.call('statsStart', null);
    for (let run = 0; run < RUNS; run++) {
      const sample = await measureJoin(browser, joiners[run % 2]!.url, DELEGATE_CAMERA);
      joins.push(sample);
      log(`join ${run + 1}/${RUNS}: ${round(sample.ms)} ms${sample.timedOut ? ' (timed out)' : ''}; load ${load()}`);
      await sleep(500);
    }
    const chromiumJoinWindow = await server.call('statsRead', null);

    // 5. Strokes to every page.
    const receivers = [];
    for (const [n, j] of joiners.entries())
      receivers.push(await joinAndWatch(browser, j.url, `delegate-${n + 1}`, false));
    const synced = await points.call('openAnnotations', { ref: started.document, timeoutMs: 30_000 });
    await points.call('resetMeasurements', null);
    await server.call('statsStart', null);
    await server.call('syncTimings', null);
    const strokesStarted = performance.now();
    const strokeIds: string[] = [];
    for (let i = 0; i < STROKES; i++) {
      strokeIds.push(await drawStroke(chair.page, i));
      await sleep(400);
    }
    await sleep(2000);
    const strokeWindow = await server.call('statsRead', null);
    const strokeSeconds = (performance.now() - strokesStarted) / 1000;
    const sync = await server.call('syncTimings', null);
    const strokeMetrics = await points.call('metrics', null);
    const chromiumLatencies: number[] = [];
    const syntheticLatencies: number[] = [];
    // Where the time goes: pointer up → the update at the server, the server's own work, the server → each receiver.
    // Each stroke is one update (the viewer writes a mark on pointer up); matched by order when the counts agree.
    const breakdown = sync.updates.length === strokeIds.length;
    const toServer: number[] = [];
    const fromServer: number[] = [];
    let missing = 0;
    for (const [i, id] of strokeIds.entries()) {
      const up = await strokeEnd(chair.page, i);
      const atServer = breakdown ? sync.updates[i]!.at : null;
      if (atServer !== null) toServer.push(atServer - up);
      const seenAt = async (seen: number | undefined, into: number[]) => {
        if (seen === undefined) {
          missing++;
          return;
        }
        into.push(seen - up);
        if (atServer !== null) fromServer.push(seen - atServer);
      };
      for (const r of receivers) await seenAt(await markSeen(r.page, id), chromiumLatencies);
      for (const arrivals of strokeMetrics.markArrivals) await seenAt(arrivals[id], syntheticLatencies);
    }
    const all = [...chromiumLatencies, ...syntheticLatencies];
    const steady = serverFigures(steadyWindow);
    const joinMs = joins.map((j) => j.ms);
    const phaseNames = [...new Set(joins.flatMap((j) => Object.keys(j.phases)))];
    return {
      bench: 'briefing',
      points: POINTS,
      connected: receiving,
      join_failed: joined.failed,
      annotation_synced: synced,
      join_p50_ms: stat(joinMs, 50),
      join_p95_ms: stat(joinMs, 95),
      join_max_ms: joinMs.length > 0 ? round(Math.max(...joinMs)) : null,
      join_runs: joins.length,
      join_timeouts: joins.filter((j) => j.timedOut).length,
      join_phases_p50_ms: Object.fromEntries(
        phaseNames
          .map(
            (n) =>
              [
                n,
                stat(
                  joins.flatMap((j) => (n in j.phases ? [j.phases[n]!] : [])),
                  50,
                ),
              ] as const,
          )
          .sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0)),
      ),
      synthetic_first_rtp_p50_ms: stat(joinMetrics.joinToFirstRtpMs, 50),
      synthetic_first_rtp_p95_ms: stat(joinMetrics.joinToFirstRtpMs, 95),
      synthetic_connected_p95_ms: stat(joinMetrics.joinToConnectedMs, 95),
      synthetic_media_restarts: (await points.call('metrics', null)).mediaRestarts,
      // Where a point's join goes: p50 of each step (the lobby's from its start, the rest from the click).
      synthetic_phases_p50_ms: Object.fromEntries(
        Object.entries(joinMetrics.joinPhasesMs).map(([name, values]) => [name, stat(values, 50)]),
      ),
      stroke_p50_ms: stat(all, 50),
      stroke_p95_ms: stat(all, 95),
      stroke_max_ms: all.length > 0 ? round(Math.max(...all)) : null,
      stroke_chromium_p95_ms: stat(chromiumLatencies, 95),
      stroke_synthetic_p95_ms: stat(syntheticLatencies, 95),
      stroke_samples: all.length,
      stroke_missing: missing,
      stroke_to_server_p50_ms: stat(toServer, 50),
      stroke_server_work_p95_ms: stat(
        sync.updates.map((u) => u.ms),
        95,
      ),
      stroke_server_cpu_p95_ms: stat(
        sync.updates.map((u) => u.cpuMs),
        95,
      ),
      stroke_server_to_receiver_p50_ms: stat(fromServer, 50),
      stroke_server_to_receiver_p95_ms: stat(fromServer, 95),
      sync_updates_in_window: sync.updates.length,
      // Storing (one SQLite transaction and its fsync) runs on the event loop after the relay.
      sync_store_p95_ms: stat(sync.flushMs, 95),
      sync_store_max_ms: sync.flushMs.length > 0 ? round(Math.max(...sync.flushMs)) : null,
      awareness_per_s: round(sync.awarenessCpuMs.length / strokeSeconds),
      awareness_server_cpu_p95_ms: stat(sync.awarenessCpuMs, 95),
      signalling_rtt_p50_ms: stat(steadyPoints.roundTripMs, 50),
      signalling_rtt_p95_ms: stat(steadyPoints.roundTripMs, 95),
      signalling_requests: steadyPoints.roundTripsByRequest,
      event_loop_p99_ms: steady.event_loop_p99_ms,
      server: {
        join_of_points: serverFigures(joinWindow),
        steady,
        chromium_joins: serverFigures(chromiumJoinWindow),
        strokes: serverFigures(strokeWindow),
      },
      points_process: {
        cpu_pct: round(steadyPoints.cpuPct),
        rss_mb: steadyPoints.rssMb,
        event_loop_p99_ms: round(steadyPoints.eventLoopP99Ms),
        event_loop_p99_ms_strokes: round(strokeMetrics.eventLoopP99Ms),
      },
      point_errors: pointErrors.slice(0, 10),
      settings: { runs: RUNS, strokes: STROKES, steady_s: STEADY_S, concurrency: CONCURRENCY, thumbnails: THUMBNAILS },
      workers: WORKERS,
      cores: cpus().length,
      load_avg_1m_start: loadAtStart[0],
      load_avg_1m_end: load(),
    };
  } finally {
    await browser.close().catch(() => undefined);
    await points.stop();
    await server.stop();
  }
}
