// Vote rules shared by server and UI: counting, which option leads, what a result holds.
import type { VoteBallot, VoteResult } from './meeting.ts';

export const MIN_VOTE_OPTIONS = 2;
export const MAX_VOTE_OPTIONS = 10;

/** The usual options of a Vietnamese meeting vote: agree, disagree, abstain. */
export const DEFAULT_VOTE_OPTIONS = ['Tán thành', 'Không tán thành', 'Không biểu quyết'] as const;

export function leadingOptions(counts: readonly number[]): number[] {
  const max = Math.max(0, ...counts);
  if (max === 0) return [];
  return counts.flatMap((c, i) => (c === max ? [i] : []));
}

/** Ballots per option; a ballot for an option that does not exist is not counted. */
export function countBallots(optionCount: number, ballots: readonly { option: number }[]): number[] {
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const b of ballots) {
    if (Number.isInteger(b.option) && b.option >= 0 && b.option < optionCount) counts[b.option]! += 1;
  }
  return counts;
}

/**
 * A vote's result from its per-option counts. Secret votes keep no link from voter to choice, so their counts come
 * from tallies and `ballots` is null; named votes list who voted what.
 */
export function voteResult(
  counts: readonly number[],
  eligible: number,
  ballots: readonly VoteBallot[] | null,
): VoteResult {
  const cast = counts.reduce((a, b) => a + b, 0);
  return {
    counts: [...counts],
    cast,
    eligible: Math.max(eligible, cast),
    leading: leadingOptions(counts),
    ballots: ballots ? [...ballots] : null,
  };
}
