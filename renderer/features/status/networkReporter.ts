// Every participant reports its network to the server every few seconds (the server accepts one report a second
// at most); the chair and secretary see it on the status board.
import { useEffect } from 'react';
import type { MeetingSession } from '../meeting/session.ts';
import { networkReport, sampleStats, type StatsSample } from './networkStats.ts';

export const REPORT_INTERVAL_MS = 3000;

export function startNetworkReports(session: MeetingSession, intervalMs = REPORT_INTERVAL_MS): () => void {
  let previous: StatsSample | null = null;
  let busy = false;
  const tick = async () => {
    if (busy || session.getState().status !== 'joined') {
      if (session.getState().status !== 'joined') previous = null;
      return;
    }
    busy = true;
    try {
      const { send, recv } = await session.transportStats();
      if (!send && !recv) return;
      const sample = sampleStats(send, recv, Date.now());
      const report = networkReport(previous, sample);
      previous = sample;
      // The first sample only primes the counters, unless it already knows the round trip.
      if (report.rttMs === null && report.sendKbps === null) return;
      await session.request('reportStats', report);
    } catch {
      // A report lost to a reconnection is replaced by the next one.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  return () => clearInterval(timer);
}

export function useNetworkReports(session: MeetingSession): void {
  useEffect(() => startNetworkReports(session), [session]);
}
