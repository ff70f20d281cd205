// The minutes lifecycle: draft → review → final (locked) → signed → filed, who may do what, typed errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyLifecycle,
  availableActions,
  checkEdit,
  emptyMinutes,
  missingForFinal,
  type LifecycleCommand,
  type Minutes,
  type MinutesActor,
} from '../../../common/minutes.ts';

const secretary: MinutesActor = { id: 'secretary', role: 'secretary' };
const chair: MinutesActor = { id: 'chair', role: 'chair' };
const delegate: MinutesActor = { id: 'delegate-1', role: 'delegate' };
const AT = '2026-11-23T04:30:00.000Z';
const HASH = 'a'.repeat(64);

function draft(): Minutes {
  const minutes = emptyMinutes('m-1', 'meeting-1', {
    parentAgency: 'BỘ KHOA HỌC VÀ CÔNG NGHỆ',
    agency: 'VĂN PHÒNG BỘ',
    agencyCode: '000.00.01.G06',
    number: null,
    notation: 'BB-VPB',
    place: 'Hà Nội',
    date: '2026-11-23',
    meetingTitle: 'Hội nghị giao ban trực tuyến tháng 11/2026',
    startedAt: '2026-11-23T01:00:00.000Z',
    endedAt: '2026-11-23T04:30:00.000Z',
    venue: 'Phòng họp trực tuyến, Trụ sở Bộ',
    chair: { name: 'Trần Quốc Khánh', position: 'Thứ trưởng' },
    secretary: { name: 'Lê Thị Thu Hà', position: 'Chuyên viên' },
  });
  minutes.attendance.push({
    id: 'chair',
    name: 'Trần Quốc Khánh',
    position: 'Thứ trưởng',
    unit: null,
    connectionPoint: 'Điểm cầu Trung ương',
    role: 'chair',
    present: true,
    note: null,
  });
  return minutes;
}

/** Applies commands in turn, failing the test on the first error. */
function run(minutes: Minutes, steps: [LifecycleCommand, MinutesActor][]): Minutes {
  let current = minutes;
  for (const [command, actor] of steps) {
    const result = applyLifecycle(current, command, actor, AT);
    if (!result.ok) assert.fail(`${command.action} by ${actor.role}: ${result.error.code} ${result.error.detail}`);
    current = result.minutes;
  }
  return current;
}

function errorCode(minutes: Minutes, command: LifecycleCommand, actor: MinutesActor): string {
  const result = applyLifecycle(minutes, command, actor, AT);
  return result.ok ? 'ok' : result.error.code;
}

