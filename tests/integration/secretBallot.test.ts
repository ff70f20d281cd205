// A secret vote over real sockets: while it is open the chair learns only the turnout (how many have voted), never
// per-option counts that would tell, in a small meeting, who chose what; the counts come with the result at the close.
// A named vote keeps its live count.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castServer, seedMeeting } from '../helpers/meetingCast.ts';

const t = castServer();

async function meeting(delegates: number) {
  const seeded = seedMeeting(t.server, delegates);
  const chair = await t.cast.join(seeded.token('chair'));
  const secretary = await t.cast.join(seeded.token('secretary'));
  const voters = [];
  for (let i = 1; i <= delegates; i++) voters.push(await t.cast.join(seeded.token(`delegate-${i}`)));
  return { chair, secretary, voters };
}

describe('secret ballots', () => {
  it('sends the chair the turnout only while a secret vote is open; the counts come when it closes', async () => {
    const { chair, secretary, voters } = await meeting(2);
    const vote = await chair.ok('openVote', {
      question: 'Bầu Tổ trưởng tổ công tác',
      options: ['Đồng chí A', 'Đồng chí B'],
      secret: true,
      durationSeconds: 120,
    });
    await voters[0]!.ok('castVote', { voteId: vote.id, option: 1 });
    const first = await chair.waitFor('voteProgress', (p) => p.cast === 1);
    assert.deepEqual(first, { voteId: vote.id, cast: 1, eligible: 3, counts: null, ballots: null });
    await voters[1]!.ok('castVote', { voteId: vote.id, option: 0 });
    const second = await chair.waitFor('voteProgress', (p) => p.cast === 2);
    assert.equal(second.counts, null, 'no per-option count while the vote is open');
    const everything = [chair, secretary, ...voters].flatMap((c) => c.received);
    for (const message of everything.filter((m) => m.event === 'voteProgress')) {
      assert.equal((message.payload as { counts: unknown }).counts, null, JSON.stringify(message));
    }
    const open = await secretary.ok('listVotes', {});
    assert.equal(open.votes.find((v) => v.id === vote.id)?.result, null, 'no result before the close');

    const closed = await chair.ok('closeVote', { voteId: vote.id });
    assert.deepEqual(closed.result?.counts, [1, 1]);
    assert.equal(closed.result?.ballots, null);
    const announced = await voters[0]!.waitFor('voteClosed');
    assert.deepEqual(announced.result?.counts, [1, 1]);
  });

  it('keeps the live count of a named vote', async () => {
    const { chair, voters } = await meeting(1);
    const vote = await chair.ok('openVote', {
      question: 'Thông qua kế hoạch?',
      options: ['Tán thành', 'Không tán thành'],
      secret: false,
      durationSeconds: 120,
    });
    await voters[0]!.ok('castVote', { voteId: vote.id, option: 0 });
    const progress = await chair.waitFor('voteProgress', (p) => p.cast === 1);
    assert.deepEqual(progress.counts, [1, 0]);
    assert.equal(progress.ballots?.[0]?.participantId, 'delegate-1');
    await chair.ok('closeVote', { voteId: vote.id });
  });
});
