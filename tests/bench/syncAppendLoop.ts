// How long the annotation log's fsync holds the server's event loop: the real SyncService on a real SQLite file
// (WAL, synchronous=FULL), participants streaming strokes to a shared layer, appends written on the event loop
// ('inline', as before) or on the writer thread ('worker'), alternating, each measured with the event loop's delay
// histogram, the event-loop time each store took, and the acknowledgement times. Prints JSON; the machine's load average beside every figure.
//   tsx tests/bench/syncAppendLoop.ts [--writers 20] [--rate 25] [--seconds 5] [--rounds 2]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { MARKS_MAP } from '../../common/annotations.ts';
import { demoMeeting } from '../../server/meetings/demoMeeting.ts';
import { MeetingStore } from '../../server/meetings/MeetingStore.ts';
import { openDatabase } from '../../server/storage/database.ts';
import { syncDocKey } from '../../server/sync/docNames.ts';
import { ByteBudget } from '../../server/sync/quotas.ts';
import { SqliteUpdateLog, type AppendThread } from '../../server/sync/SqliteUpdateLog.ts';
import type { SyncSubscriber } from '../../server/sync/SyncRoom.ts';
import { SyncService } from '../../server/sync/SyncService.ts';

const { values } = parseArgs({
  options: {
    writers: { type: 'string', default: '20' },
    rate: { type: 'string', default: '25' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
  },
});
const writers = Number(values.writers);
const ratePerWriter = Number(values.rate);
const seconds = Number(values.seconds);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

async function measure(thread: AppendThread, dir: string) {
  const db = openDatabase(join(dir, `${thread}-${Date.now()}.sqlite`));
  const meetingId = new MeetingStore(db).add(demoMeeting(1)).id;
  const log = new SqliteUpdateLog(db, 'full', thread);
  // The part of each store that holds the event loop: the whole transaction and its fsync inline, the hand-over to
  // the writer thread otherwise.
  const storeMs: number[] = [];
  const append = log.append.bind(log);
  log.append = (entries) => {
    const at = performance.now();
    try {
      return append(entries);
    } finally {
      storeMs.push(performance.now() - at);
    }
  };
  const sync = new SyncService(log);
  const ref = { documentId: 'doc-1', version: 1, layer: 'shared' } as const;
  const people = Array.from({ length: writers }, (_, i) => {
    const id = `delegate-${i + 1}`;
    const subscriber: SyncSubscriber = { participantId: id, live: () => true, send: () => undefined };
    const key = syncDocKey(meetingId, id, ref);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, sync.open(key, subscriber, new Uint8Array([0])).update as Uint8Array);
    const writer = { actor: { id, name: id, mayClearAny: false }, budget: new ByteBudget(1 << 30, 1 << 30) };
    return { id, subscriber, key, doc, writer, n: 0 };
  });
  const ackMs: number[] = [];
  let refused = 0;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const end = performance.now() + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  const tick = setInterval(() => {
    for (const p of people) {
      let update: Uint8Array | null = null;
      p.doc.once('update', (u: Uint8Array) => (update = u));
      const id = `${p.id}-${p.n++}`;
      const points = Array.from({ length: 40 }, (_, i) => ((i * 7 + p.n) % 100) / 100);
      p.doc.getMap(MARKS_MAP).set(id, {
        id,
        page: 1,
        kind: 'pen',
        color: '#c0392b',
        width: 0.003,
        points,
        author: p.id,
        authorName: p.id,
        at: Date.now(),
      });
      const sent = performance.now();
      const done: Promise<void> = Promise.resolve()
        .then(() => sync.update(p.key, p.subscriber, update!, p.writer))
        .then(() => void ackMs.push(performance.now() - sent))
        .catch(() => void refused++)
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
  }, 1000 / ratePerWriter);
  await new Promise((resolve) => setTimeout(resolve, end - performance.now()));
  clearInterval(tick);
  await Promise.all(inFlight);
  delay.disable();
  await sync.shutdown();
  db.close();
  ackMs.sort((a, b) => a - b);
  storeMs.sort((a, b) => a - b);
  return {
    appends: thread,
    updates: ackMs.length,
    refused,
    stores: storeMs.length,
    store_on_loop_p50_ms: round1(percentile(storeMs, 50)),
    store_on_loop_p95_ms: round1(percentile(storeMs, 95)),
    store_on_loop_total_ms: Math.round(storeMs.reduce((a, b) => a + b, 0)),
    loop_delay_p50_ms: round1(delay.percentile(50) / 1e6),
    loop_delay_p99_ms: round1(delay.percentile(99) / 1e6),
    loop_delay_max_ms: round1(delay.max / 1e6),
    ack_p50_ms: round1(percentile(ackMs, 50)),
    ack_p95_ms: round1(percentile(ackMs, 95)),
    load_avg: loadavg().map(round1),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'phonghop-syncloop-'));
try {
  const runs = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const thread of ['inline', 'worker'] as const) runs.push(await measure(thread, dir));
  }
  for (const run of runs) console.log(JSON.stringify(run));
  console.log(JSON.stringify({ writers, updates_per_second: writers * ratePerWriter, seconds, runs: runs.length }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
