// The scheduling form's own rules, before the server's: defaults, validation beside each field, the request body,
// agenda order, and where each file chosen before the save goes once the items have ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MeetingDetail } from '../../../common/office.ts';
import { meetingFormSchema } from '../../../common/office.ts';
import {
  defaultChairId,
  draftAfterSave,
  draftFromDetail,
  emptyDraft,
  hasProblems,
  moveItem,
  newAgendaItem,
  toMeetingForm,
  validate,
  withDocument,
  withStart,
  type FormDraft,
} from '../../../renderer/features/office/schedule/formState.ts';

const me = {
  id: 'u-secretary',
  username: 'thuky',
  displayName: 'Lê Thị Thu Hà',
  agencyRole: 'secretary' as const,
  unitCode: null,
  unitName: null,
  email: null,
  source: 'local' as const,
};
const accounts = [
  { id: 'u-admin', username: 'quantri', displayName: 'Quản trị', unitCode: null, agencyRole: 'admin' as const },
  { id: 'u-secretary', username: 'thuky', displayName: 'Thu Hà', unitCode: null, agencyRole: 'secretary' as const },
  { id: 'u-point', username: 'dc-hn', displayName: 'Điểm cầu Hà Nội', unitCode: 'HN', agencyRole: 'member' as const },
  { id: 'u-chair', username: 'chutri', displayName: 'Trần Quốc Khánh', unitCode: null, agencyRole: 'member' as const },
];

function filled(): FormDraft {
  const draft = emptyDraft(new Date('2026-12-06T03:00:00Z'), me, 'Phòng họp trực tuyến', accounts);
  const item = { ...newAgendaItem(), title: ' Báo cáo ', presenter: 'Chánh Văn phòng', duration: '20' };
  return { ...draft, title: 'Giao ban tháng 12', unitCodes: ['HN', 'HN', 'DN'], agenda: [newAgendaItem(), item] };
}

test('a new meeting starts tomorrow 08:00 for two hours, kept by me and chaired by a person who is not me', () => {
  const draft = emptyDraft(new Date('2026-12-06T03:00:00Z'), me, 'Phòng họp trực tuyến', accounts);
  assert.equal(draft.start, '2026-12-07T08:00');
  assert.equal(draft.end, '2026-12-07T10:00');
  assert.equal(draft.secretaryUserId, 'u-secretary');
  assert.equal(draft.chairUserId, 'u-chair', 'a member without a unit before an administrator or a unit');
  assert.equal(defaultChairId([accounts[1]!], 'u-secretary'), '');
  assert.equal(defaultChairId([accounts[1]!, accounts[2]!], 'u-secretary'), 'u-point');
});

test('moving the start moves the end with it', () => {
  const draft = withStart(filled(), '2026-12-09T14:00');
  assert.equal(draft.end, '2026-12-09T16:00');
});

test('problems are found beside their fields; blank agenda items are not problems', () => {
  assert.equal(hasProblems(validate(filled())), false);
  const bad: FormDraft = {
    ...filled(),
    title: '  ',
    end: '2026-12-07T07:00',
    place: '',
    chairUserId: 'u-secretary',
    agenda: [{ ...newAgendaItem(), key: 'k1', title: '', duration: '0', pendingFile: new File(['%PDF'], 'a.pdf') }],
  };
  const problems = validate(bad);
  assert.deepEqual(problems.fields, {
    title: 'schedule.err.title',
    end: 'schedule.err.end',
    place: 'schedule.err.place',
    secretary: 'schedule.err.sameSecretary',
  });
  assert.deepEqual(problems.agenda, { k1: { title: 'schedule.err.itemTitle', duration: 'schedule.err.duration' } });
});

test('the request body passes the server schema: offsets, trimmed text, no blank items, no duplicates', () => {
  const form = toMeetingForm({ ...filled(), guests: 'Ông A\n\n  Bà B \nÔng A' });
  assert.equal(meetingFormSchema.safeParse(form).success, true);
  assert.equal(form.startsAt, '2026-12-07T08:00:00+07:00');
  assert.deepEqual(form.unitCodes, ['HN', 'DN']);
  assert.deepEqual(form.guests, ['Ông A', 'Bà B']);
  assert.deepEqual(form.agenda, [{ title: 'Báo cáo', presenter: 'Chánh Văn phòng', durationMinutes: 20 }]);
});

test('agenda items move up and down within bounds', () => {
  assert.deepEqual(moveItem(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
});

test('after the save each waiting file belongs to its saved item, and an upload lists the document', () => {
  const file = new File(['%PDF-1.4'], 'bao-cao.pdf', { type: 'application/pdf' });
  const sent: FormDraft = {
    ...filled(),
    agenda: [
      newAgendaItem(), // blank: not sent, so not counted
      { ...newAgendaItem(), title: 'Một', pendingFile: file },
      { ...newAgendaItem(), title: 'Hai' },
    ],
  };
  const form = toMeetingForm(sent);
  const detail = {
    id: 'm1',
    form,
    agenda: form.agenda.map((item, i) => ({ ...item, id: `item-${i}`, documents: [] })),
  } as unknown as MeetingDetail;
  const after = draftAfterSave(detail, sent);
  assert.deepEqual(
    after.agenda.map((item) => [item.key, item.pendingFile?.name ?? null]),
    [
      ['item-0', 'bao-cao.pdf'],
      ['item-1', null],
    ],
  );
  const doc = { id: 'doc-1', title: 'bao-cao', version: 1, pageCount: 3 };
  const done = withDocument(after, 'item-0', doc);
  assert.deepEqual(done.agenda[0]!.documents, [doc]);
  assert.equal(done.agenda[0]!.pendingFile, null);
  assert.deepEqual(withDocument(done, 'item-0', { ...doc, version: 2 }).agenda[0]!.documents, [{ ...doc, version: 2 }]);
  assert.equal(draftFromDetail(detail).start, '2026-12-07T08:00');
});

test('whether the meeting may be recorded goes to the server and comes back to the form', () => {
  assert.equal(toMeetingForm(filled()).recordingAllowed, true, 'ticked unless unticked');
  const form = toMeetingForm({ ...filled(), recordingAllowed: false });
  assert.equal(form.recordingAllowed, false);
  assert.equal(meetingFormSchema.parse(form).recordingAllowed, false);
  const detail = { id: 'm1', form, agenda: [] } as unknown as MeetingDetail;
  assert.equal(draftFromDetail(detail).recordingAllowed, false);
  // A meeting saved before the setting existed reads as allowed.
  const { recordingAllowed: _, ...older } = form;
  assert.equal(draftFromDetail({ ...detail, form: older } as MeetingDetail).recordingAllowed, true);
});
