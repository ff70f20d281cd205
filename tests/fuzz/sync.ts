// The sync fuzzer (`npm run fuzz:sync`): the real server as a child process, meetings with agenda documents (one of
// them in two versions), and many participants' connections sending annotation and minutes updates of every kind
// (syncActor.ts). Beyond the signalling fuzzer's rules (typed answers, nothing unhandled, alive, memory bounded), it
// compares every document the server holds with what it acknowledged (syncShadows.ts): nothing acknowledged lost,
// nothing refused stored. Then it kills the server with SIGKILL, starts it again on the same data and compares
// again: what was stored before the kill is all still there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { toBytes, type Binary } from '../../common/documents.ts';
import { demoMeeting } from '../../server/meetings/demoMeeting.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';
import { FuzzConnection } from './fuzzConnection.ts';
import { Rng } from './random.ts';
import { loadAverage, Tally } from './tally.ts';
import { RssSampler, serverStillServes, type FuzzReport } from './report.ts';
import { IdPool } from './schemaValues.ts';
import { seedDataDir, uploadAccepted, type SeededMeeting } from './seed.ts';
import { ServerProcess } from './serverProcess.ts';
import { SyncActor, type SyncIdentity, type SyncWorld } from './syncActor.ts';
import { contains, SyncShadows, type ShadowCheck, type ShadowDoc } from './syncShadows.ts';

export interface SyncFuzzOptions {
  seed: number;
  messages: number;
  connections: number;
  log?: (line: string) => void;
}

const DELEGATES = 3;
/** Participant names as the seeded meetings have them (server/meetings/demoMeeting.ts). */
const NAMES = new Map(demoMeeting(DELEGATES).participants.map((p) => [p.id, p.name]));

function identities(meetings: SeededMeeting[]): SyncIdentity[] {
  return meetings.flatMap((m) =>
    [...m.tokens].map(([participantId, token]) => ({
      meetingId: m.id,
      participantId,
      name: NAMES.get(participantId) ?? participantId,
      token,
      mayWriteMinutes: participantId === 'secretary' || participantId === 'chair',
    })),
  );
}

/** Reads the server's full state of every document the run touched, as a participant who may read it. */
async function serverStates(url: string, shadows: SyncShadows): Promise<Map<string, Uint8Array>> {
  const states = new Map<string, Uint8Array>();
  const byReader = new Map<string, [string, ShadowDoc][]>();
  for (const [key, doc] of shadows.documents) {
    byReader.set(doc.readerToken, [...(byReader.get(doc.readerToken) ?? []), [key, doc]]);
  }
  for (const [token, docs] of byReader) {
    const reader = new FuzzConnection(url, new IdPool());
    try {
      if (!(await reader.connected())) throw new Error('the reader could not connect');
      const joined = await reader.request('join', { token });
      if (joined.kind !== 'ok') throw new Error(`the reader could not join: ${JSON.stringify(joined)}`);
      for (const [key, doc] of docs) {
        const answer = await reader.request('syncOpen', { doc: doc.ref, stateVector: new Uint8Array([0]) });
        if (answer.kind !== 'ok') throw new Error(`cannot read ${key}: ${JSON.stringify(answer)}`);
        states.set(key, toBytes((answer.data as { update: Binary }).update));
      }
    } finally {
      reader.close();
    }
  }
  return states;
}

/** How two states of a document differ, for the report: marks and root types on either side, pending changes. */
function difference(before: Uint8Array, after: Uint8Array): string {
  const describe = (state: Uint8Array) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const marks = doc.getMap('strokes').toJSON() as Record<string, unknown>;
    return { doc, marks, pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null };
  };
  const [b, a] = [describe(before), describe(after)];
  const only = (x: Record<string, unknown>, y: Record<string, unknown>) =>
    Object.keys(x).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
  return JSON.stringify({
    marks_before_only: only(b.marks, a.marks).map((k) => [k, JSON.stringify(b.marks[k]).slice(0, 120)]),
    marks_after_only: only(a.marks, b.marks).map((k) => [k, JSON.stringify(a.marks[k]).slice(0, 120)]),
    roots: [[...b.doc.share.keys()], [...a.doc.share.keys()]],
    pending: [b.pending, a.pending],
    state_vectors: [
      Y.decodeStateVector(Y.encodeStateVector(b.doc)).size,
      Y.decodeStateVector(Y.encodeStateVector(a.doc)).size,
    ],
  });
}

const sameState = (a: Uint8Array, b: Uint8Array): boolean => {
  const [x, y] = [new Y.Doc(), new Y.Doc()];
  Y.applyUpdate(x, a);
  Y.applyUpdate(y, b);
  return Y.equalSnapshots(Y.snapshot(x), Y.snapshot(y));
};

