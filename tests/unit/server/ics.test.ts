// Invitation .ics text: line structure (CRLF, 75-octet folds on UTF-8 boundaries), TEXT and parameter escaping, the
// iTIP fields that make calendars update one event. Independent parsing is in tests/integration/invitationMail.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeParam,
  escapeText,
  foldLine,
  formatUtc,
  invitationIcs,
  meetingUid,
  type InvitationInput,
} from '../../../server/office/ics.ts';
import { failureCode } from '../../helpers/failures.ts';

const LONG_TITLE =
  'Hội nghị trực tuyến toàn quốc triển khai nhiệm vụ bảo vệ môi trường, ứng phó biến đổi khí hậu và quản lý ' +
  'tài nguyên nước lưu vực sông Hồng – sông Thái Bình giai đoạn 2026–2030, tầm nhìn đến năm 2050 🌏';

const base: InvitationInput = {
  uid: meetingUid('m42', 'phonghop.example.vn'),
  sequence: 3,
  method: 'REQUEST',
  title: LONG_TITLE,
  kindLabel: 'Hội nghị',
  startsAt: '2025-12-15T08:00:00+07:00',
  endsAt: '2025-12-15T11:30:00+07:00',
  place: 'Phòng họp tầng 3, số 2 Đinh Tiên Hoàng, Hà Nội',
  chairName: 'Nguyễn Hữu Đức',
  agenda: [{ title: 'Khai mạc; giới thiệu đại biểu', presenter: 'Văn phòng Sở', durationMinutes: 10 }],
  joinUrl: 'https://phonghop.example.vn/cuoc-hop/m42',
  organizer: { name: 'Sở Tài nguyên và Môi trường', email: 'phonghop@example.vn' },
  attendees: [
    { name: 'Phạm Thị Thu Hằng', email: 'hang@quangninh.example.vn' },
    { name: 'Đặng Quốc Việt; Lào Cai: "điểm cầu 2"', email: 'viet@laocai.example.vn' },
  ],
  now: new Date('2025-12-01T02:03:04.567Z'),
};

/** Physical lines, without their CRLF. */
function physicalLines(ics: string): string[] {
  assert.ok(ics.endsWith('\r\n'), 'ends with CRLF');
  return ics.slice(0, -2).split('\r\n');
}

/** Content lines after unfolding (RFC 5545 §3.1), keyed by their name with parameters. */
function contentLines(ics: string): string[] {
  return ics
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n');
}

function property(ics: string, name: string): string[] {
  return contentLines(ics)
    .filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
    .map((l) => l.slice(name.length));
}

function assertFoldedLines(ics: string): void {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  for (const line of physicalLines(ics)) {
    const bytes = Buffer.from(line, 'utf8');
    assert.ok(bytes.length <= 75, `${bytes.length} octets: ${line}`);
    // Each physical line is whole UTF-8 on its own: no sequence was cut by the fold.
    assert.equal(fatal.decode(bytes), line);
  }
}

