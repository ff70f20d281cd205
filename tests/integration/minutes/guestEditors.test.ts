// A guest (admitted from the waiting room) never writes in the minutes: the secretary cannot make one a co-editor,
// and a record that lists one (saved before this rule) still refuses the guest's writes. Real server, real sockets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castServer, expectError, seedMeeting } from '../../helpers/meetingCast.ts';

const t = castServer();

describe('guests and the minutes', () => {
  it('refuses a guest as co-editor, naming them, and keeps the editors as they were', async () => {
    const seeded = seedMeeting(t.server, 1);
    const chair = await t.cast.join(seeded.token('chair'));
    const secretary = await t.cast.join(seeded.token('secretary'));
    const { participantId } = await t.cast.admitGuest(chair, seeded.guestLink(), 'Chuyên gia khách mời');
    const refused = await expectError(
      secretary.raw('minutesSetEditors', { participantIds: ['chair', participantId] }),
      'forbidden',
      'not_minutes_editor',
    );
    assert.match(refused.detail, new RegExp(`guests cannot edit the minutes: ${participantId}`));
    assert.deepEqual(t.server.services.minutes.view(seeded.meeting.id).coEditorIds, ['chair']);
    await secretary.ok('minutesSetEditors', { participantIds: ['chair', 'delegate-1'] });
  });

  it("refuses a guest's writes even where the record lists them", async () => {
    const seeded = seedMeeting(t.server, 1);
    const chair = await t.cast.join(seeded.token('chair'));
    const { guest, participantId } = await t.cast.admitGuest(chair, seeded.guestLink(), 'Khách');
    const minutes = t.server.services.minutes;
    const record = minutes.open(seeded.meeting.id);
    minutes.store.save({ ...record, coEditorIds: ['chair', participantId] });
    const participant = t.server.services.meetings.participant(seeded.meeting.id, participantId)!;
    assert.throws(() => minutes.checkWrite(seeded.meeting.id, participant), { reason: 'not_minutes_editor' });
    assert.equal(minutes.canWrite(seeded.meeting.id, participant), false);
    await expectError(guest.raw('minutesTimeline', {}), 'forbidden');
  });
});
