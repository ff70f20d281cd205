// What the kill loop's meetings were told had happened — every acknowledged upload, annotation and minutes update,
// ballot, closed vote, lifecycle step, signature and filing — and the check, after each restart, that the server
// still has all of it: the SQLite file passes `PRAGMA integrity_check`, uploads download byte for byte, documents
// hold every acknowledged update (syncShadows.ts), ballots are counted, the record is no earlier in its lifecycle
// than it was acknowledged to be, and the archive holds no record twice.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { VoteInfo } from '../../common/meeting.ts';
import { MINUTES_STATES, type MinutesState } from '../../common/minutes.ts';
import type { MinutesOpenResponse } from '../../common/minutesView.ts';
import { DATABASE_FILE } from '../../server/storage/database.ts';
import { FuzzConnection } from './fuzzConnection.ts';
import { IdPool } from './schemaValues.ts';
import type { SeededMeeting } from './seed.ts';
import { SyncShadows } from './syncShadows.ts';
import { toBytes, type Binary } from '../../common/documents.ts';

export interface MeetingLedger {
  meeting: SeededMeeting;
  /** The record's number, one per meeting, so that two filings of one record are told apart from two records. */
  number: string;
  documents: { documentId: string; version: number; sha256: string }[];
  annotationUpdates: number;
  minutesEdits: number;
  /** Acknowledged ballots by vote, and the result once its closing was acknowledged. */
  votes: Map<string, { ballots: Map<string, number>; result: VoteInfo['result'] | null }>;
  state: MinutesState;
  signatures: number;
  filed: boolean;
}

export interface VerifyResult {
  lost: string[];
  leaked: string[];
  integrity: string;
  filedTwice: string[];
}

