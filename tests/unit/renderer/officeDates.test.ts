import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultStartInput,
  formatMeetingSpan,
  inputMinutesBetween,
  inputToIso,
  isoToInput,
  monthLabel,
  shiftInput,
} from '../../../renderer/features/office/dates.ts';
import { isDue } from '../../../renderer/features/office/ui.tsx';

test('a datetime-local value is read in Vietnam time, whatever the machine zone', () => {
  assert.equal(inputToIso('2026-12-07T08:30'), '2026-12-07T08:30:00+07:00');
  assert.equal(new Date(inputToIso('2026-12-07T08:30')!).toISOString(), '2026-12-07T01:30:00.000Z');
  assert.equal(inputToIso('2026-12-07T08:30:15'), '2026-12-07T08:30:15+07:00');
  assert.equal(inputToIso(''), null);
  assert.equal(inputToIso('07/12/2026 08:30'), null);
  assert.equal(inputToIso('2026-13-40T08:30'), null);
});

test('an instant shows as the wall clock of the agency and round-trips', () => {
  assert.equal(isoToInput('2026-12-07T01:30:00.000Z'), '2026-12-07T08:30');
  assert.equal(isoToInput('2026-12-06T20:00:00Z'), '2026-12-07T03:00');
  assert.equal(isoToInput(inputToIso('2026-12-31T23:45')!), '2026-12-31T23:45');
  assert.equal(isoToInput('not a date'), '');
});

test('moving the start keeps durations; the default start is tomorrow 08:00', () => {
  assert.equal(shiftInput('2026-12-31T23:00', 120), '2027-01-01T01:00');
  assert.equal(inputMinutesBetween('2026-12-07T08:30', '2026-12-07T10:00'), 90);
  assert.equal(inputMinutesBetween('', '2026-12-07T10:00'), null);
  // 18:00 UTC on the 6th is already 01:00 on the 7th in Vietnam: tomorrow is the 8th.
  assert.equal(defaultStartInput(new Date('2026-12-06T18:00:00Z')), '2026-12-08T08:00');
});

test('a meeting span reads "Thứ Hai, 07/12/2026 08:30 – 10:30"', () => {
  assert.equal(
    formatMeetingSpan('2026-12-07T01:30:00Z', '2026-12-07T03:30:00Z', 'vi'),
    'Thứ Hai, 07/12/2026 08:30 – 10:30',
  );
  assert.equal(
    formatMeetingSpan('2026-12-07T01:30:00Z', '2026-12-08T03:30:00Z', 'en'),
    'Monday, 07/12/2026 08:30 – Tuesday, 08/12/2026 10:30',
  );
  assert.equal(formatMeetingSpan('2026-12-07T01:30:00Z', null, 'vi'), 'Thứ Hai, 07/12/2026 08:30');
  assert.equal(monthLabel(12, 'vi'), 'Tháng 12');
  assert.equal(monthLabel(12, 'en'), 'Dec');
});

test('a scheduled meeting is due once its start has come; live, ended or cancelled ones never are', () => {
  const start = '2026-12-07T10:32:00+07:00';
  const at = Date.parse(start);
  assert.equal(isDue('scheduled', start, at - 60_000), false);
  assert.equal(isDue('scheduled', start, at), true);
  assert.equal(isDue('scheduled', start, at + 3_600_000), true);
  for (const state of ['live', 'ended', 'cancelled'] as const) assert.equal(isDue(state, start, at + 60_000), false);
  assert.equal(isDue('scheduled', undefined, at), false);
});
