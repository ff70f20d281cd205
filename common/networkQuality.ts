// How a connection point's network reads on the status board, from the WebRTC stats its client reports.
import type { NetworkQuality, NetworkReport } from './meeting.ts';

/** Thresholds for interactive speech: beyond ~300 ms RTT or ~5 % loss conversation suffers audibly. */
export const QUALITY_THRESHOLDS = {
  good: { rttMs: 150, lossPct: 1 },
  fair: { rttMs: 400, lossPct: 5 },
} as const;

export function networkQuality(report: Pick<NetworkReport, 'rttMs' | 'lossPct'> | null): NetworkQuality {
  if (!report || (report.rttMs === null && report.lossPct === null)) return 'unknown';
  const rtt = report.rttMs ?? 0;
  const loss = report.lossPct ?? 0;
  if (rtt <= QUALITY_THRESHOLDS.good.rttMs && loss <= QUALITY_THRESHOLDS.good.lossPct) return 'good';
  if (rtt <= QUALITY_THRESHOLDS.fair.rttMs && loss <= QUALITY_THRESHOLDS.fair.lossPct) return 'fair';
  return 'poor';
}
