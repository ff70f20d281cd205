import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatClock, formatDate, formatMeetingTime } from '../../../renderer/i18n/format.ts';

test('meeting time in Vietnamese, in Vietnam time', () => {
  assert.equal(formatMeetingTime('2026-11-23T09:00:00+07:00', 'vi'), 'Thứ Hai, 23/11/2026 09:00');
  // The same instant written in UTC reads the same.
  assert.equal(formatMeetingTime('2026-11-23T02:00:00Z', 'vi'), 'Thứ Hai, 23/11/2026 09:00');
});

test('every weekday has its Vietnamese name', () => {
  const names = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'];
  names.forEach((name, i) => {
    const day = String(23 + i).padStart(2, '0');
    assert.equal(formatDate(`2026-11-${day}T08:00:00+07:00`, 'vi'), `${name}, ${day}/11/2026`);
  });
});

test('late evening UTC is already the next day in Vietnam', () => {
  assert.equal(formatMeetingTime('2026-12-31T18:30:00Z', 'vi'), 'Thứ Sáu, 01/01/2027 01:30');
});

test('English uses English weekday names and the same numeric layout', () => {
  assert.equal(formatMeetingTime('2026-11-23T09:00:00+07:00', 'en'), 'Monday, 23/11/2026 09:00');
});

test('an unparseable time is shown as given rather than as "Invalid Date"', () => {
  assert.equal(formatMeetingTime('sáng thứ Hai', 'vi'), 'sáng thứ Hai');
});

test('the clock shows hours, minutes and seconds in Vietnam time', () => {
  assert.equal(formatClock(new Date('2026-11-23T02:41:05Z')), '09:41:05');
});
