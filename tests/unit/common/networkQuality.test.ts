// Network quality as the status board shows it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkQuality } from '../../../common/networkQuality.ts';

describe('network quality', () => {
  it('reads RTT and loss into good, fair, poor, unknown', () => {
    assert.equal(networkQuality(null), 'unknown');
    assert.equal(networkQuality({ rttMs: null, lossPct: null }), 'unknown');
    assert.equal(networkQuality({ rttMs: 40, lossPct: 0 }), 'good');
    assert.equal(networkQuality({ rttMs: 250, lossPct: 0.5 }), 'fair');
    assert.equal(networkQuality({ rttMs: 40, lossPct: 3 }), 'fair');
    assert.equal(networkQuality({ rttMs: 900, lossPct: 0 }), 'poor');
    assert.equal(networkQuality({ rttMs: null, lossPct: 12 }), 'poor');
  });
});
