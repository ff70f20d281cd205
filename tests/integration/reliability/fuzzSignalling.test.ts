// The short variant of `npm run fuzz:signalling` (tests/fuzz/signalling.ts): 2 000 messages of every kind from
// many connections against the real server in a child process. FUZZ_SEED=<n> replays a run; a failure names its seed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzSignalling } from '../../fuzz/signalling.ts';
import { testSeed } from '../../fuzz/random.ts';
import { verdict } from '../../fuzz/report.ts';

describe('signalling under fuzzing (short run)', () => {
  it('answers every request with a typed Ack or drops the connection, and keeps serving a meeting', async () => {
    const seed = testSeed();
    const report = await fuzzSignalling({ seed, messages: 2000, connections: 16 });
    const why = `seed ${seed}: ${JSON.stringify(report)}`;
    assert.deepEqual(verdict(report), [], why);
    assert.ok(Number(report.messages) >= 2000, why);
    assert.ok(Number(report.connections) > 16, `connections come and go: ${why}`);
    assert.ok(Number(report.answered_ok) > 0 && Number(report.unacknowledged) > 0, why);
    // Two thousand messages prove no bound; they catch a gross leak (the long run is in docs/reliability.md).
    assert.ok(report.rss_mb_end! < report.rss_mb_start! + 200, `memory: ${why}`);
  });
});
