// A recording's chapters from the audit log: the agenda item under way at the start, then each item, each speaker
// given the floor and each screen share while it ran; and the FFMETADATA text ffmpeg writes them into the file with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEntry } from '../../../common/meeting.ts';
import { ffmetadata, recordingChapters } from '../../../server/recording/chapters.ts';

const T0 = Date.parse('2026-12-07T03:00:00Z');
let id = 0;
const entry = (s: number, action: string, target: string | null, detail: unknown = null): AuditEntry => ({
  id: ++id,
  at: new Date(T0 + s * 1000).toISOString(),
  actorId: 'chair',
  actorName: 'Chủ trì',
  action,
  target,
  detail: detail === null ? null : JSON.stringify(detail),
});

test('chapters start with the item under way and follow items, speakers and shares', () => {
  const audit = [
    entry(-60, 'startAgendaItem', 'item-1', { title: 'Khai mạc' }),
    entry(10, 'giveFloor', 'd1'),
    entry(20, 'startAgendaItem', 'item-2', { title: 'Báo cáo; tình hình' }),
    entry(25, 'screenShareStart', 'd2', { name: 'Nguyễn Văn B' }),
    entry(99, 'giveFloor', 'd1'),
  ];
  const chapters = recordingChapters(audit, T0, T0 + 60_000, (pid) => (pid === 'd1' ? 'Trần Văn A' : pid));
  assert.deepEqual(
    chapters.map((c) => [c.at, c.kind, c.title, c.agendaItemId]),
    [
      [0, 'agenda', 'Khai mạc', 'item-1'],
      [10, 'floor', 'Trần Văn A phát biểu', 'item-1'],
      [20, 'agenda', 'Báo cáo; tình hình', 'item-2'],
      [25, 'screen', 'Nguyễn Văn B trình bày màn hình', 'item-2'],
    ],
  );
  const meta = ffmetadata(chapters, 60, 'Giao ban = tháng 12');
  assert.match(meta, /^;FFMETADATA1\ntitle=Giao ban \\= tháng 12\n/);
  assert.match(meta, /START=20000\nEND=25000\ntitle=Báo cáo\\; tình hình\n/);
  assert.match(meta, /START=25000\nEND=60000\n/);
});

test('without an agenda item the recording opens with its own chapter', () => {
  const chapters = recordingChapters([], T0, T0 + 1000, (p) => p);
  assert.deepEqual(chapters, [{ at: 0, kind: 'agenda', title: 'Bắt đầu ghi hình', agendaItemId: null }]);
});
