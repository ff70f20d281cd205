// The minutes' Yjs document (common/minutesDoc.ts): seeded content reads back as the model, concurrent edits merge,
// attendance follows the meeting without losing what the secretary wrote, timeline events land where they belong;
// and the text arithmetic of the editor's Y.Text binding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import {
  addOpinion,
  findSection,
  insertTimelineEntry,
  isInserted,
  isSeeded,
  mergeAttendance,
  readMinutesContent,
  seedMinutesDoc,
  setField,
  setHeaderField,
  minutesRoot,
  type MinutesContent,
} from '../../../common/minutesDoc.ts';
import { canEditMinutes, minutesActions, type MinutesTimelineEntry } from '../../../common/minutesView.ts';
import { demoMinutes } from '../../../server/minutes/demoMinutes.ts';
import { moveCaret, spliceOf } from '../../../renderer/features/minutes/textSplice.ts';

function content(): MinutesContent {
  const { id: _id, meetingId: _m, lifecycle: _l, ...rest } = demoMinutes({ sections: 2 });
  return rest;
}

function seeded(): Y.Doc {
  const doc = new Y.Doc();
  seedMinutesDoc(doc, content());
  return doc;
}

/** Two replicas exchanging their updates both ways. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const entry = (over: Partial<MinutesTimelineEntry>): MinutesTimelineEntry => ({
  id: 'e1',
  at: '2026-11-23T02:15:00.000Z',
  kind: 'note',
  agendaItemId: null,
  actor: 'Trần Quốc Khánh',
  text: '9 giờ 15 phút Trình chiếu tài liệu: Báo cáo tháng 11',
  speaker: null,
  endedAt: null,
  vote: null,
  ...over,
});

describe('minutes document', () => {
  it('reads back exactly what it was seeded with', () => {
    const doc = seeded();
    assert.ok(isSeeded(doc));
    assert.deepEqual(readMinutesContent(doc), content());
  });

  it('merges two editors typing in the same paragraph and different fields', () => {
    const a = seeded();
    const b = new Y.Doc();
    sync(a, b);
    const textA = findSection(a, 'section-1')!.get('discussion') as Y.Text;
    const textB = findSection(b, 'section-1')!.get('discussion') as Y.Text;
    textA.insert(0, 'Thư ký: ');
    textB.insert(textB.length, ' Chủ trì bổ sung.');
    setHeaderField(a, 'number', '15');
    setHeaderField(b, 'venue', 'Phòng họp số 2');
    sync(a, b);
    const [ra, rb] = [readMinutesContent(a), readMinutesContent(b)];
    assert.deepEqual(ra, rb);
    assert.ok(ra.sections[0]!.discussion.startsWith('Thư ký: '));
    assert.ok(ra.sections[0]!.discussion.endsWith(' Chủ trì bổ sung.'));
    assert.equal(ra.header.number, '15');
    assert.equal(ra.header.venue, 'Phòng họp số 2');
  });

  it('brings attendance up to date with the meeting and keeps what the secretary wrote', () => {
    const doc = seeded();
    const absent = minutesRoot(doc)
      .attendance.toArray()
      .find((a) => a.get('present') === false)!;
    setField(absent, 'note', 'đi công tác');
    const chair = minutesRoot(doc).attendance.toArray()[0]!;
    setField(chair, 'position', 'Thứ trưởng thường trực');
    const before = readMinutesContent(doc).attendance;
    mergeAttendance(doc, [
      { ...before[0]!, position: null, present: true },
      { ...before.find((a) => a.id === absent.get('id'))!, present: false, note: null },
      {
        id: 'guest-1',
        name: 'Khách mời Viện Chiến lược',
        position: null,
        unit: null,
        connectionPoint: null,
        role: 'guest',
        present: true,
        note: null,
      },
    ]);
    const after = readMinutesContent(doc).attendance;
    assert.equal(after.length, before.length + 1);
    assert.equal(after[0]!.position, 'Thứ trưởng thường trực', 'the secretary’s position is kept');
    const stillAbsent = after.find((a) => a.id === absent.get('id'))!;
    assert.equal(stillAbsent.present, false);
    assert.equal(stillAbsent.note, 'đi công tác');
    assert.equal(after.at(-1)!.name, 'Khách mời Viện Chiến lược');
  });

  it('puts timeline events where they belong, once', () => {
    const doc = seeded();
    const opinions = () => readMinutesContent(doc).sections[0]!.opinions;
    const count = opinions().length;
    insertTimelineEntry(
      doc,
      entry({
        id: 'speech-1',
        kind: 'speech',
        speaker: { id: 'delegate-2', name: 'Phạm Thị Hồng Nhung', connectionPoint: 'Điểm cầu Đà Nẵng' },
      }),
      'section-1',
    );
    assert.equal(opinions().length, count + 1);
    assert.equal(opinions().at(-1)!.speaker, 'Phạm Thị Hồng Nhung');
    assert.equal(opinions().at(-1)!.at, '2026-11-23T02:15:00.000Z');

    const vote = { kind: 'named' as const, eligible: 9, yes: 8, no: 0, abstain: 1, passed: true };
    insertTimelineEntry(
      doc,
      entry({ id: 'vote-1', kind: 'vote', vote: { question: 'Thông qua kế hoạch?', result: vote, summary: '' } }),
      'section-2',
    );
    const decision = readMinutesContent(doc).decisions.at(-1)!;
    assert.deepEqual([decision.text, decision.sectionId, decision.vote], ['Thông qua kế hoạch?', 'section-2', vote]);

    insertTimelineEntry(doc, entry({ id: 'doc-1', kind: 'document' }), 'section-2');
    assert.ok(
      readMinutesContent(doc).sections[1]!.discussion.endsWith(
        '\n9 giờ 15 phút Trình chiếu tài liệu: Báo cáo tháng 11',
      ),
    );
    assert.ok(isInserted(doc, 'speech-1') && isInserted(doc, 'vote-1') && isInserted(doc, 'doc-1'));
    assert.equal(isInserted(doc, 'other'), false);
  });

  it('adds an opinion with an empty content for the secretary to write', () => {
    const doc = seeded();
    const id = addOpinion(doc, 'section-2', { speaker: 'Hoàng Minh Đức' });
    assert.ok(id);
    const added = readMinutesContent(doc).sections[1]!.opinions.at(-1)!;
    assert.deepEqual([added.id, added.speaker, added.content], [id, 'Hoàng Minh Đức', '']);
    assert.equal(addOpinion(doc, 'no-such-section', { speaker: 'x' }), null);
  });
});

describe('who may write and which buttons light up', () => {
  const view = { state: 'draft' as const, coEditorIds: ['chair'], signatures: [] };
  it('the secretary and invited co-editors write until the record is final', () => {
    assert.ok(canEditMinutes(view, { id: 'secretary', role: 'secretary' }));
    assert.ok(canEditMinutes(view, { id: 'chair', role: 'chair' }));
    assert.equal(canEditMinutes(view, { id: 'delegate-1', role: 'delegate' }), false);
    assert.equal(canEditMinutes({ ...view, state: 'final' }, { id: 'secretary', role: 'secretary' }), false);
  });

  it('signing lights up for the secretary first, then the chair; guests get nothing', () => {
    const final = { state: 'final' as const, signatures: [] };
    assert.ok(minutesActions(final, { id: 'secretary', role: 'secretary' }).includes('sign'));
    assert.equal(minutesActions(final, { id: 'chair', role: 'chair' }).includes('sign'), false);
    const once = {
      state: 'final' as const,
      signatures: [{ role: 'secretary' as const, actorId: 'secretary', name: 'x', signedAt: '', pdfSha256: '' }],
    };
    assert.ok(minutesActions(once, { id: 'chair', role: 'chair' }).includes('sign'));
    assert.deepEqual(minutesActions(final, { id: 'g', role: 'guest' }), []);
  });
});

describe('text arithmetic of the editor', () => {
  it('turns an input into one splice at the caret', () => {
    assert.deepEqual(spliceOf('Hội nghị', 'Hội nghị giao ban', 17), { at: 8, remove: 0, insert: ' giao ban' });
    assert.deepEqual(spliceOf('aa', 'aaa', 1), { at: 0, remove: 0, insert: 'a' }, 'typed at the caret, not the end');
    assert.deepEqual(spliceOf('biên bản', 'biên ản', 5), { at: 5, remove: 1, insert: '' });
    assert.deepEqual(spliceOf('kết luận', 'kết quả', 7), { at: 4, remove: 4, insert: 'quả' });
  });

  it('keeps the caret after its own text while others type around it', () => {
    // Someone inserts 3 characters before the caret: it moves with the text.
    assert.equal(moveCaret(10, [{ retain: 2 }, { insert: 'abc' }]), 13);
    // Someone inserts exactly at the caret: the caret stays after this person's own last character.
    assert.equal(moveCaret(10, [{ retain: 10 }, { insert: 'xyz' }]), 10);
    // A deletion across the caret pulls it back to where the deletion started.
    assert.equal(moveCaret(10, [{ retain: 8 }, { delete: 5 }]), 8);
    assert.equal(moveCaret(10, [{ retain: 12 }, { delete: 5 }]), 10);
  });
});
