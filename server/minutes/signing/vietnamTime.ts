// A time as Vietnamese documents write it: ISO 8601 in Vietnam's time zone (UTC+07:00, no daylight saving), e.g.
// 2026-11-23T10:15:00+07:00 — the signing time beside the seal (Decree 30, Appendix I) and in the verification report.
export function isoVietnamTime(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}
