// The record page's minutes section with what the receiving systems reported (edXML status messages), rendered by
// React itself: one row per status with its label, receiving organisation and time, and a note when a receiver's
// current status is a refusal; nothing extra when no status came; a recalled or updated record says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReceiverStatus } from '../../../common/minutesView.ts';
import type { MeetingRecord } from '../../../common/office.ts';
import { MinutesSection } from '../../../renderer/features/office/history/RecordSections.tsx';
import { I18nProvider } from '../../../renderer/i18n/I18nProvider.tsx';

const status = (code: string, at: string, organId: string, organName: string): ReceiverStatus => ({
  code,
  at,
  organId,
  organName,
  description: null,
  staff: 'Nguyễn Thị Lan',
  department: 'Văn thư',
});

const render = (filingStatuses: ReceiverStatus[], followUps: MeetingRecord['minutes']['followUps'] = 'none') => {
  const minutes: MeetingRecord['minutes'] = {
    state: 'filed',
    pdfUrl: '/api/meetings/m1/minutes.pdf',
    filing: 'edxml:000.00.01.G06,2026/11/23,15/BB-VPB',
    filingStatuses,
    followUps,
  };
  return renderToStaticMarkup(createElement(I18nProvider, null, createElement(MinutesSection, { minutes })));
};

const rows = (html: string) => [...html.matchAll(/<li[^>]*data-testid="record-filing-status"[^>]*>(.*?)<\/li>/g)];

test('each reported status shows with its label, receiving organisation and time', () => {
  const html = render([
    status('01', '2026-11-23T07:05:00.000Z', '000.00.00.G22', 'Văn phòng Chính phủ'),
    status('03', '2026-11-23T08:00:00.000Z', '000.00.00.G22', 'Văn phòng Chính phủ'),
    status('06', '2026-11-23T10:00:00.000Z', '000.00.02.H26', 'UBND tỉnh Hòa Bình'),
  ]);
  const found = rows(html);
  assert.equal(found.length, 3);
  assert.match(found[0]![0], /data-code="01"/);
  assert.match(found[0]![1]!, /Đã đến.*Văn phòng Chính phủ/);
  assert.match(found[1]![1]!, /Đã tiếp nhận/);
  assert.match(found[2]![1]!, /Hoàn thành.*UBND tỉnh Hòa Bình/);
  assert.match(found[0]![1]!, /datetime="2026-11-23T07:05:00.000Z"/i);
  assert.match(found[0]![1]!, /14:05/, 'the time in Vietnam time');
  assert.match(found[0]![1]!, /Nguyễn Thị Lan \(Văn thư\)/);
  assert.doesNotMatch(html, /từ chối văn bản/);
});

test('a refusal as a receiver’s current status is said, with what the secretary can do', () => {
  const html = render([
    status('01', '2026-11-23T07:05:00.000Z', '000.00.00.G22', 'Văn phòng Chính phủ'),
    status('02', '2026-11-23T07:30:00.000Z', '000.00.00.G22', 'Văn phòng Chính phủ'),
  ]);
  assert.match(rows(html)[1]![0], /record-receiver--rejected/);
  assert.match(html, /Từ chối/);
  assert.match(html, /Nơi nhận từ chối văn bản: thư ký có thể gửi lại/);
});

test('no status reported: the section has no list', () => {
  assert.equal(rows(render([])).length, 0);
  assert.doesNotMatch(render([]), /Nơi nhận đã báo/);
});

test('a recalled record says so beside its filing; an updated one too; nothing without follow-ups', () => {
  const filing = (html: string) => /<dd data-testid="record-filing"[^>]*>(.*?)<\/dd>/.exec(html)?.[0] ?? '';
  assert.match(filing(render([], 'recalled')), /data-follow-ups="recalled".*Đã thu hồi/);
  assert.match(filing(render([], 'updated')), /Đã gửi bản cập nhật/);
  assert.doesNotMatch(filing(render([])), /thu hồi|cập nhật/);
});
