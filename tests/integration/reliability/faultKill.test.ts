// The short variant of `npm run fault:kill` (tests/fuzz/killLoop.ts): the server SIGKILLed three times, while it
// starts or while a scripted meeting draws, writes the minutes, votes, signs and files; after each restart nothing
// acknowledged is missing, the SQLite file passes integrity_check and no record is filed twice. FUZZ_SEED=<n>
// replays a run; a failure names its seed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { killLoop } from '../../fuzz/killLoop.ts';
import { testSeed } from '../../fuzz/random.ts';
import { verdict } from '../../fuzz/report.ts';

describe('SIGKILL during a meeting (short run)', () => {
  it('loses nothing acknowledged, keeps the database sound and files each record once', async () => {
    const seed = testSeed();
    const report = await killLoop({ seed, kills: 3 });
    const why = `seed ${seed}: ${JSON.stringify(report)}`;
    assert.deepEqual(verdict(report), [], why);
    assert.equal(report.kills, 3, why);
    assert.ok(Number(report.meetings_filed) >= 1, `the meeting under way is filed once the kills stop: ${why}`);
  });
});
