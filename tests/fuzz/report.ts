// What every fuzzer and fault run reports and how it is judged: the server's memory over the run (sampled from
// /proc), a check at the end that the server still serves a meeting nobody touched, and the verdict — the
// conditions a run must meet, shared by the `npm run` scripts and the short variants in tests/integration/.
import { FuzzConnection } from './fuzzConnection.ts';
import { IdPool } from './schemaValues.ts';
import type { SeededMeeting } from './seed.ts';
import type { ServerProcess } from './serverProcess.ts';

export type FuzzReport = Record<string, unknown> & {
  unhandled: number;
  server_alive: boolean;
  rss_mb_start: number | null;
  rss_mb_end: number | null;
};

/** The server's resident memory: at the start, the highest seen, and at the end. */
export class RssSampler {
  readonly #server: ServerProcess;
  #timer: NodeJS.Timeout | null = null;
  #start: number | null = null;
  #max: number | null = null;
  #end: number | null = null;

  constructor(server: ServerProcess) {
    this.#server = server;
  }

  start(): void {
    this.#start = this.#server.rssMb();
    this.#max = this.#start;
    this.#timer = setInterval(() => this.#sample(), 500);
  }

  #sample(): void {
    const now = this.#server.rssMb();
    if (now !== null) {
      this.#max = Math.max(this.#max ?? 0, now);
      this.#end = now;
    }
  }

  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = null;
    this.#sample();
  }

  summary(): { rss_mb_start: number | null; rss_mb_max: number | null; rss_mb_end: number | null } {
    return { rss_mb_start: this.#start, rss_mb_max: this.#max, rss_mb_end: this.#end };
  }
}

/**
 * The server answers HTTP and runs a meeting normally: the chair and a delegate of a meeting the fuzzer never
 * touched join, read the meeting's state, open a WebRTC transport, chat, open the minutes.
 */
export async function serverStillServes(
  server: ServerProcess,
  meeting: SeededMeeting,
): Promise<{ ok: boolean; detail: string }> {
  if (!(await server.healthy())) return { ok: false, detail: 'not answering /healthz' };
  const pool = new IdPool();
  const chair = new FuzzConnection(server.url, pool);
  const delegate = new FuzzConnection(server.url, pool);
  try {
    if (!(await chair.connected()) || !(await delegate.connected())) return { ok: false, detail: 'cannot connect' };
    const steps: [FuzzConnection, string, unknown][] = [
      [chair, 'join', { token: meeting.tokens.get('chair') }],
      [delegate, 'join', { token: meeting.tokens.get('delegate-1') }],
      [delegate, 'meetingState', {}],
      [delegate, 'createTransport', { direction: 'recv' }],
      [delegate, 'sendChat', { text: 'Xin chào', audience: 'all' }],
      [chair, 'minutesOpen', {}],
      [chair, 'syncOpen', { doc: { layer: 'minutes' }, stateVector: new Uint8Array([0]) }],
    ];
    for (const [conn, name, payload] of steps) {
      const outcome = await conn.request(name, payload);
      if (outcome.kind !== 'ok') return { ok: false, detail: `${name}: ${JSON.stringify(outcome)}` };
    }
    return { ok: true, detail: 'joined, state, transport, chat, minutes: ok' };
  } finally {
    chair.close();
    delegate.close();
  }
}

/** Counts that must be zero: answers missing or not Acks, faults, loss, leaks, duplicates, damaged files. */
const RULES = [
  'no_answer',
  'untyped',
  'internal',
  'lost',
  'leaked',
  'changed_by_restart',
  'accepted_wrongly',
  'temp_files_left',
  'filed_twice',
  'integrity_failures',
];

/** What a run must show: nothing unhandled, the server alive, every acknowledged request answered with an Ack. */
export function verdict(report: FuzzReport): string[] {
  const problems: string[] = [];
  if (report.unhandled !== 0) problems.push(`${report.unhandled} unhandled rejection(s) or exception(s) in the server`);
  if (!report.server_alive) problems.push(`the server does not serve: ${String(report.server_check)}`);
  for (const key of RULES) {
    const value = report[key];
    if (typeof value === 'number' && value > 0) problems.push(`${key}: ${value}`);
  }
  return problems;
}

/** `--seed 123 --messages 2000` → { seed: 123, messages: 2000 }; numbers only. */
export function numericArgs(argv: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!flag) continue;
    const raw = flag[2] ?? argv[++i];
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${flag[1]} needs a number, got ${raw}`);
    out[flag[1]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}
