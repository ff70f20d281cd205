// The kill loop (`npm run fault:kill`): the real server as a child process on one data folder, killed with SIGKILL
// at random moments — while it starts, and while a scripted meeting (meetingScript.ts) draws, writes the minutes,
// votes, signs and files — and started again each time. After every restart: `PRAGMA integrity_check` is ok, and
// every acknowledged upload, update, ballot, vote, lifecycle step and signature is still there (killLedger.ts);
// the archive never holds a record twice. The meetings go on from wherever the server is after each restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interrupted, MeetingScript } from './meetingScript.ts';
import { KillLedger } from './killLedger.ts';
import { Rng } from './random.ts';
import { RssSampler, serverStillServes, type FuzzReport } from './report.ts';
import { seedDataDir } from './seed.ts';
import { ServerProcess } from './serverProcess.ts';
import { registerCertificate, startSigning } from './signers.ts';
import { loadAverage } from './tally.ts';

export interface KillLoopOptions {
  seed: number;
  kills: number;
  /** After the last kill, run the meeting under way to its filing without killing (default: yes). */
  finish?: boolean;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function killLoop(options: KillLoopOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const rng = new Rng(options.seed);
  const workDir = mkdtempSync(join(tmpdir(), 'phonghop-fault-kill-'));
  const dataDir = join(workDir, 'data');
  const signing = await startSigning(dataDir, workDir);
  const { signers } = signing;
  // More meetings than the run can get through (one takes a few kills), and one nobody touches for the last check.
  const userIds = { chair: signers.chair.userId, secretary: signers.secretary.userId };
  const seeded = seedDataDir(dataDir, options.kills + 2, 2, { userIds });
  const control = seeded.meetings.at(-1)!;
  const ledger = new KillLedger(dataDir, seeded.meetings.slice(0, -1));
  const env = { ...seeded.env, ...signing.env, LOG_LEVEL: 'error' };
  /** The accounts' certificates, registered once a server has acknowledged them (they are kept in DATA_DIR). */
  const registered = new Set<string>();
  const register = async (server: ServerProcess) => {
    for (const role of ['secretary', 'chair'] as const) {
      if (registered.has(role)) continue;
      const status = await registerCertificate(server.url, signers[role]).catch(() => 0);
      if (status === 201) registered.add(role);
      else if (server.alive()) scriptErrors.push(`${role} certificate registration: ${status}`);
    }
  };
  const unhandled: { kind: string; detail: string }[] = [];
  const scriptErrors: string[] = [];
  const lost = new Set<string>();
  const leaked = new Set<string>();
  const filedTwice = new Set<string>();
  const integrityFailures: string[] = [];
  let kills = 0;
  let startupKills = 0;
  let restarts = 0;
  let current = 0;
  const started = performance.now();

  const verifyOn = async (server: ServerProcess) => {
    const result = await ledger.verify(server.url);
    result.lost.forEach((l) => lost.add(l));
    result.leaked.forEach((l) => leaked.add(l));
    result.filedTwice.forEach((f) => filedTwice.add(f));
    if (result.integrity !== 'ok') integrityFailures.push(result.integrity);
  };
  /** What the script was doing when each kill came. */
  const phases = new Map<string, number>();
  let running: MeetingScript | null = null;
  /** Runs meetings in turn on this server until one stops short (killed, or refused something), or only one. */
  const runMeetings = async (server: ServerProcess, onlyOne = false) => {
    try {
      while (current < ledger.meetings.length) {
        const script = new MeetingScript(server.url, ledger, ledger.meetings[current]!, signers, rng.fork());
        running = script;
        try {
          await script.run();
        } finally {
          running = null;
          scriptErrors.push(...script.errors);
        }
        if (!ledger.meetings[current]!.filed) return;
        log(`  meeting ${ledger.meetings[current]!.number} filed`);
        current++;
        if (onlyOne) return;
      }
    } catch (error) {
      if (!(error instanceof Interrupted) && server.alive()) scriptErrors.push(String(error).slice(0, 300));
    }
  };

  try {
    log(`fault:kill seed=${options.seed} kills=${options.kills} data=${dataDir}`);
    while (kills < options.kills) {
      if (rng.chance(0.15)) {
        // Killed while it starts: opening the database, migrating, starting the worker, resuming the filing queue.
        const server = ServerProcess.spawn({ dataDir, env });
        await sleep(rng.int(50, 1500));
        await server.kill();
        unhandled.push(...server.unhandled);
        kills++;
        startupKills++;
        phases.set('starting', (phases.get('starting') ?? 0) + 1);
        log(`  kill ${kills} while starting`);
        continue;
      }
      const server = await ServerProcess.start({ dataDir, env });
      restarts++;
      await verifyOn(server);
      await register(server);
      const killAfter = rng.int(300, 6000);
      const timer = setTimeout(() => {
        // The phase as the kill lands (the script sees the kill only later, when its request fails).
        const phase = running?.phase ?? 'idle';
        phases.set(phase, (phases.get(phase) ?? 0) + 1);
        void server.kill();
      }, killAfter);
      await runMeetings(server);
      await server.exited();
      clearTimeout(timer);
      unhandled.push(...server.unhandled);
      kills++;
      log(
        `  kill ${kills} after ${killAfter} ms (meeting ${current + 1}/${ledger.meetings.length}, lost ${lost.size})`,
      );
    }
    const server = await ServerProcess.start({ dataDir, env });
    restarts++;
    const rss = new RssSampler(server);
    rss.start();
    await verifyOn(server);
    await register(server);
    if (options.finish ?? true) {
      await runMeetings(server, true);
      await verifyOn(server);
    }
    const serves = await serverStillServes(server, control);
    rss.stop();
    unhandled.push(...server.unhandled);
    await server.stop();
    const acked = ledger.meetings;
    return {
      fuzzer: 'kill',
      seed: options.seed,
      kills,
      startup_kills: startupKills,
      kills_by_phase: Object.fromEntries(phases),
      restarts,
      meetings_filed: acked.filter((m) => m.filed).length,
      acknowledged: {
        uploads: acked.reduce((n, m) => n + m.documents.length, 0),
        annotation_updates: acked.reduce((n, m) => n + m.annotationUpdates, 0),
        minutes_edits: acked.reduce((n, m) => n + m.minutesEdits, 0),
        ballots: acked.reduce((n, m) => n + [...m.votes.values()].reduce((b, v) => b + v.ballots.size, 0), 0),
        votes_closed: acked.reduce((n, m) => n + [...m.votes.values()].filter((v) => v.result).length, 0),
        signatures: acked.reduce((n, m) => n + m.signatures, 0),
      },
      lost: lost.size,
      leaked: leaked.size,
      filed_twice: filedTwice.size,
      integrity_failures: integrityFailures.length,
      problems_seen: [...lost, ...leaked, ...filedTwice, ...integrityFailures].slice(0, 20),
      script_errors: scriptErrors.length,
      script_error_samples: [...new Set(scriptErrors)].slice(0, 10),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      unhandled: unhandled.length,
      unhandled_samples: unhandled.slice(0, 5),
      server_alive: serves.ok,
      server_check: serves.detail,
      ...rss.summary(),
      load_avg: loadAverage(),
    };
  } finally {
    await signing.pki.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
