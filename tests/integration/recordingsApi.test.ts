// A meeting's recordings over HTTP, as the history page and the in-room player fetch them: listed for the signed-in
// people who see the meeting and for nobody else, served with Range requests (seeking), through a short-lived
// signed URL in the room that a changed signature or another recording does not open; and deleted by the chair.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordingInfo } from '../../common/recording.ts';
import { participantToken } from '../../server/meetings/invitations.ts';
import { castServer } from '../helpers/meetingCast.ts';
import { OfficeClient } from '../helpers/officeClient.ts';
import { OFFICE_PASSWORD, officeMeeting } from '../helpers/officeMeeting.ts';

const t = castServer();

describe('recordings over HTTP', () => {
  it('lists and serves a recording to those who see the meeting, with ranges and signed URLs', async () => {
    const office = await officeMeeting(t.server);
    const meetings = t.server.services.meetings;
    const chairParticipant = meetings.get(office.meetingId)!.participants.find((p) => p.role === 'chair')!;
    const { token } = participantToken(
      t.server.services.tokenSecret,
      meetings,
      office.meetingId,
      chairParticipant,
      new Date(Date.now() + 3600_000),
    );
    const chair = await t.cast.join(token);
    await chair.ok('startRecording', {});
    await new Promise((r) => setTimeout(r, 1500));
    const ready = chair.waitFor('recordingUpdated', (u) => u.recording.status === 'ready', 60_000);
    await chair.ok('stopRecording', {});
    const { recording } = await ready;

    // History: the meeting's people see it; someone else signed in does not.
    const listed = await office.secretary.call<{ recordings: RecordingInfo[] }>(
      `/api/meetings/${office.meetingId}/recordings`,
    );
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.recordings.map((r) => [r.id, r.status, r.sha256]),
      [[recording.id, 'ready', recording.sha256]],
    );
    const file = `/api/meetings/${office.meetingId}/recordings/${recording.id}/file`;
    const part = await fetch(`${t.server.url}${file}`, {
      headers: { cookie: office.member.cookie!, range: 'bytes=0-99' },
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-type'), 'video/webm');
    assert.equal(part.headers.get('content-range'), `bytes 0-99/${recording.bytes}`);
    assert.equal((await part.arrayBuffer()).byteLength, 100);
    await t.server.services.accounts.createUser({
      username: 'nguoi-ngoai',
      displayName: 'Người ngoài',
      password: OFFICE_PASSWORD,
      agencyRole: 'member',
    });
    const outsider = new OfficeClient(t.server.url);
    assert.equal((await outsider.signIn('nguoi-ngoai', OFFICE_PASSWORD)).status, 200);
    assert.equal((await outsider.call(`/api/meetings/${office.meetingId}/recordings`)).status, 403);
    assert.equal((await outsider.call(file)).status, 403);
    assert.equal((await fetch(`${t.server.url}${file}`)).status, 401, 'not signed in');

    // In the room: a signed URL plays it without a cookie; a changed signature does not.
    const { url } = await chair.ok('recordingUrl', { recordingId: recording.id });
    const played = await fetch(`${t.server.url}${url}`, { headers: { range: 'bytes=-10' } });
    assert.equal(played.status, 206);
    assert.equal((await played.arrayBuffer()).byteLength, 10);
    const forged = url.replace(/sig=[^&]+/, 'sig=AAAA');
    assert.equal((await fetch(`${t.server.url}${forged}`)).status, 401);

    // The chair deletes it: gone from the list and from the disk's answer.
    const gone = chair.waitFor('recordingUpdated', (u) => u.deleted === true);
    await chair.ok('deleteRecording', { recordingId: recording.id });
    await gone;
    assert.deepEqual((await chair.ok('listRecordings', {})).recordings, []);
    assert.equal((await fetch(`${t.server.url}${url}`)).status, 404);
  });
});
