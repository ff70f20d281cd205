// Date and time formatting for the UI. Meetings are national: times are shown in Vietnam time (UTC+7, no daylight
// saving) whatever the machine's zone is, so a connection point abroad sees the same "09:00" as the ministry.
// Done by hand rather than with Intl so that the output does not depend on the ICU data of a given Chromium build.
import type { Locale } from './translate.ts';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const WEEKDAYS: Record<Locale, readonly string[]> = {
  vi: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const pad = (n: number): string => String(n).padStart(2, '0');

interface VietnamTime {
  weekday: number;
  day: number;
  month: number;
  year: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function toVietnamTime(date: Date): VietnamTime {
  const shifted = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return {
    weekday: shifted.getUTCDay(),
    day: shifted.getUTCDate(),
    month: shifted.getUTCMonth() + 1,
    year: shifted.getUTCFullYear(),
    hours: shifted.getUTCHours(),
    minutes: shifted.getUTCMinutes(),
    seconds: shifted.getUTCSeconds(),
  };
}

function parse(value: Date | string): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Thứ Hai, 23/11/2026" */
export function formatDate(value: Date | string, locale: Locale): string {
  const date = parse(value);
  if (!date) return typeof value === 'string' ? value : '';
  const t = toVietnamTime(date);
  return `${WEEKDAYS[locale][t.weekday]}, ${pad(t.day)}/${pad(t.month)}/${t.year}`;
}

/** "Thứ Hai, 23/11/2026 09:00" — the meeting's scheduled start. Unparseable input is shown as given. */
export function formatMeetingTime(value: Date | string, locale: Locale): string {
  const date = parse(value);
  if (!date) return typeof value === 'string' ? value : '';
  const t = toVietnamTime(date);
  return `${formatDate(date, locale)} ${pad(t.hours)}:${pad(t.minutes)}`;
}

/** "09:41:05" — the live clock in the meeting header. */
export function formatClock(date: Date): string {
  const t = toVietnamTime(date);
  return `${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)}`;
}
