// The connection status board as the chair and secretary see it: one entry per expected participant and connection
// point, problems first, alerts when a point drops or its network degrades, the waiting room and unmute requests.
// Pure transitions and orderings; the status store applies them as notifications arrive.
import type { StatusAlert, StatusEntry, WaitingGuest } from '../../../common/meeting.ts';

export interface AlertItem extends StatusAlert {
  id: number;
}

export interface UnmuteRequest {
  peerId: string;
  name: string;
  at: string;
}

export interface StatusView {
  entries: StatusEntry[];
  /** Newest last; the UI shows the latest few as toasts. */
  alerts: AlertItem[];
  /** participantId → when its last alert came (ms), to highlight the row for a while. */
  flagged: Record<string, { kind: StatusAlert['kind']; at: number }>;
  waiting: WaitingGuest[];
  unmuteRequests: UnmuteRequest[];
}

export const initialStatusView: StatusView = {
  entries: [],
  alerts: [],
  flagged: {},
  waiting: [],
  unmuteRequests: [],
};

const MAX_ALERTS = 20;

export function applyEntry(view: StatusView, entry: StatusEntry): StatusView {
  const index = view.entries.findIndex((e) => e.participantId === entry.participantId);
  const entries = index === -1 ? [...view.entries, entry] : view.entries.map((e, i) => (i === index ? entry : e));
  return { ...view, entries };
}

/**
 * A newer alert about a point replaces the older one (a wavering network must not stack notices); a recovered
 * network only clears the notice about it.
 */
export function applyAlert(view: StatusView, alert: StatusAlert, id: number, now: number): StatusView {
  const others = view.alerts.filter((a) => a.participantId !== alert.participantId);
  const alerts = alert.kind === 'network_recovered' ? others : [...others, { ...alert, id }];
  return {
    ...view,
    alerts: alerts.slice(-MAX_ALERTS),
    flagged: { ...view.flagged, [alert.participantId]: { kind: alert.kind, at: now } },
  };
}

export function dismissAlert(view: StatusView, id: number): StatusView {
  return view.alerts.some((a) => a.id === id) ? { ...view, alerts: view.alerts.filter((a) => a.id !== id) } : view;
}

export function applyUnmuteRequest(view: StatusView, request: UnmuteRequest): StatusView {
  return {
    ...view,
    unmuteRequests: [...view.unmuteRequests.filter((r) => r.peerId !== request.peerId), request],
  };
}

export function removeUnmuteRequest(view: StatusView, peerId: string): StatusView {
  return { ...view, unmuteRequests: view.unmuteRequests.filter((r) => r.peerId !== peerId) };
}

/** A problem the chair should see first: lost connection, poor network, then expected but not here. */
export type Severity = 'lost' | 'poor' | 'absent' | 'away' | 'fair' | 'ok';

export function severityOf(entry: StatusEntry): Severity {
  switch (entry.presence) {
    case 'dropped':
      return 'lost';
    case 'absent':
      return 'absent';
    case 'left':
    case 'removed':
      return 'away';
    case 'online':
      return entry.quality === 'poor' ? 'poor' : entry.quality === 'fair' ? 'fair' : 'ok';
  }
}

// Fair and good share a rank: a network that wavers between them must not make rows jump about.
const RANK: Record<Severity, number> = { lost: 0, poor: 1, absent: 2, away: 3, fair: 4, ok: 4 };

/** Problems first; within a rank, the meeting's own order (hosts, then connection points as scheduled). */
export function sortForBoard(entries: readonly StatusEntry[]): StatusEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => RANK[severityOf(a.entry)] - RANK[severityOf(b.entry)] || a.index - b.index)
    .map(({ entry }) => entry);
}

export interface BoardSummary {
  total: number;
  online: number;
  lost: number;
  poor: number;
  absent: number;
}

export function summarize(entries: readonly StatusEntry[]): BoardSummary {
  const summary: BoardSummary = { total: entries.length, online: 0, lost: 0, poor: 0, absent: 0 };
  for (const entry of entries) {
    const severity = severityOf(entry);
    if (entry.presence === 'online') summary.online += 1;
    if (severity === 'lost') summary.lost += 1;
    if (severity === 'poor') summary.poor += 1;
    if (severity === 'absent' || severity === 'away') summary.absent += 1;
  }
  return summary;
}

/** "Điểm cầu UBND tỉnh Lào Cai" → "Lào Cai", "Điểm cầu UBND TP Đà Nẵng" → "TP Đà Nẵng": the board's column says the rest. */
export function shortPointName(point: string | null): string | null {
  if (!point) return null;
  const short = point
    .replace(/^Điểm cầu\s+/i, '')
    .replace(/^UBND\s+/i, '')
    .replace(/^tỉnh\s+/i, '')
    .trim();
  return short || point;
}

/** Highlighted rows: a recent alert (for `forMs`), or a connection that is down right now. */
export function isFlagged(view: Pick<StatusView, 'flagged'>, entry: StatusEntry, now: number, forMs = 30_000): boolean {
  if (entry.presence === 'dropped') return true;
  const flag = view.flagged[entry.participantId];
  return flag !== undefined && now - flag.at < forMs && flag.kind !== 'network_recovered';
}

/** "0,4" / "12" — loss with a decimal comma in Vietnamese, at most one decimal. */
export function formatPercent(value: number, locale: 'vi' | 'en'): string {
  const text = value >= 10 ? String(Math.round(value)) : (Math.round(value * 10) / 10).toString();
  return locale === 'vi' ? text.replace('.', ',') : text;
}

/** "850 kbps", "1,2 Mbps". */
export function formatBitrate(kbps: number, locale: 'vi' | 'en'): string {
  if (kbps < 1000) return `${Math.round(kbps)} kbps`;
  const mbps = (Math.round(kbps / 100) / 10).toString();
  return `${locale === 'vi' ? mbps.replace('.', ',') : mbps} Mbps`;
}
