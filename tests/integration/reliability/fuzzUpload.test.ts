// The short variant of `npm run fuzz:upload` (tests/fuzz/upload.ts): 60 truncated, corrupted and hostile PDFs and
// hostile upload requests, four at a time. FUZZ_SEED=<n> replays a run; a failure names its seed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzUpload } from '../../fuzz/upload.ts';
import { testSeed } from '../../fuzz/random.ts';
import { verdict } from '../../fuzz/report.ts';

describe('document uploads under fuzzing (short run)', () => {
  it('answers each with a document or a typed error, keeps what it accepted, leaves no temporary file', async () => {
    const seed = testSeed();
    const report = await fuzzUpload({ seed, uploads: 60, parallel: 4 });
    const why = `seed ${seed}: ${JSON.stringify(report)}`;
    assert.deepEqual(verdict(report), [], why);
    assert.ok(Number(report.accepted) > 0, why);
    assert.ok(report.rss_mb_end! < report.rss_mb_start! + 300, `memory: ${why}`);
  });
});
