// The automatic timeline of a meeting (server/minutes/timeline.ts): agenda items, who had the floor and until when,
// documents shown, votes in the record's terms — from the audit log, the votes and the attendance log.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VoteInfo } from '../../../common/meeting.ts';
import { demoMeeting } from '../../../server/meetings/demoMeeting.ts';
import { MeetingStore } from '../../../server/meetings/MeetingStore.ts';
import { buildTimeline, recordVote } from '../../../server/minutes/timeline.ts';
import { loadConfig } from '../../../server/config.ts';

const vote = (options: string[], counts: number[], eligible: number, secret = false): VoteInfo => ({
  id: 'v1',
  question: 'Thông qua kế hoạch tháng 12?',
  options,
  secret,
  agendaItemId: 'bieu-quyet',
  openedAt: '2026-11-23T03:00:00.000Z',
  deadline: '2026-11-23T03:05:00.000Z',
  closedAt: '2026-11-23T03:04:00.000Z',
  result: { counts, cast: counts.reduce((a, b) => a + b, 0), eligible, leading: [], ballots: null },
});

describe('votes in the record', () => {
  it('reads the usual three options as yes / no / abstain of the eligible; passed by more than half', () => {
    assert.deepEqual(recordVote(vote(['Tán thành', 'Không tán thành', 'Không biểu quyết'], [8, 1, 1], 11)), {
      kind: 'named',
      eligible: 11,
      yes: 8,
      no: 1,
      abstain: 1,
      passed: true,
    });
    assert.equal(recordVote(vote(['Tán thành', 'Không tán thành'], [5, 5], 10, true))?.passed, false);
    assert.equal(recordVote(vote(['Tán thành', 'Không tán thành'], [5, 5], 10, true))?.kind, 'secret');
  });

  it('leaves other questions to their counts', () => {
    assert.equal(recordVote(vote(['Phương án A', 'Phương án B'], [3, 4], 7)), null);
  });
});

describe('timeline', () => {
  it('pairs each floor with its end, follows the agenda, and lists documents and votes', () => {
    const store = new MeetingStore();
    const meeting = store.add({ ...demoMeeting(2), id: 'm1' });
    const chair = { id: 'chair', name: 'Trần Quốc Khánh' };
    store.audit.append('m1', chair, 'startAgendaItem', 'bao-cao', { index: 1, title: 'Báo cáo tình hình' });
    store.audit.append('m1', chair, 'giveFloor', 'delegate-1', { seconds: 120 });
    store.audit.append('m1', chair, 'giveFloor', 'delegate-2', { seconds: 120 });
    store.audit.append('m1', chair, 'endFloor', 'delegate-2');
    store.audit.append('m1', chair, 'showDocument', 'doc-1', { version: 1 });
    store.audit.append('m1', chair, 'muteAll', null, {});
    const entries = buildTimeline(store, meeting, (id) => (id === 'doc-1' ? 'Báo cáo tháng 11' : null));
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['note', 'speech', 'speech', 'document'],
    );
    const [, first, second, shown] = entries;
    assert.equal(first!.speaker?.name, 'Nguyễn Văn Thành');
    assert.equal(first!.endedAt, second!.at, 'the next floor ends the previous one');
    assert.ok(second!.endedAt, 'endFloor ends a speech');
    assert.equal(first!.agendaItemId, 'bao-cao');
    assert.match(shown!.text, /Trình chiếu tài liệu: Báo cáo tháng 11$/);
    store.close();
  });
});

describe('archive configuration', () => {
  it('is embedded by default; webdav needs a URL; edxml needs receivers', () => {
    assert.equal(loadConfig({ DATA_DIR: '/tmp/x' }).minutes.archive.adapter, 'embedded');
    assert.equal(loadConfig({ DATA_DIR: '/tmp/x' }).minutes.archive.dir, '/tmp/x/archive');
    assert.throws(() => loadConfig({ ARCHIVE_ADAPTER: 'webdav' }), /ARCHIVE_WEBDAV_URL/);
    assert.throws(() => loadConfig({ ARCHIVE_ADAPTER: 'ftp' }), /ARCHIVE_ADAPTER/);
    const edxml = loadConfig({
      ARCHIVE_ADAPTER: 'edxml',
      ARCHIVE_EDXML_TO: '000.00.00.G22=Văn phòng Chính phủ',
      ARCHIVE_EDXML_UNSIGNED: '1',
    });
    assert.throws(
      () => loadConfig({ ARCHIVE_ADAPTER: 'edxml', ARCHIVE_EDXML_TO: '000.00.00.G22=Văn phòng Chính phủ' }),
      /ARCHIVE_EDXML_SIGN_P12/,
    );
    assert.deepEqual(edxml.minutes.archive.edxml.to, [{ organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' }]);
    assert.equal(loadConfig({ MINUTES_PARENT_AGENCY: '' }).minutes.parentAgency, null);
  });
});