export async function fuzzSync(options: SyncFuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const rng = new Rng(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-fuzz-sync-'));
  // A participant for every connection (2 + DELEGATES a meeting): a second connection of the same participant
  // would take over the first, which is another test. The last meeting is nobody's, for the check at the end.
  const seeded = seedDataDir(dataDir, Math.ceil(options.connections / (2 + DELEGATES)) + 1, DELEGATES);
  const fuzzed = seeded.meetings.slice(0, -1);
  const control = seeded.meetings.at(-1)!;
  const env = { ...seeded.env, LOG_LEVEL: 'error' };
  let server = await ServerProcess.start({ dataDir, env });
  const rss = new RssSampler(server);
  const unhandled: { kind: string; detail: string }[] = [];
  try {
    const world: SyncWorld = {
      shadows: new SyncShadows(),
      tally: new Tally(),
      documents: new Map(),
      participantIds: [...NAMES.keys()],
    };
    for (const meeting of fuzzed) {
      const chair = meeting.tokens.get('chair')!;
      const first = await uploadAccepted(server.url, chair, await plainPdf(3), 'khai-mac');
      world.documents.set(meeting.id, [[first.id, 1]]);
    }
    // A second version of the first meeting's document: a version is a document of its own to the sync.
    const [firstMeeting] = fuzzed;
    const [[documentId]] = world.documents.get(firstMeeting!.id)! as [[string, number]];
    const again = await fetch(
      `${server.url}/api/documents?${new URLSearchParams({ agendaItemId: 'khai-mac', fileName: 'v2.pdf', documentId })}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${firstMeeting!.tokens.get('chair')}` },
        body: new Uint8Array(await plainPdf(4)),
      },
    );
    if (again.status !== 201) throw new Error(`second version refused: ${again.status}`);
    world.documents.set(firstMeeting!.id, [[documentId, 2]]);
    // The minutes exist once someone opened them (the record is made from the meeting then).
    for (const meeting of fuzzed) {
      const secretary = new FuzzConnection(server.url, new IdPool());
      await secretary.connected();
      await secretary.request('join', { token: meeting.tokens.get('secretary') });
      await secretary.request('minutesOpen', {});
      secretary.close();
    }
    rss.start();
    log(`fuzz:sync seed=${options.seed} messages=${options.messages} server=${server.url} pid=${server.pid}`);
    const people = identities(fuzzed);
    let remaining = options.messages;
    let connections = 0;
    const started = performance.now();
    const loop = async (index: number, loopRng: Rng) => {
      const me = people[index % people.length]!;
      while (remaining > 0) {
        const conn = new FuzzConnection(server.url, new IdPool());
        connections++;
        if (!(await conn.connected()) || (await conn.request('join', { token: me.token })).kind !== 'ok') {
          conn.close();
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        const actor = new SyncActor(conn, me, world, loopRng);
        const t0 = performance.now();
        let sent = 0;
        for (let life = loopRng.int(50, 800); life > 0 && remaining > 0 && conn.open; life--) {
          remaining--;
          sent++;
          await actor.step().catch((error: unknown) => world.tally.fuzzerError(error));
          // Under the server's request limit (50 a second per connection).
          const wait = t0 + (sent / 40) * 1000 - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        conn.close();
      }
    };
    const progress = setInterval(
      () => log(`  ${options.messages - Math.max(0, remaining)} sent, rss ${server.rssMb()} MiB`),
      10_000,
    );
    await Promise.all(Array.from({ length: options.connections }, (_, i) => loop(i, rng.fork())));
    clearInterval(progress);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    await new Promise((r) => setTimeout(r, 2000));
    const serves = await serverStillServes(server, control);
    rss.stop();

    // What the server holds against what it acknowledged; then the same after a SIGKILL and a restart.
    const before = await serverStates(server.url, world.shadows);
    const checks: ShadowCheck[] = [...before].map(([key, state]) => world.shadows.check(key, state));
    unhandled.push(...server.unhandled);
    await server.kill();
    server = await ServerProcess.start({ dataDir, env });
    const after = await serverStates(server.url, world.shadows);
    // What the restart changed: content gone (in the state before, not after), or content that appeared — which
    // the minutes may gain from the server itself (a reader joining is marked present), annotation layers never.
    const changedByRestart: string[] = [];
    for (const [key, state] of before) {
      const now = after.get(key)!;
      if (sameState(state, now)) continue;
      const gone = !contains(now, state);
      const appeared = !contains(state, now) && !key.endsWith('/minutes');
      if (gone || appeared) {
        const acked = world.shadows.check(key, now).lost ? 'acknowledged LOST' : 'acknowledged all there';
        changedByRestart.push(
          `${key}: ${gone ? 'content gone; ' : ''}${appeared ? 'content appeared; ' : ''}${acked}; ${difference(state, now)}`,
        );
      }
    }
    unhandled.push(...server.unhandled);
    return {
      fuzzer: 'sync',
      seed: options.seed,
      ...world.tally.summary(),
      connections,
      seconds,
      documents_checked: checks.length,
      acknowledged_updates: checks.reduce((n, c) => n + c.acked_updates, 0),
      lost: checks.filter((c) => c.lost).length,
      leaked: checks.filter((c) => c.leaked).length,
      changed_by_restart: changedByRestart.length,
      changed_documents: changedByRestart,
      problem_documents: checks.filter((c) => c.lost || c.leaked).map((c) => c.document),
      unhandled: unhandled.length,
      unhandled_samples: unhandled.slice(0, 5),
      samples: world.tally.samples,
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
