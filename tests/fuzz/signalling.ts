// The signalling fuzzer (`npm run fuzz:signalling`): the real server as a child process on a fresh data folder with
// a few meetings seeded, and many socket.io connections sending N messages of every kind (signallingMessages.ts),
// each connection joined as someone (chair, secretary, delegate, a guest at the waiting room) or as nobody, and
// connecting again now and then. It holds the server to: every acknowledged request answered with a typed Ack, no
// unhandled rejection or uncaught exception, alive and still serving a meeting nobody fuzzed at the end, memory
// bounded. The server runs with its default limits (RATE_LIMIT_RPS 50): connections pace themselves under them,
// a few flood on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainPdf } from '../helpers/pdfFixtures.ts';
import { FuzzConnection } from './fuzzConnection.ts';
import { Rng } from './random.ts';
import { IdPool } from './schemaValues.ts';
import { seedDataDir, uploadAccepted, type SeededMeeting } from './seed.ts';
import { ServerProcess } from './serverProcess.ts';
import { sendOne } from './signallingMessages.ts';
import { loadAverage, Tally } from './tally.ts';
import { RssSampler, serverStillServes, type FuzzReport } from './report.ts';

export interface SignallingFuzzOptions {
  seed: number;
  messages: number;
  /** Connections open at once; each connects again after a while, so more are made in all. */
  connections: number;
  /** Requests a second per connection (the server allows 50, in bursts of 200). */
  pace?: number;
  log?: (line: string) => void;
}

interface Run {
  url: string;
  ids: IdPool;
  tally: Tally;
  remaining: number;
  connectionsMade: number;
  connectFailures: number;
  meetings: SeededMeeting[];
}

/**
 * Who the connection is: mostly the participant this loop stands for (one identity per loop, so that loops do not
 * keep replacing each other's connections), sometimes someone else's token (which takes over their connection),
 * a guest knocking, a token from the pool, or nobody.
 */
async function identify(conn: FuzzConnection, run: Run, rng: Rng, identity: number): Promise<void> {
  const who = rng.weighted({ own: 66, other: 4, guest: 10, pooled: 8, nobody: 12 });
  if (who === 'nobody') return;
  run.remaining--;
  if (who === 'guest') {
    const meeting = rng.pick(run.meetings);
    run.tally.count(
      'knock',
      await conn.request('knock', { token: meeting.guestLink, name: `Khách ${rng.int(1, 99)}` }),
    );
    return;
  }
  const meeting = run.meetings[identity % run.meetings.length]!;
  const own = [...meeting.tokens.values()][Math.floor(identity / run.meetings.length) % meeting.tokens.size]!;
  const token =
    who === 'own'
      ? own
      : who === 'other'
        ? rng.pick([...rng.pick(run.meetings).tokens.values()])
        : (run.ids.draw('token', rng) ?? 'x'.repeat(30));
  run.tally.count('join', await conn.request('join', { token }));
}

async function connectionLoop(run: Run, rng: Rng, identity: number, pace: number): Promise<void> {
  // One loop in ten floods, one in five also sends garbage.
  const flood = identity % 10 === 9;
  const garbage = identity % 5 === 3;
  while (run.remaining > 0) {
    const conn = new FuzzConnection(run.url, run.ids);
    run.connectionsMade++;
    if (!(await conn.connected())) {
      run.connectFailures++;
      conn.close();
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    await identify(conn, run, rng, identity);
    const inFlight = new Set<Promise<void>>();
    const ctx = { rng, ids: run.ids, tally: run.tally };
    const started = performance.now();
    let sent = 0;
    for (let life = rng.int(20, 600); life > 0 && run.remaining > 0 && conn.open; life--) {
      run.remaining--;
      sent++;
      const one = sendOne(conn, ctx, garbage)
        .catch((error: unknown) => run.tally.fuzzerError(error))
        .finally(() => inFlight.delete(one));
      inFlight.add(one);
      if (inFlight.size >= (flood ? 32 : 4)) await Promise.race(inFlight);
      // Paced under the server's request limit (the point is to reach the handlers, not the limiter); a flooding
      // loop goes at three times the limit, and the limiter answers most of what it sends.
      const due = started + (sent / (flood ? 150 : pace)) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
    conn.close();
  }
}

export async function fuzzSignalling(options: SignallingFuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const rng = new Rng(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-fuzz-signalling-'));
  // The last meeting is nobody's: at the end it shows that the server still serves a meeting normally.
  const seeded = seedDataDir(dataDir, 9, 5);
  const server = await ServerProcess.start({ dataDir, env: { ...seeded.env, LOG_LEVEL: 'error' } });
  const rss = new RssSampler(server);
  try {
    const ids = new IdPool();
    const fuzzed = seeded.meetings.slice(0, -1);
    const control = seeded.meetings.at(-1)!;
    for (const meeting of fuzzed) {
      const document = await uploadAccepted(server.url, meeting.tokens.get('chair')!, await plainPdf(2), 'khai-mac');
      ids.add('document', document.id);
      for (const token of meeting.tokens.values()) ids.add('token', token);
      ids.add('token', meeting.guestLink);
    }
    rss.start();
    const run: Run = {
      url: server.url,
      ids,
      tally: new Tally(),
      remaining: options.messages,
      connectionsMade: 0,
      connectFailures: 0,
      meetings: fuzzed,
    };
    log(`fuzz:signalling seed=${options.seed} messages=${options.messages} server=${server.url} pid=${server.pid}`);
    const progress = setInterval(() => {
      const done = options.messages - Math.max(0, run.remaining);
      log(`  ${done} sent, ${run.connectionsMade} connections, rss ${server.rssMb()} MiB`);
    }, 10_000);
    const started = performance.now();
    const loops = Array.from({ length: options.connections }, (_, i) =>
      connectionLoop(run, rng.fork(), i, options.pace ?? 40),
    );
    await Promise.all(loops);
    clearInterval(progress);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    // Connections closed: what the server still holds after a moment is what it keeps.
    await new Promise((r) => setTimeout(r, 3000));
    const serves = await serverStillServes(server, control);
    rss.stop();
    return {
      fuzzer: 'signalling',
      seed: options.seed,
      ...run.tally.summary(),
      connections: run.connectionsMade,
      connect_failures: run.connectFailures,
      ids_seen: ids.size,
      seconds,
      unhandled: server.unhandled.length,
      unhandled_samples: server.unhandled.slice(0, 5),
      samples: run.tally.samples,
      server_alive: serves.ok,
      server_check: serves.detail,
      ...rss.summary(),
      load_avg: loadAverage(),
    };
  } finally {
    rss.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