describe('invitation .ics', () => {
  it('ends every line with CRLF and has no bare CR or LF', () => {
    const ics = invitationIcs({ ...base, title: 'Dòng 1\nDòng 2\r\nDòng 3\rDòng 4' });
    assert.equal(ics.replace(/\r\n/g, '').match(/[\r\n]/), null);
    assert.deepEqual(property(ics, 'SUMMARY'), [':Dòng 1\\nDòng 2\\nDòng 3\\nDòng 4']);
  });

  it('folds long Vietnamese lines at 75 octets without splitting a character, and unfolds to the same text', () => {
    const ics = invitationIcs(base);
    assertFoldedLines(ics);
    assert.ok(
      physicalLines(ics).some((l) => l.startsWith(' ')),
      'the long title was folded',
    );
    assert.deepEqual(property(ics, 'SUMMARY'), [`:${escapeText(LONG_TITLE)}`]);
  });

  it('never cuts a 2-, 3- or 4-octet character whatever the alignment', () => {
    for (let shift = 0; shift < 8; shift++) {
      const line = 'X'.repeat(shift) + 'ăệ🌏đ—'.repeat(60);
      const folded = foldLine(line);
      assertFoldedLines(folded + '\r\n');
      assert.equal(folded.replace(/\r\n /g, ''), line);
      // A fold is only made when the next character would not fit.
      for (const [i, l] of folded.split('\r\n').entries()) {
        const next = folded.split('\r\n')[i + 1];
        if (next) assert.ok(Buffer.byteLength(l) + Buffer.byteLength([...next.slice(1)][0] ?? '') > 75);
      }
    }
  });

  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    assert.equal(foldLine('a'.repeat(75)), 'a'.repeat(75));
    assert.equal(foldLine('a'.repeat(76)), `${'a'.repeat(75)}\r\n a`);
  });

  it('writes composed letters (NFC), so a decomposed "ệ" is never parted from its marks', () => {
    const decomposed = 'Kế hoạch quan trắc'.normalize('NFD');
    assert.equal(escapeText(decomposed), 'Kế hoạch quan trắc');
  });

  it('escapes backslash, semicolon, comma and newlines in TEXT, not colons', () => {
    assert.equal(escapeText('a\\b;c,d\ne\r\nf: g'), 'a\\\\b\\;c\\,d\\ne\\nf: g');
    assert.equal(escapeText('tab\there\u0007bell'), 'tab\therebell');
    assert.deepEqual(property(invitationIcs(base), 'LOCATION'), [
      ':Phòng họp tầng 3\\, số 2 Đinh Tiên Hoàng\\, Hà Nội',
    ]);
  });

  it('quotes parameter values with special characters and cannot be broken out of', () => {
    assert.equal(escapeParam('Nguyễn Văn An'), '"Nguyễn Văn An"');
    assert.equal(escapeParam('plain'), 'plain');
    assert.equal(escapeParam('A; B: "C", D\r\nE'), `"A; B: 'C', D E"`);
    const attendees = property(invitationIcs(base), 'ATTENDEE');
    assert.equal(attendees.length, 2);
    assert.match(attendees[0]!, /^;CN="Phạm Thị Thu Hằng";.*RSVP=TRUE:mailto:hang@quangninh\.example\.vn$/);
    assert.match(attendees[1]!, /^;CN="Đặng Quốc Việt; Lào Cai: 'điểm cầu 2'";.*:mailto:viet@laocai\.example\.vn$/);
  });

  it('keeps injected lines inside their value', () => {
    const ics = invitationIcs({
      ...base,
      title: 'Họp\r\nATTENDEE:mailto:ke-gian@example.com\r\nEND:VEVENT',
      attendees: [{ name: 'X\r\nATTENDEE:mailto:ke-gian@example.com', email: 'x@example.vn' }],
      joinUrl: 'https://phonghop.example.vn/a b\r\nATTENDEE:mailto:ke-gian@example.com',
    });
    assert.equal(property(ics, 'ATTENDEE').length, 1);
    assert.equal(property(ics, 'END').filter((v) => v === ':VEVENT').length, 1);
    assert.ok(!contentLines(ics).some((l) => l.startsWith('ATTENDEE:')));
  });

  it('refuses addresses, dates and links that cannot be written safely', () => {
    assert.equal(
      failureCode(() => invitationIcs({ ...base, attendees: [{ name: 'A', email: 'a@b.vn\r\nX:y' }] })),
      'invalid_message',
    );
    assert.equal(
      failureCode(() => invitationIcs({ ...base, organizer: { name: 'A', email: 'không-phải-email' } })),
      'invalid_message',
    );
    assert.equal(
      failureCode(() => invitationIcs({ ...base, startsAt: 'ngày mai' })),
      'invalid_message',
    );
    assert.equal(
      failureCode(() => invitationIcs({ ...base, joinUrl: '/relative' })),
      'invalid_message',
    );
    assert.equal(
      failureCode(() => invitationIcs({ ...base, sequence: -1 })),
      'invalid_message',
    );
  });

  it('has the calendar header, a stable UID, SEQUENCE, and times in UTC', () => {
    const ics = invitationIcs(base);
    const lines = contentLines(ics);
    assert.deepEqual(lines.slice(0, 6), [
      'BEGIN:VCALENDAR',
      'PRODID:-//Phong hop so//VI',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
    ]);
    assert.deepEqual(lines.slice(-2), ['END:VEVENT', 'END:VCALENDAR']);
    assert.deepEqual(property(ics, 'UID'), [':m42@phonghop.example.vn']);
    assert.deepEqual(property(ics, 'SEQUENCE'), [':3']);
    assert.deepEqual(property(ics, 'DTSTAMP'), [':20251201T020304Z']);
    assert.deepEqual(property(ics, 'DTSTART'), [':20251215T010000Z']);
    assert.deepEqual(property(ics, 'DTEND'), [':20251215T043000Z']);
    assert.deepEqual(property(ics, 'STATUS'), [':CONFIRMED']);
    assert.deepEqual(property(ics, 'URL'), [':https://phonghop.example.vn/cuoc-hop/m42']);
    assert.deepEqual(property(ics, 'ORGANIZER'), [';CN="Sở Tài nguyên và Môi trường":mailto:phonghop@example.vn']);
    assert.equal(invitationIcs(base), ics, 'the same input gives the same text');
  });

  it('describes the meeting in Vietnamese: kind, chair, agenda with presenters and minutes, the join link', () => {
    const [description] = property(invitationIcs(base), 'DESCRIPTION');
    assert.equal(
      description,
      ':Loại cuộc họp: Hội nghị\\nChủ trì: Nguyễn Hữu Đức\\n\\nChương trình họp:\\n' +
        '1. Khai mạc\\; giới thiệu đại biểu — trình bày: Văn phòng Sở (10 phút)\\n\\n' +
        'Tham gia trực tuyến: https://phonghop.example.vn/cuoc-hop/m42',
    );
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED under the same UID', () => {
    const ics = invitationIcs({ ...base, method: 'CANCEL', sequence: 4 });
    assert.deepEqual(property(ics, 'METHOD'), [':CANCEL']);
    assert.deepEqual(property(ics, 'STATUS'), [':CANCELLED']);
    assert.deepEqual(property(ics, 'UID'), [':m42@phonghop.example.vn']);
    assert.deepEqual(property(ics, 'SEQUENCE'), [':4']);
    assert.ok(property(ics, 'ATTENDEE').every((a) => a.includes('RSVP=FALSE')));
    assert.match(property(ics, 'DESCRIPTION')[0]!, /^:Cuộc họp này đã bị hủy\./);
  });

  it('stamps the current time when none is given', () => {
    const before = formatUtc(new Date(Date.now() - 1000));
    const [stamp] = property(invitationIcs({ ...base, now: undefined }), 'DTSTAMP');
    const after = formatUtc(new Date(Date.now() + 1000));
    assert.ok(stamp && stamp.slice(1) >= before && stamp.slice(1) <= after, stamp);
  });
});
