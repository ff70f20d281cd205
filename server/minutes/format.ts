// How the administrative form (Decree 30/2020/NĐ-CP, Appendix I) writes numbers, dates and times, in Vietnam time.
// Shared by the PDF, DOCX and edXML outputs so that all three say the same thing.
import type { MinutesHeader, VoteResult } from '../../common/minutes.ts';

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export const VIETNAM_OFFSET_MINUTES = 7 * 60;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function vietnamTime(isoOrDate: string | Date): LocalParts {
  const instant = typeof isoOrDate === 'string' ? new Date(isoOrDate) : isoOrDate;
  if (Number.isNaN(instant.getTime())) throw new Error(`not a date: ${String(isoOrDate)}`);
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MINUTES * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

function dateParts(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`expected YYYY-MM-DD, got "${date}"`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * "ngày 05 tháng 01 năm 2026": days below 10 and the months January and February take a leading zero
 * (Decree 30, Appendix I, section II.4), other months do not ("tháng 11").
 */
export function longDate(date: string): string {
  const { year, month, day } = dateParts(date);
  const monthText = month <= 2 ? pad(month) : String(month);
  return `ngày ${pad(day)} tháng ${monthText} năm ${year}`;
}

/** "Hà Nội, ngày 23 tháng 11 năm 2026". */
export function placeAndDate(header: Pick<MinutesHeader, 'place' | 'date'>): string {
  return `${header.place}, ${longDate(header.date)}`;
}

/** The number as printed: below 10 with a leading zero; blank while not yet assigned. */
export function documentNumber(number: string | null): string {
  if (number === null || number.trim() === '') return '';
  const trimmed = number.trim();
  return /^\d$/.test(trimmed) ? `0${trimmed}` : trimmed;
}

/** "Số: 15/BB-VPB" (a draft without a number keeps room for it: "Số:      /BB-VPB"). */
export function numberLine(header: Pick<MinutesHeader, 'number' | 'notation'>): string {
  const number = documentNumber(header.number);
  return `Số: ${number === '' ? '\u00a0'.repeat(6) : number}/${header.notation}`;
}

/** "15/BB-VPB", as document systems index it. */
export function numberAndNotation(header: Pick<MinutesHeader, 'number' | 'notation'>): string {
  return `${documentNumber(header.number) || '…'}/${header.notation}`;
}

/** "08 giờ 00 phút, ngày 23 tháng 11 năm 2026". */
export function timeAndDate(iso: string): string {
  const t = vietnamTime(iso);
  return `${pad(t.hour)} giờ ${pad(t.minute)} phút, ${longDate(`${t.year}-${pad(t.month)}-${pad(t.day)}`)}`;
}

/** "08 giờ 00 phút". */
export function clockTime(iso: string): string {
  const t = vietnamTime(iso);
  return `${pad(t.hour)} giờ ${pad(t.minute)} phút`;
}

export function sameVietnamDay(a: string, b: string): boolean {
  const x = vietnamTime(a);
  const y = vietnamTime(b);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/** "23/11/2026" for tables. */
export function shortDate(date: string): string {
  const { year, month, day } = dateParts(date);
  return `${pad(day)}/${pad(month)}/${year}`;
}

/** "23/11/2026 10:15:30 (UTC+07:00)" for signature appearances. */
export function signingTime(date: Date): string {
  const t = vietnamTime(date);
  return `${pad(t.day)}/${pad(t.month)}/${t.year} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} (UTC+07:00)`;
}

/** A percentage with a decimal comma, as Vietnamese writes it: "85,71%". */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const value = Math.round((part / whole) * 10000) / 100;
  return `${String(value).replace('.', ',')}%`;
}

/** "12/14 đại biểu tán thành (85,71%), 1 không tán thành (7,14%), 1 không biểu quyết (7,14%)". */
export function voteSummary(vote: VoteResult): string {
  const kind = vote.kind === 'secret' ? 'bỏ phiếu kín' : 'biểu quyết công khai';
  const counts =
    `${vote.yes}/${vote.eligible} đại biểu tán thành (${percent(vote.yes, vote.eligible)}), ` +
    `${vote.no} không tán thành (${percent(vote.no, vote.eligible)}), ` +
    `${vote.abstain} không biểu quyết (${percent(vote.abstain, vote.eligible)})`;
  return `Kết quả ${kind}: ${counts}. ${vote.passed ? 'Nội dung được thông qua.' : 'Nội dung không được thông qua.'}`;
}

/** Uppercase as Vietnamese expects (locale-aware for đ → Đ). */
export function upper(text: string): string {
  return text.toLocaleUpperCase('vi-VN');
}