describe('minutes lifecycle', () => {
  it('goes draft → review → final → signed (secretary, then chair) → filed, recording who did what', () => {
    const filed = run(draft(), [
      [{ action: 'submitForReview' }, secretary],
      [{ action: 'finalise', number: '15' }, secretary],
      [{ action: 'sign', name: 'Lê Thị Thu Hà', pdfSha256: HASH }, secretary],
      [{ action: 'sign', name: 'Trần Quốc Khánh', pdfSha256: 'b'.repeat(64) }, chair],
      [{ action: 'file', receipt: 'embedded:15-BB-VPB@1' }, secretary],
    ]);
    assert.equal(filed.lifecycle.state, 'filed');
    assert.equal(filed.header.number, '15');
    assert.equal(filed.lifecycle.filingReceipt, 'embedded:15-BB-VPB@1');
    assert.deepEqual(
      filed.lifecycle.history.map((e) => `${e.action}:${e.from}→${e.to}:${e.role}`),
      [
        'submitForReview:draft→review:secretary',
        'finalise:review→final:secretary',
        'sign:final→final:secretary',
        'sign:final→signed:chair',
        'file:signed→filed:secretary',
      ],
    );
    assert.deepEqual(
      filed.lifecycle.signatures.map((s) => s.role),
      ['secretary', 'chair'],
    );
  });

  it('does not mutate its input', () => {
    const before = draft();
    const copy = structuredClone(before);
    run(before, [[{ action: 'submitForReview' }, secretary]]);
    assert.deepEqual(before, copy);
  });

  it('refuses transitions from the wrong state', () => {
    assert.equal(errorCode(draft(), { action: 'file', receipt: 'x' }, secretary), 'minutes_invalid_transition');
    assert.equal(
      errorCode(draft(), { action: 'sign', name: 'x', pdfSha256: HASH }, secretary),
      'minutes_invalid_transition',
    );
    const final = run(draft(), [[{ action: 'finalise', number: '3' }, secretary]]);
    assert.equal(errorCode(final, { action: 'submitForReview' }, secretary), 'minutes_invalid_transition');
  });

  it('lets only the secretary write, submit and finalise, and only the chair reopen', () => {
    assert.equal(errorCode(draft(), { action: 'submitForReview' }, chair), 'forbidden');
    assert.equal(errorCode(draft(), { action: 'finalise', number: '1' }, delegate), 'forbidden');
    const final = run(draft(), [[{ action: 'finalise', number: '1' }, secretary]]);
    assert.equal(errorCode(final, { action: 'reopen', note: 'sửa số liệu' }, secretary), 'forbidden');
    const reopened = run(final, [[{ action: 'reopen', note: 'sửa số liệu' }, chair]]);
    assert.equal(reopened.lifecycle.state, 'draft');
  });

  it('orders signatures: the secretary first, then the chair, each once', () => {
    const final = run(draft(), [[{ action: 'finalise', number: '1' }, secretary]]);
    assert.equal(errorCode(final, { action: 'sign', name: 'x', pdfSha256: HASH }, chair), 'minutes_invalid_transition');
    assert.equal(errorCode(final, { action: 'sign', name: 'x', pdfSha256: HASH }, delegate), 'forbidden');
    const once = run(final, [[{ action: 'sign', name: 'x', pdfSha256: HASH }, secretary]]);
    assert.equal(
      errorCode(once, { action: 'sign', name: 'x', pdfSha256: HASH }, secretary),
      'minutes_invalid_transition',
    );
    assert.equal(errorCode(once, { action: 'reopen', note: 'late change' }, chair), 'minutes_invalid_transition');
    assert.equal(errorCode(once, { action: 'sign', name: 'x', pdfSha256: 'nothex' }, chair), 'invalid_message');
  });

  it('refuses to finalise an incomplete record and names what is missing', () => {
    const incomplete = draft();
    incomplete.header.endedAt = null;
    const result = applyLifecycle(incomplete, { action: 'finalise' }, secretary, AT);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'minutes_incomplete');
      assert.match(result.error.detail, /header\.number/);
      assert.match(result.error.detail, /header\.endedAt/);
    }
    assert.deepEqual(missingForFinal(draft(), '7'), []);
  });

  it('locks the content once final', () => {
    const minutes = draft();
    assert.equal(checkEdit(minutes, secretary), null);
    assert.equal(checkEdit(minutes, delegate)?.code, 'forbidden');
    assert.equal(checkEdit(minutes, delegate, ['delegate-1']), null);
    const final = run(minutes, [[{ action: 'finalise', number: '1' }, secretary]]);
    assert.equal(checkEdit(final, secretary)?.code, 'minutes_locked');
  });

  it('lists the actions an actor can take now', () => {
    const final = run(draft(), [[{ action: 'finalise', number: '1' }, secretary]]);
    assert.deepEqual(availableActions(final, secretary), ['sign']);
    assert.deepEqual(availableActions(final, chair), ['reopen']);
    const signedBySecretary = run(final, [[{ action: 'sign', name: 'x', pdfSha256: HASH }, secretary]]);
    assert.deepEqual(availableActions(signedBySecretary, chair), ['sign']);
    assert.deepEqual(availableActions(signedBySecretary, secretary), []);
  });
});
