// Clock arithmetic for the meeting's timers (speaking time, agenda item, vote deadline, waiting in the queue) and a
// hook that re-renders a timer once a second. Times come from the server as ISO strings.
import { useEffect, useState } from 'react';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "04:05", "1:02:03"; negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** Milliseconds since `from` (0 when unknown or in the future). */
export function elapsedMs(from: string | null, now: number): number {
  const at = from ? Date.parse(from) : NaN;
  return Number.isNaN(at) ? 0 : Math.max(0, now - at);
}

/** Milliseconds until `until`, negative once passed; null when there is no deadline. */
export function remainingMs(until: string | null, now: number): number | null {
  const at = until ? Date.parse(until) : NaN;
  return Number.isNaN(at) ? null : at - now;
}

/** The current time, refreshed every `intervalMs` while the component is mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
