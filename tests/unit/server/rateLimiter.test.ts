import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../server/signalling/RateLimiter.ts';

describe('rate limiter', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 20, () => now);
    let allowed = 0;
    for (let i = 0; i < 50; i++) if (limiter.take()) allowed++;
    assert.equal(allowed, 20);
    now += 500;
    allowed = 0;
    for (let i = 0; i < 50; i++) if (limiter.take()) allowed++;
    assert.equal(allowed, 5);
  });
});
