// Meeting times between the form and the API. A `datetime-local` input holds a wall-clock time with no zone; it is
// read in the agency's zone (Asia/Ho_Chi_Minh, UTC+7, no daylight saving) — the zone every screen shows times in
// (i18n/format.ts) — so that "08:30" typed by the secretary is "08:30" on everyone's home page, wherever the
// machine's clock is set. The API gets ISO 8601 with the offset.
import { formatMeetingTime } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/translate.ts';

/** Asia/Ho_Chi_Minh. */
export const AGENCY_OFFSET_MINUTES = 7 * 60;

const pad = (n: number): string => String(n).padStart(2, '0');

function offsetSuffix(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const INPUT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-12-07T08:30" → "2026-12-07T08:30:00+07:00"; null for an empty or malformed value. */
export function inputToIso(value: string, offsetMinutes = AGENCY_OFFSET_MINUTES): string | null {
  const match = INPUT_PATTERN.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offsetSuffix(offsetMinutes)}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** An instant as the wall-clock value of a `datetime-local` input in the agency's zone. */
export function isoToInput(value: string | Date, offsetMinutes = AGENCY_OFFSET_MINUTES): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`
  );
}

/** Moves an input value by some minutes (the end follows the start); a malformed value stays as it is. */
export function shiftInput(value: string, minutes: number): string {
  const iso = inputToIso(value);
  return iso === null ? value : isoToInput(new Date(Date.parse(iso) + minutes * 60_000));
}

/** Minutes from one input value to another (null when either is not a time). */
export function inputMinutesBetween(from: string, to: string): number | null {
  const a = inputToIso(from);
  const b = inputToIso(to);
  return a === null || b === null ? null : Math.round((Date.parse(b) - Date.parse(a)) / 60_000);
}

/** A new meeting's default start: tomorrow 08:00 in the agency's zone. */
export function defaultStartInput(now: Date): string {
  const tomorrow = isoToInput(new Date(now.getTime() + 24 * 3_600_000));
  return `${tomorrow.slice(0, 10)}T08:00`;
}

/** "08:30" in the agency's zone. */
export function formatTimeOfDay(value: string): string {
  const input = isoToInput(value);
  return input === '' ? '' : input.slice(11, 16);
}

/** "Thứ Hai, 07/12/2026 08:30 – 10:30" (the end's date too when it is another day). */
export function formatMeetingSpan(startsAt: string, endsAt: string | null, locale: Locale): string {
  const start = formatMeetingTime(startsAt, locale);
  if (!endsAt || Number.isNaN(Date.parse(endsAt))) return start;
  const sameDay = isoToInput(startsAt).slice(0, 10) === isoToInput(endsAt).slice(0, 10);
  return `${start} – ${sameDay ? formatTimeOfDay(endsAt) : formatMeetingTime(endsAt, locale)}`;
}

/** The day of an instant in the agency's zone ("2026-12-07"), to group meetings by day. */
export function agencyDay(value: string | Date): string {
  return isoToInput(value).slice(0, 10);
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The month over a date block: "Tháng 12", "Dec". */
export function monthLabel(month: number, locale: Locale): string {
  return locale === 'vi' ? `Tháng ${month}` : (EN_MONTHS[month - 1] ?? String(month));
}
