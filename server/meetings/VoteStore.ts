// Votes and their ballots, recorded for the minutes. One ballot per participant per vote (the primary key makes a
// second one fail). For a secret vote the ballot row says only *that* someone voted; the choice goes into the
// per-option tally, so nothing in the file links a voter to a choice.
import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { VoteBallot, VoteInfo, VoteResult } from '../../common/meeting.ts';
import type { Database } from '../storage/database.ts';

interface Row {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  question: string;
  options: string;
  secret: number;
  opened_at: string;
  deadline: string;
  eligible: number;
  closed_at: string | null;
  result: string | null;
}

const toVote = (r: Row): VoteInfo & { eligible: number } => ({
  id: r.id,
  question: r.question,
  options: JSON.parse(r.options) as string[],
  secret: r.secret === 1,
  agendaItemId: r.agenda_item_id,
  openedAt: r.opened_at,
  deadline: r.deadline,
  closedAt: r.closed_at,
  result: r.result ? (JSON.parse(r.result) as VoteResult) : null,
  eligible: r.eligible,
});

export interface NewVote {
  question: string;
  options: string[];
  secret: boolean;
  agendaItemId: string | null;
  openedBy: string;
  deadline: Date;
  eligible: number;
}

export class VoteStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** `openedAt`: now, except for a record of a past meeting (the demo's). */
  create(meetingId: string, vote: NewVote, openedAt = new Date()): VoteInfo {
    const id = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO votes (id, meeting_id, agenda_item_id, question, options, secret, opened_by, opened_at, deadline,
                            eligible)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        meetingId,
        vote.agendaItemId,
        vote.question,
        JSON.stringify(vote.options),
        vote.secret ? 1 : 0,
        vote.openedBy,
        openedAt.toISOString(),
        vote.deadline.toISOString(),
        vote.eligible,
      );
    return this.get(id)!;
  }

  get(voteId: string): (VoteInfo & { eligible: number; meetingId: string }) | undefined {
    const row = this.#db.prepare('SELECT * FROM votes WHERE id = ?').get(voteId) as Row | undefined;
    return row ? { ...toVote(row), meetingId: row.meeting_id } : undefined;
  }

  list(meetingId: string): VoteInfo[] {
    return (
      this.#db.prepare('SELECT * FROM votes WHERE meeting_id = ? ORDER BY opened_at').all(meetingId) as Row[]
    ).map((r) => {
      const { eligible: _eligible, ...vote } = toVote(r);
      return vote;
    });
  }

  open(meetingId: string): (VoteInfo & { eligible: number }) | undefined {
    const row = this.#db
      .prepare('SELECT * FROM votes WHERE meeting_id = ? AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1')
      .get(meetingId) as Row | undefined;
    return row ? toVote(row) : undefined;
  }

  /** Records a ballot; a second ballot by the same participant fails with `already_voted`. */
  cast(voteId: string, participantId: string, name: string, option: number, secret: boolean): void {
    this.#db.transaction(() => {
      const inserted = this.#db
        .prepare('INSERT OR IGNORE INTO vote_ballots (vote_id, participant_id, name, option) VALUES (?, ?, ?, ?)')
        .run(voteId, participantId, name, secret ? null : option);
      if (inserted.changes === 0) throw new AppFailure('forbidden', 'you have already voted', 'already_voted');
      this.#db
        .prepare(
          `INSERT INTO vote_tallies (vote_id, option, count) VALUES (?, ?, 1)
           ON CONFLICT (vote_id, option) DO UPDATE SET count = count + 1`,
        )
        .run(voteId, option);
    })();
  }

  hasVoted(voteId: string, participantId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM vote_ballots WHERE vote_id = ? AND participant_id = ?')
        .get(voteId, participantId) !== undefined
    );
  }

  counts(voteId: string, optionCount: number): number[] {
    const counts = Array.from({ length: optionCount }, () => 0);
    const rows = this.#db.prepare('SELECT option, count FROM vote_tallies WHERE vote_id = ?').all(voteId) as {
      option: number;
      count: number;
    }[];
    for (const r of rows) if (r.option >= 0 && r.option < optionCount) counts[r.option] = r.count;
    return counts;
  }

  /** Who voted what, for named votes (secret votes have no choices stored). */
  ballots(voteId: string): VoteBallot[] {
    return (
      this.#db
        .prepare(
          'SELECT participant_id, name, option FROM vote_ballots WHERE vote_id = ? AND option IS NOT NULL ORDER BY rowid',
        )
        .all(voteId) as { participant_id: string; name: string; option: number }[]
    ).map((b) => ({ participantId: b.participant_id, name: b.name, option: b.option }));
  }

  setEligible(voteId: string, eligible: number): void {
    this.#db.prepare('UPDATE votes SET eligible = ? WHERE id = ?').run(eligible, voteId);
  }

  /** Closes the vote with its result; false if it was already closed (two closers race: one wins). */
  close(voteId: string, result: VoteResult, closedAt = new Date()): boolean {
    return (
      this.#db
        .prepare('UPDATE votes SET closed_at = ?, result = ? WHERE id = ? AND closed_at IS NULL')
        .run(closedAt.toISOString(), JSON.stringify(result), voteId).changes > 0
    );
  }
}
