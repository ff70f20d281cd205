// Follows the meeting's votes: the open vote from the join answer, then `voteOpened`, the chair's `voteProgress`,
// and `voteClosed` with the result announced to everyone. Casting goes through here so that the ballot remembers
// what this participant chose.
import { ClientError } from '../../app/clientErrors.ts';
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import {
  applyHistory,
  applyOpenOnJoin,
  applyProgress,
  applyVoteClosed,
  applyVoteOpened,
  initialVoteView,
  type VoteView,
} from './voteState.ts';

export class VoteStore extends Store<VoteView> {
  private session: MeetingSession | null = null;

  constructor() {
    super(initialVoteView);
  }

  attach(session: MeetingSession): () => void {
    this.session = session;
    const offs = [
      session.onJoined((join) => {
        this.update((v) => applyOpenOnJoin(v, join.state?.openVote ?? null));
        session
          .request('listVotes', {})
          .then(({ votes }) => this.update((v) => applyHistory(v, votes)))
          .catch((error: unknown) => console.warn('[phonghop] vote history', error));
      }),
      session.on('voteOpened', (vote) => this.update((v) => applyVoteOpened(v, vote))),
      session.on('voteProgress', (progress) => this.update((v) => applyProgress(v, progress))),
      session.on('voteClosed', (vote) => this.update((v) => applyVoteClosed(v, vote))),
    ];
    return () => {
      offs.forEach((off) => off());
      this.session = null;
    };
  }

  async cast(voteId: string, option: number): Promise<void> {
    if (!this.session) return;
    try {
      await this.session.request('castVote', { voteId, option });
      this.update((v) => (v.open?.id === voteId ? { ...v, myChoice: option } : v));
    } catch (error) {
      const clientError = ClientError.from(error);
      if (clientError.reason === 'already_voted') {
        this.update((v) => (v.open?.id === voteId ? { ...v, alreadyVoted: true } : v));
        return;
      }
      throw clientError;
    }
  }

  dismissAnnouncement(): void {
    this.update((v) => ({ ...v, announced: null }));
  }
}
