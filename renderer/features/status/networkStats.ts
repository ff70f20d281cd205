// The network report a client sends for the status board (`reportStats`), computed from its transports' WebRTC
// statistics: round-trip time of the selected ICE candidate pair, packet loss in both directions, and bitrates from
// byte counters between two samples. Pure: the statistics come in as plain objects.

/** Anything with RTCStatsReport's forEach (a Map in tests). */
export interface StatsLike {
  forEach(callback: (stat: Record<string, unknown>) => void): void;
}

export interface StatsSample {
  at: number;
  /** Round-trip time to the SFU, ms. */
  rttMs: number | null;
  bytesSent: number;
  bytesReceived: number;
  /** Inbound RTP over all received streams. */
  packetsReceived: number;
  packetsLost: number;
  /** The SFU's view of what we send (RTCP receiver reports), 0..1. */
  remoteFractionLost: number | null;
}

export interface NetworkReportPayload {
  rttMs: number | null;
  lossPct: number | null;
  sendKbps: number | null;
  recvKbps: number | null;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

interface PairFigures {
  rttMs: number | null;
  bytesSent: number;
  bytesReceived: number;
}

/** The candidate pair in use: the one the transport stat names, else a nominated, succeeded pair. */
function selectedPair(report: StatsLike): PairFigures | null {
  const pairs = new Map<string, Record<string, unknown>>();
  let selectedId: string | null = null;
  report.forEach((stat) => {
    if (stat['type'] === 'candidate-pair' && typeof stat['id'] === 'string') pairs.set(stat['id'], stat);
    if (stat['type'] === 'transport' && typeof stat['selectedCandidatePairId'] === 'string')
      selectedId = stat['selectedCandidatePairId'];
  });
  const pair =
    (selectedId !== null ? pairs.get(selectedId) : undefined) ??
    [...pairs.values()].find((p) => p['nominated'] === true && p['state'] === 'succeeded') ??
    [...pairs.values()].find((p) => p['state'] === 'succeeded');
  if (!pair) return null;
  const rtt = num(pair['currentRoundTripTime']);
  return {
    rttMs: rtt === null ? null : rtt * 1000,
    bytesSent: num(pair['bytesSent']) ?? 0,
    bytesReceived: num(pair['bytesReceived']) ?? 0,
  };
}

export function sampleStats(send: StatsLike | null, recv: StatsLike | null, at: number): StatsSample {
  const sample: StatsSample = {
    at,
    rttMs: null,
    bytesSent: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    remoteFractionLost: null,
  };
  for (const report of [send, recv]) {
    if (!report) continue;
    const pair = selectedPair(report);
    if (pair) {
      if (pair.rttMs !== null) sample.rttMs = Math.max(sample.rttMs ?? 0, pair.rttMs);
      sample.bytesSent += pair.bytesSent;
      sample.bytesReceived += pair.bytesReceived;
    }
    report.forEach((stat) => {
      if (stat['type'] === 'inbound-rtp') {
        sample.packetsReceived += num(stat['packetsReceived']) ?? 0;
        sample.packetsLost += Math.max(0, num(stat['packetsLost']) ?? 0);
      } else if (stat['type'] === 'remote-inbound-rtp') {
        const fraction = num(stat['fractionLost']);
        if (fraction !== null) sample.remoteFractionLost = Math.max(sample.remoteFractionLost ?? 0, fraction);
        // Without a selected pair (some browsers), the RTCP round trip is the next best measure.
        const rtt = num(stat['roundTripTime']);
        if (!pair && rtt !== null) sample.rttMs = Math.max(sample.rttMs ?? 0, rtt * 1000);
      }
    });
  }
  return sample;
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The report between two samples. Counters that went backwards (a new media link after a reconnection) give no
 * rate and no inbound loss for that interval rather than nonsense.
 */
export function networkReport(previous: StatsSample | null, current: StatsSample): NetworkReportPayload {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate = (now: number, before: number | undefined): number | null => {
    if (!previous || before === undefined || seconds <= 0 || now < before) return null;
    return round(clamp(((now - before) * 8) / 1000 / seconds, 1_000_000), 1);
  };
  let inboundLoss: number | null = null;
  if (previous) {
    const lost = current.packetsLost - previous.packetsLost;
    const received = current.packetsReceived - previous.packetsReceived;
    if (lost >= 0 && received >= 0 && lost + received > 0) inboundLoss = (lost / (lost + received)) * 100;
  }
  const outboundLoss = current.remoteFractionLost === null ? null : current.remoteFractionLost * 100;
  const losses = [inboundLoss, outboundLoss].filter((v): v is number => v !== null);
  return {
    rttMs: current.rttMs === null ? null : Math.round(clamp(current.rttMs, 60_000)),
    lossPct: losses.length === 0 ? null : round(clamp(Math.max(...losses), 100), 2),
    sendKbps: rate(current.bytesSent, previous?.bytesSent),
    recvKbps: rate(current.bytesReceived, previous?.bytesReceived),
  };
}
