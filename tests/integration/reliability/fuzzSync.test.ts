// The short variant of `npm run fuzz:sync` (tests/fuzz/sync.ts): 1 000 annotation and minutes updates, honest and
// hostile, from participants of several meetings; every document compared with what the server acknowledged,
// before and after a SIGKILL and restart. Each run draws a new seed; FUZZ_SEED=<n> replays a run, and a failure
// names its seed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzSync } from '../../fuzz/sync.ts';
import { testSeed } from '../../fuzz/random.ts';
import { verdict } from '../../fuzz/report.ts';

describe('annotation and minutes sync under fuzzing (short run)', () => {
  it('stores every acknowledged update and nothing it refused, across a SIGKILL', async () => {
    const seed = testSeed();
    const report = await fuzzSync({ seed, messages: 1000, connections: 8 });
    const why = `seed ${seed}: ${JSON.stringify(report)}`;
    assert.deepEqual(verdict(report), [], why);
    assert.ok(Number(report.acknowledged_updates) > 100, why);
    assert.ok(Number(report.documents_checked) > 5, why);
    const refused = report.answered_error as Record<string, number>;
    assert.ok((refused.forbidden ?? 0) > 0 && (refused.invalid_message ?? 0) > 0, `hostile updates refused: ${why}`);
    assert.ok(report.rss_mb_end! < report.rss_mb_start! + 200, `memory: ${why}`);
  });
});
