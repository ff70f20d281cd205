// The minutes view clients get: a pure projection of the record, its versions, comments and filing job — and, for a
// meeting without a record, of the draft it would start with (nothing stored, nothing to read).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyMinutes } from '../../../common/minutes.ts';
import type { MinutesComment, MinutesVersionInfo } from '../../../common/minutesView.ts';
import type { FilingJob } from '../../../server/archive/FilingQueue.ts';
import { contentOf } from '../../../server/minutes/lifecycle.ts';
import type { MinutesRecord } from '../../../server/minutes/MinutesStore.ts';
import { draftRecord } from '../../../server/minutes/records.ts';
import { projectMinutesView } from '../../../server/minutes/view.ts';

const AT = '2026-11-23T04:30:00.000Z';
const participants = [
  { id: 'chair', name: 'Trần Quốc Khánh', role: 'chair' as const, connectionPoint: null },
  { id: 'secretary', name: 'Lê Thị Thu Hà', role: 'secretary' as const, connectionPoint: null },
  { id: 'delegate-1', name: 'Nguyễn Văn An', role: 'delegate' as const, connectionPoint: 'Điểm cầu Hà Giang' },
];
const meeting = { id: 'giao-ban-1', participants };

function signedRecord(): MinutesRecord {
  const content = contentOf(
    emptyMinutes('bien-ban-giao-ban-1', 'giao-ban-1', {
      parentAgency: null,
      agency: 'VĂN PHÒNG BỘ',
      agencyCode: '000.00.01.G06',
      number: '15',
      notation: 'BB-VPB',
      place: 'Hà Nội',
      date: '2026-11-23',
      meetingTitle: 'Giao ban tháng 11',
      startedAt: '2026-11-23T01:00:00.000Z',
      endedAt: AT,
      venue: 'Phòng họp trực tuyến',
      chair: { name: 'Trần Quốc Khánh', position: null },
      secretary: { name: 'Lê Thị Thu Hà', position: null },
    }),
  );
  return {
    ...draftRecord(meeting, '2026-11-23T00:00:00.000Z'),
    lifecycle: {
      state: 'signed',
      signatures: [],
      filingReceipt: null,
      history: [
        { action: 'finalise', from: 'draft', to: 'final', actorId: 'secretary', role: 'secretary', at: AT, note: null },
        { action: 'sign', from: 'final', to: 'signed', actorId: 'gone', role: 'chair', at: AT, note: null },
      ],
    },
    content,
    pdfSha256: 'b'.repeat(64),
    pdfPages: 3,
    filingKey: 'minutes:bien-ban-giao-ban-1:bbbb',
    updatedAt: AT,
  };
}

const job: FilingJob = {
  key: 'minutes:bien-ban-giao-ban-1:bbbb',
  target: 'embedded',
  state: 'filed',
  attempts: 2,
  nextAttemptAt: null,
  lastError: null,
  receipt: {
    archive: 'embedded',
    id: 'doc-1',
    idempotencyKey: 'minutes:bien-ban-giao-ban-1:bbbb',
    sha256: 'b'.repeat(64),
    filedAt: AT,
  },
  sha256: 'b'.repeat(64),
  meta: {} as FilingJob['meta'],
  attachments: [],
  receiverStatuses: [],
  resends: 0,
  refiledAt: null,
  createdAt: AT,
  updatedAt: AT,
};

describe('the minutes view', () => {
  it('of a meeting without a record is the draft it would start with: the chair a co-editor, nothing saved', () => {
    const view = projectMinutesView({
      participants,
      record: draftRecord(meeting, AT),
      versions: [],
      comments: [],
      job: undefined,
      archive: 'embedded',
    });
    assert.deepEqual(view, {
      id: 'bien-ban-giao-ban-1',
      meetingId: 'giao-ban-1',
      state: 'draft',
      number: null,
      signatures: [],
      history: [],
      versions: [],
      coEditorIds: ['chair'],
      comments: [],
      filing: null,
      archive: 'embedded',
      updatedAt: AT,
    });
  });

  it('names who did each step, and keeps the id of someone no longer in the meeting', () => {
    const view = projectMinutesView({
      participants,
      record: signedRecord(),
      versions: [],
      comments: [],
      job: undefined,
      archive: 'embedded',
    });
    assert.equal(view.state, 'signed');
    assert.equal(view.number, '15', 'the number comes from the locked content');
    assert.deepEqual(
      view.history.map((h) => h.actorName),
      ['Lê Thị Thu Hà', 'gone'],
    );
  });

  it('carries versions and comments as given, and the filing job with its receipt', () => {
    const versions: MinutesVersionInfo[] = [
      { version: 1, action: 'created', state: 'draft', actorName: 'Hệ thống', createdAt: AT, pdfSha256: null },
    ];
    const comments: MinutesComment[] = [
      {
        id: 'comment-1',
        sectionId: 'section-1',
        authorId: 'delegate-1',
        authorName: 'Nguyễn Văn An',
        text: 'Đề nghị ghi rõ thời hạn.',
        createdAt: AT,
        resolvedAt: null,
      },
    ];
    const view = projectMinutesView({
      participants,
      record: signedRecord(),
      versions,
      comments,
      job,
      archive: 'webdav',
    });
    assert.equal(view.versions, versions);
    assert.equal(view.comments, comments);
    assert.equal(view.archive, 'webdav');
    assert.deepEqual(view.filing, {
      state: 'filed',
      target: 'embedded',
      attempts: 2,
      nextAttemptAt: null,
      lastError: null,
      receipt: { archive: 'embedded', id: 'doc-1', location: null, filedAt: AT, version: null },
      receiverStatuses: [],
      refileOffered: false,
      followUps: {
        packages: [{ kind: 'new', sentAt: AT, state: 'filed', reason: null, lastError: null }],
        state: 'none',
      },
    });
  });

  it('is pure: the same input gives the same view, and the input is left as it was', () => {
    const record = signedRecord();
    const before = structuredClone(record);
    const input = { participants, record, versions: [], comments: [], job, archive: 'embedded' };
    assert.deepEqual(projectMinutesView(input), projectMinutesView(input));
    assert.deepEqual(record, before);
  });
});
