import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkReport, sampleStats } from '../../../renderer/features/status/networkStats.ts';

type Stat = Record<string, unknown>;
const report = (...stats: Stat[]) => new Map(stats.map((s, i) => [String(s['id'] ?? i), s]));

const sendReport = (bytesSent: number, fractionLost = 0, rtt = 0.04) =>
  report(
    { id: 'T1', type: 'transport', selectedCandidatePairId: 'P1' },
    {
      id: 'P1',
      type: 'candidate-pair',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: rtt,
      bytesSent,
      bytesReceived: 1000,
    },
    { id: 'P2', type: 'candidate-pair', state: 'failed', currentRoundTripTime: 9, bytesSent: 0, bytesReceived: 0 },
    { id: 'R1', type: 'remote-inbound-rtp', fractionLost, roundTripTime: 0.05 },
  );

const recvReport = (bytesReceived: number, packetsReceived: number, packetsLost: number) =>
  report(
    {
      id: 'P9',
      type: 'candidate-pair',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: 0.03,
      bytesSent: 500,
      bytesReceived,
    },
    { id: 'I1', type: 'inbound-rtp', kind: 'audio', packetsReceived, packetsLost },
    { id: 'I2', type: 'inbound-rtp', kind: 'video', packetsReceived: packetsReceived * 2, packetsLost: 0 },
  );

test('a sample reads the selected pair’s round trip and bytes, inbound packets and the SFU’s loss report', () => {
  const sample = sampleStats(sendReport(10_000, 0.02), recvReport(50_000, 100, 5), 1000);
  assert.equal(sample.rttMs, 40, 'the larger round trip of the two transports');
  assert.equal(sample.bytesSent, 10_500);
  assert.equal(sample.bytesReceived, 51_000);
  assert.deepEqual([sample.packetsReceived, sample.packetsLost, sample.remoteFractionLost], [300, 5, 0.02]);
});

test('the first report has the round trip and outbound loss but no rates', () => {
  const first = networkReport(null, sampleStats(sendReport(10_000, 0.02), recvReport(0, 0, 0), 0));
  assert.deepEqual(first, { rttMs: 40, lossPct: 2, sendKbps: null, recvKbps: null });
});

test('rates and inbound loss come from the difference between two samples', () => {
  const a = sampleStats(sendReport(0), recvReport(0, 0, 0), 0);
  const b = sampleStats(sendReport(250_000), recvReport(500_000, 90, 10), 2000);
  const r = networkReport(a, b);
  assert.equal(r.sendKbps, 1000, '250 kB in 2 s');
  assert.equal(r.recvKbps, 2000, '500 kB in 2 s');
  assert.equal(r.lossPct, 3.57, '10 lost of 280 packets in the interval');
});

test('counters that went backwards (a new media link) give no rates rather than nonsense', () => {
  const a = sampleStats(sendReport(900_000), recvReport(900_000, 1000, 50), 0);
  const b = sampleStats(sendReport(1000), recvReport(1000, 10, 0), 3000);
  const r = networkReport(a, b);
  assert.deepEqual([r.sendKbps, r.recvKbps, r.lossPct], [null, null, 0]);
});

test('without a selected pair the RTCP round trip is used; nothing at all gives nulls', () => {
  const rtcpOnly = report({ id: 'R', type: 'remote-inbound-rtp', fractionLost: 0.5, roundTripTime: 0.2 });
  const r = networkReport(null, sampleStats(rtcpOnly, null, 0));
  assert.deepEqual([r.rttMs, r.lossPct], [200, 50]);
  assert.deepEqual(networkReport(null, sampleStats(null, null, 0)), {
    rttMs: null,
    lossPct: null,
    sendKbps: null,
    recvKbps: null,
  });
});
