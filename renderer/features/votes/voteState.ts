// Votes (biểu quyết) as a participant follows them: the open vote and this participant's ballot, the chair's live
// count, the announced result, and the meeting's recorded votes. Pure transitions and result arithmetic.
import type { VoteInfo, VoteProgress } from '../../../common/meeting.ts';

export interface VoteView {
  open: VoteInfo | null;
  /** The chair's live count of the open vote. */
  progress: VoteProgress | null;
  /** The option this participant chose in the open vote (as the server accepted it). */
  myChoice: number | null;
  /** The server said this participant already voted (after a reconnection, say) without telling what. */
  alreadyVoted: boolean;
  /** The latest closed vote, announced to everyone until dismissed. */
  announced: VoteInfo | null;
  /** Closed votes of this meeting, oldest first. */
  history: VoteInfo[];
}

export const initialVoteView: VoteView = {
  open: null,
  progress: null,
  myChoice: null,
  alreadyVoted: false,
  announced: null,
  history: [],
};

export function applyVoteOpened(view: VoteView, vote: VoteInfo): VoteView {
  if (view.open?.id === vote.id) return { ...view, open: vote };
  return { ...view, open: vote, progress: null, myChoice: null, alreadyVoted: false, announced: null };
}

/** A (re)join: the vote still open, if any; a ballot cast before a reconnection is kept. */
export function applyOpenOnJoin(view: VoteView, open: VoteInfo | null): VoteView {
  if (!open) return view.open ? { ...view, open: null, progress: null } : view;
  return applyVoteOpened(view, open);
}

export function applyProgress(view: VoteView, progress: VoteProgress): VoteView {
  return view.open?.id === progress.voteId ? { ...view, progress } : view;
}

export function applyVoteClosed(view: VoteView, vote: VoteInfo): VoteView {
  const history = [...view.history.filter((v) => v.id !== vote.id), vote];
  const wasOpen = view.open?.id === vote.id;
  return {
    ...view,
    open: wasOpen ? null : view.open,
    progress: wasOpen ? null : view.progress,
    announced: vote,
    history,
  };
}

export function applyHistory(view: VoteView, votes: readonly VoteInfo[]): VoteView {
  return { ...view, history: votes.filter((v) => v.closedAt !== null) };
}

/**
 * The per-option counts the chair sees while a vote is open: a named vote's so far (zeros before the first ballot);
 * none for a secret vote, whose counts are shown with the result (the server sends only its turnout meanwhile).
 */
export function liveCounts(vote: VoteInfo, progress: VoteProgress | null): number[] | null {
  if (vote.secret) return null;
  return progress?.counts ?? vote.options.map(() => 0);
}

export interface TallyRow {
  index: number;
  label: string;
  count: number;
  /** Share of the ballots cast, 0..100. */
  percent: number;
  leading: boolean;
}

/** One row per option with its share of the ballots cast; leaders flagged (several on a tie). */
export function tallyRows(options: readonly string[], counts: readonly number[]): TallyRow[] {
  const cast = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(0, ...counts);
  return options.map((label, index) => {
    const count = counts[index] ?? 0;
    return {
      index,
      label,
      count,
      percent: cast === 0 ? 0 : (count / cast) * 100,
      leading: max > 0 && count === max,
    };
  });
}

/** The outcome in words: one leading option, a tie, or no ballots. */
export function outcome(vote: VoteInfo): { kind: 'leading'; label: string } | { kind: 'tie' } | { kind: 'none' } {
  const leading = vote.result?.leading ?? [];
  if (leading.length === 0) return { kind: 'none' };
  if (leading.length > 1) return { kind: 'tie' };
  return { kind: 'leading', label: vote.options[leading[0]!] ?? '' };
}

/** Options typed by the chair: trimmed, blanks dropped, duplicates dropped (case-insensitively). */
export function cleanOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of options) {
    const option = raw.trim();
    const key = option.toLocaleLowerCase('vi');
    if (!option || seen.has(key)) continue;
    seen.add(key);
    out.push(option);
  }
  return out;
}