const rank = (state: MinutesState) => MINUTES_STATES.indexOf(state);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class KillLedger {
  readonly shadows = new SyncShadows();
  readonly meetings: MeetingLedger[];
  readonly #dataDir: string;

  constructor(dataDir: string, meetings: SeededMeeting[]) {
    this.#dataDir = dataDir;
    this.meetings = meetings.map((meeting, i) => ({
      meeting,
      number: String(100 + i),
      documents: [],
      annotationUpdates: 0,
      minutesEdits: 0,
      votes: new Map(),
      state: 'draft',
      signatures: 0,
      filed: false,
    }));
  }

  /** Records an acknowledged lifecycle step (never backwards: an earlier answer may arrive late). */
  advance(ledger: MeetingLedger, state: MinutesState, signatures: number): void {
    if (rank(state) > rank(ledger.state)) ledger.state = state;
    ledger.signatures = Math.max(ledger.signatures, signatures);
    if (state === 'filed') ledger.filed = true;
  }

  integrity(): string {
    const db = new BetterSqlite3(join(this.#dataDir, DATABASE_FILE), { readonly: true, timeout: 10_000 });
    try {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).join('; ');
    } finally {
      db.close();
    }
  }

  /** Records filed more than once in the embedded archive: by idempotency key, or by number/notation. */
  filedTwice(): string[] {
    const index = join(this.#dataDir, 'archive', 'index.json');
    if (!existsSync(index)) return [];
    const { entries } = JSON.parse(readFileSync(index, 'utf8')) as {
      entries: { idempotencyKey: string; sha256: string; path: string; meta: { number: string; notation: string } }[];
    };
    const twice: string[] = [];
    const seen = new Map<string, number>();
    for (const e of entries) {
      for (const key of [`key ${e.idempotencyKey}`, `record ${e.meta.number}/${e.meta.notation}`]) {
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (seen.get(key) === 2) twice.push(key);
      }
      const file = join(this.#dataDir, 'archive', e.path);
      if (!existsSync(file) || sha256(readFileSync(file)) !== e.sha256) twice.push(`damaged ${e.path}`);
    }
    return twice;
  }

  /** Everything acknowledged so far, checked against the running server. */
  async verify(url: string): Promise<VerifyResult> {
    const result: VerifyResult = { lost: [], leaked: [], integrity: this.integrity(), filedTwice: this.filedTwice() };
    for (const ledger of this.meetings) {
      if (ledger.documents.length === 0 && ledger.votes.size === 0 && rank(ledger.state) === 0) continue;
      await this.#verifyMeeting(url, ledger, result);
    }
    // Annotation layers and minutes, each read by someone who may (a private layer by its owner).
    const byReader = new Map<string, string[]>();
    for (const [key, doc] of this.shadows.documents) {
      byReader.set(doc.readerToken, [...(byReader.get(doc.readerToken) ?? []), key]);
    }
    for (const [token, keys] of byReader) {
      await withConnection(url, token, async (conn) => {
        for (const key of keys) {
          const doc = this.shadows.documents.find(([k]) => k === key)![1];
          const answer = await conn.request('syncOpen', { doc: doc.ref, stateVector: new Uint8Array([0]) });
          if (answer.kind !== 'ok') {
            result.lost.push(`${key}: cannot read (${JSON.stringify(answer)})`);
            continue;
          }
          const check = this.shadows.check(key, toBytes((answer.data as { update: Binary }).update));
          if (check.lost) result.lost.push(`${key}: an acknowledged update is missing`);
          if (check.leaked) result.leaked.push(`${key}: holds content nobody had acknowledged or sent`);
        }
      });
    }
    return result;
  }

  async #verifyMeeting(url: string, ledger: MeetingLedger, result: VerifyResult): Promise<void> {
    const chairToken = ledger.meeting.tokens.get('chair')!;
    for (const d of ledger.documents) {
      const response = await fetch(`${url}/api/documents/${d.documentId}/versions/${d.version}/file`, {
        headers: { authorization: `Bearer ${chairToken}` },
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200 || sha256(bytes) !== d.sha256) result.lost.push(`upload ${d.documentId}`);
    }
    await withConnection(url, chairToken, async (chair) => {
      const opened = await chair.request('minutesOpen', {});
      if (opened.kind === 'ok') {
        const view = (opened.data as MinutesOpenResponse).minutes;
        if (rank(view.state) < rank(ledger.state))
          result.lost.push(`${ledger.number}: ${view.state} < ${ledger.state}`);
        if (view.signatures.length < ledger.signatures) result.lost.push(`${ledger.number}: a signature is missing`);
      } else if (rank(ledger.state) > 0) result.lost.push(`${ledger.number}: minutes unreadable`);
      if (ledger.votes.size === 0) return;
      const listed = await chair.request('listVotes', {});
      const votes = listed.kind === 'ok' ? (listed.data as { votes: VoteInfo[] }).votes : [];
      for (const [voteId, acked] of ledger.votes) {
        const vote = votes.find((v) => v.id === voteId);
        if (!vote) {
          result.lost.push(`vote ${voteId}`);
          continue;
        }
        if (acked.result && !vote.closedAt) result.lost.push(`vote ${voteId}: closed, now open again`);
        if (acked.result && JSON.stringify(vote.result) !== JSON.stringify(acked.result)) {
          result.lost.push(`vote ${voteId}: its result changed`);
        }
        for (const [participantId, option] of acked.ballots) {
          const ballot = vote.result?.ballots?.find((b) => b.participantId === participantId);
          if (vote.closedAt && ballot?.option !== option) result.lost.push(`ballot of ${participantId} in ${voteId}`);
        }
      }
    });
  }
}

/** Joins with `token` on a connection of its own for the time of `work`. */
export async function withConnection<T>(url: string, token: string, work: (c: FuzzConnection) => Promise<T>) {
  const conn = new FuzzConnection(url, new IdPool());
  try {
    if (!(await conn.connected())) throw new Error(`cannot connect to ${url}`);
    const joined = await conn.request('join', { token });
    if (joined.kind !== 'ok') throw new Error(`cannot join: ${JSON.stringify(joined)}`);
    return await work(conn);
  } finally {
    conn.close();
  }
}
