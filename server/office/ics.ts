// Meeting invitations as iCalendar (RFC 5545) text, with the scheduling methods of iTIP (RFC 5546): REQUEST when a
// meeting is announced or changed, CANCEL when it is called off. Pure: the same input gives the same text, so the
// HTTP download (invitation.ics) and the e-mail carry byte-identical invitations.
import { AppFailure } from '../../common/errors.ts';

export interface InvitationPerson {
  name: string;
  email: string;
}

export interface InvitationInput {
  /** Stable per meeting across changes and the cancellation, so calendars update the same event: see `meetingUid`. */
  uid: string;
  /** Grows with each change the attendees are told about (iTIP: a higher SEQUENCE replaces the event). */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  title: string;
  /** Vietnamese name of the kind of meeting ("Giao ban", "Cuộc họp", "Hội nghị"). */
  kindLabel: string;
  /** ISO 8601 with an offset; written in UTC. */
  startsAt: string;
  endsAt: string;
  place: string;
  chairName: string;
  agenda: { title: string; presenter: string; durationMinutes: number }[];
  joinUrl: string;
  /** The agency, with the configured sender's address. */
  organizer: InvitationPerson;
  /** Participants who have an e-mail address. */
  attendees: InvitationPerson[];
  /** DTSTAMP; defaults to the current time. */
  now?: Date;
}

export const ICS_PRODID = '-//Phong hop so//VI';
/** Longest content line in octets, CRLF excluded (RFC 5545 §3.1). */
export const MAX_LINE_OCTETS = 75;

/** The UID of a meeting's event: the same for every version of its invitation. */
export function meetingUid(meetingId: string, host: string): string {
  return `${meetingId}@${host}`;
}

export function invitationIcs(input: InvitationInput): string {
  const start = utcDateTime(input.startsAt, 'startsAt');
  const end = utcDateTime(input.endsAt, 'endsAt');
  const cancelled = input.method === 'CANCEL';
  if (!Number.isInteger(input.sequence) || input.sequence < 0) {
    throw new AppFailure('invalid_message', `SEQUENCE must be a non-negative integer, got ${input.sequence}`);
  }
  const joinUrl = uri(input.joinUrl);
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${ICS_PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    'BEGIN:VEVENT',
    `UID:${text(input.uid)}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${formatUtc(input.now ?? new Date())}`,
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${text(input.title)}`,
    `LOCATION:${text(input.place)}`,
    `DESCRIPTION:${text(description(input, joinUrl))}`,
    `URL:${joinUrl}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    `ORGANIZER;CN=${param(input.organizer.name)}:${mailto(input.organizer.email)}`,
    ...input.attendees.map(
      (a) =>
        `ATTENDEE;CN=${param(a.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=${cancelled ? 'FALSE' : 'TRUE'}:${mailto(a.email)}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** What a person reads in the event's notes: the kind, the chair, the agenda, and how to join. */
function description(input: InvitationInput, joinUrl: string): string {
  const lines: string[] = [];
  if (input.method === 'CANCEL') lines.push('Cuộc họp này đã bị hủy.', '');
  lines.push(`Loại cuộc họp: ${input.kindLabel}`, `Chủ trì: ${input.chairName}`);
  if (input.agenda.length > 0) {
    lines.push('', 'Chương trình họp:');
    input.agenda.forEach((item, i) => {
      const presenter = item.presenter.trim() ? ` — trình bày: ${item.presenter.trim()}` : '';
      lines.push(`${i + 1}. ${item.title}${presenter} (${item.durationMinutes} phút)`);
    });
  }
  lines.push('', `Tham gia trực tuyến: ${joinUrl}`);
  return lines.join('\n');
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break written as `\n`.
 * Control characters other than tab are not allowed in content lines and are dropped. NFC first, so a letter
 * such as "ệ" is one code point and cannot be parted from its marks by folding.
 */
export function escapeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
const text = escapeText;

/**
 * A parameter value (§3.2): quoted unless it is a plain token. A double quote cannot appear inside one at all
 * (RFC 6868's ^' is not read by every client), so it becomes an apostrophe; line breaks become spaces.
 */
export function escapeParam(value: string): string {
  const clean = value
    .normalize('NFC')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/"/g, "'");
  return /^[A-Za-z0-9._-]+$/.test(clean) ? clean : `"${clean}"`;
}
const param = escapeParam;

function mailto(email: string): string {
  // Addresses come validated from the directory; this guards the calendar text against a line or parameter break.
  if (!/^[^\s@:;,"<>\\]+@[^\s@:;,"<>\\]+$/.test(email)) {
    throw new AppFailure('invalid_message', `not an e-mail address usable in an invitation: ${JSON.stringify(email)}`);
  }
  return `mailto:${email}`;
}

function uri(value: string): string {
  try {
    // The WHATWG serialisation percent-encodes spaces and controls, so the value cannot break the line.
    return new URL(value).href;
  } catch {
    throw new AppFailure('invalid_message', `join link is not a URL: ${JSON.stringify(value)}`);
  }
}

function utcDateTime(iso: string, field: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new AppFailure('invalid_message', `${field} is not a date: ${iso}`);
  return formatUtc(date);
}

/** 2025-12-15T01:00:00.000Z → 20251215T010000Z (DATE-TIME in UTC, §3.3.5 form #2). */
export function formatUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Folds one content line (§3.1): at most 75 octets per line, continuation lines starting with one space. Breaks fall
 * between code points only, never inside a multi-octet UTF-8 sequence, so every line is valid UTF-8 on its own.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
