// Vote counting and results.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countBallots, leadingOptions, voteResult } from '../../../common/votes.ts';

describe('votes', () => {
  it('counts ballots per option and ignores options that do not exist', () => {
    assert.deepEqual(
      countBallots(3, [{ option: 0 }, { option: 2 }, { option: 0 }, { option: 7 }, { option: -1 }]),
      [2, 0, 1],
    );
  });

  it('finds the leading options, several on a tie, none without ballots', () => {
    assert.deepEqual(leadingOptions([3, 1, 0]), [0]);
    assert.deepEqual(leadingOptions([2, 2, 1]), [0, 1]);
    assert.deepEqual(leadingOptions([0, 0]), []);
  });

  it('secret results carry no ballots; named results do', () => {
    const secret = voteResult([2, 1, 0], 5, null);
    assert.equal(secret.cast, 3);
    assert.equal(secret.eligible, 5);
    assert.equal(secret.ballots, null);
    const named = voteResult([1, 0], 1, [{ participantId: 'd1', name: 'A', option: 0 }]);
    assert.deepEqual(named.ballots, [{ participantId: 'd1', name: 'A', option: 0 }]);
    assert.equal(voteResult([4, 0], 2, null).eligible, 4, 'eligible never reads below the ballots cast');
  });
});
