// "May this meeting be recorded?" set where the meeting is scheduled (the office's form, PUT /api/meetings/<id>), as
// the chair sets it in the room: the form shows the meeting's setting, a room in session hears of a change at once,
// a meeting set not to be recorded refuses every start, and a recording under way stops when the form forbids it.
// Real server, real SFU worker and recorder, real sockets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MeetingDetail } from '../../common/office.ts';
import type { NotificationMap } from '../../common/protocol.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { until } from './minutes/minutesCast.ts';
import { joinAs, meeting } from './signing/signingCast.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer({ demo: false, delegates: 0 });
});
after(async () => {
  await t?.stop();
});

describe('recording allowed, from the scheduling form', () => {
  it('forbids, allows and stops recording from the form, the room told each time', async () => {
    const m = await meeting(t);
    const detail = async (): Promise<MeetingDetail> => {
      const reply = await m.scheduler.client.call<MeetingDetail>(`/api/meetings/${m.id}`);
      assert.equal(reply.status, 200);
      return reply.body;
    };
    const save = async (change: Partial<MeetingDetail['form']>): Promise<MeetingDetail> => {
      const { form } = await detail();
      const reply = await m.scheduler.client.call<MeetingDetail>(`/api/meetings/${m.id}`, {
        method: 'PUT',
        body: { ...form, agenda: (await detail()).agenda.map(({ documents: _, ...item }) => item), ...change },
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body;
    };
    assert.equal((await detail()).form.recordingAllowed, true, 'a meeting may be recorded unless told otherwise');
    assert.equal((await save({ recordingAllowed: false })).form.recordingAllowed, false);

    const chair = await joinAs(t, m.id, m.chair);
    const policies: NotificationMap['mediaPolicyChanged'][] = [];
    const recordings: NotificationMap['recordingChanged'][] = [];
    chair.on('mediaPolicyChanged', (p) => policies.push(p));
    chair.on('recordingChanged', (c) => recordings.push(c));
    assert.equal((await chair.request('mediaState', {})).policy.recordingAllowed, false);
    await assert.rejects(chair.request('startRecording', {}), { reason: 'recording_forbidden' });

    // Allowed again from the form while the chair is in the room: the room hears of it, and the chair records.
    await save({ recordingAllowed: true });
    await until(() => policies.at(-1)?.recordingAllowed === true, 'the room told recording is allowed');
    assert.equal((await chair.request('startRecording', {})).active, true);
    // A form saved without the field leaves the setting as it is.
    const { recordingAllowed: _, ...form } = (await detail()).form;
    const kept = await m.scheduler.client.call<MeetingDetail>(`/api/meetings/${m.id}`, {
      method: 'PUT',
      body: { ...form, agenda: (await detail()).agenda.map(({ documents: __, ...item }) => item) },
    });
    assert.equal(kept.body.form.recordingAllowed, true);
    assert.equal((await chair.request('mediaState', {})).recording.active, true);

    // Forbidden from the form while recording: the recording stops, and the room is told both.
    await save({ recordingAllowed: false });
    await until(() => policies.at(-1)?.recordingAllowed === false, 'the room told recording is forbidden');
    await until(
      () => recordings.some((c) => c.notice === 'stopped' && !c.state.active),
      'the recording stopped',
      15_000,
    );
    await assert.rejects(chair.request('startRecording', {}), { reason: 'recording_forbidden' });
    chair.client.close();
  });

  it('is the scheduler’s to change, not a member’s', async () => {
    const m = await meeting(t);
    const { form } = (await m.scheduler.client.call<MeetingDetail>(`/api/meetings/${m.id}`)).body;
    const reply = await m.chair.client.call(`/api/meetings/${m.id}`, {
      method: 'PUT',
      body: { ...form, agenda: [], recordingAllowed: false },
    });
    assert.equal(reply.status, 403);
    assert.equal(t.server.services.recordings.policies.get(m.id).recordingAllowed, true);
  });
});
