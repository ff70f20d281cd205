// How the administrative form writes numbers, dates, times and vote results (Decree 30/2020, Appendix I).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  longDate,
  numberLine,
  percent,
  placeAndDate,
  timeAndDate,
  upper,
  voteSummary,
} from '../../../server/minutes/format.ts';
import { roman } from '../../../common/minutes.ts';

describe('administrative formatting', () => {
  it('pads days below 10 and the months January and February only', () => {
    assert.equal(longDate('2026-01-05'), 'ngày 05 tháng 01 năm 2026');
    assert.equal(longDate('2026-02-28'), 'ngày 28 tháng 02 năm 2026');
    assert.equal(longDate('2026-11-23'), 'ngày 23 tháng 11 năm 2026');
    assert.equal(longDate('2026-03-09'), 'ngày 09 tháng 3 năm 2026');
  });

  it('writes the place-and-date line and the number line', () => {
    assert.equal(placeAndDate({ place: 'Hà Nội', date: '2026-11-23' }), 'Hà Nội, ngày 23 tháng 11 năm 2026');
    assert.equal(numberLine({ number: '15', notation: 'BB-VPB' }), 'Số: 15/BB-VPB');
    assert.equal(numberLine({ number: '7', notation: 'BB-UBND' }), 'Số: 07/BB-UBND');
    assert.match(numberLine({ number: null, notation: 'BB-VPB' }), /^Số: \u00a0+\/BB-VPB$/);
  });

  it('converts instants to Vietnam time (UTC+7)', () => {
    assert.equal(timeAndDate('2026-11-22T17:30:00Z'), '00 giờ 30 phút, ngày 23 tháng 11 năm 2026');
    assert.equal(timeAndDate('2026-11-23T01:00:00.000Z'), '08 giờ 00 phút, ngày 23 tháng 11 năm 2026');
  });

  it('writes vote results with decimal commas', () => {
    assert.equal(percent(10, 11), '90,91%');
    assert.equal(
      voteSummary({ kind: 'named', eligible: 11, yes: 10, no: 0, abstain: 1, passed: true }),
      'Kết quả biểu quyết công khai: 10/11 đại biểu tán thành (90,91%), 0 không tán thành (0%), ' +
        '1 không biểu quyết (9,09%). Nội dung được thông qua.',
    );
  });

  it('numbers parts in Roman numerals and uppercases Vietnamese', () => {
    assert.deepEqual([1, 4, 9, 14, 40].map(roman), ['I', 'IV', 'IX', 'XIV', 'XL']);
    assert.equal(upper('văn phòng bộ đ'), 'VĂN PHÒNG BỘ Đ');
  });
});
