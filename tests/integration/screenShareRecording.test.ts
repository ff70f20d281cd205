// Screen sharing and recording over real sockets and the real SFU worker: who may share under the meeting's policy,
// one share at a time with the second request waiting for the chair, the chair stopping a share, the share in the
// minutes' timeline; and who may start, stop and delete a recording (delegates and guests never, the secretary only
// with the chair's leave, nobody in a meeting that forbids it), with the indicator's state for a late joiner.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castServer, expectError, joinBriefing } from '../helpers/meetingCast.ts';

const t = castServer();

describe('screen sharing', () => {
  it('a connection point shares when the chair allows it; a second request waits and the chair decides', async () => {
    const b = await joinBriefing(t.server, t.cast, 2);
    const [d1, d2] = [b.delegates[0]!, b.delegates[1]!];
    await expectError(d1.raw('shareScreen', {}), 'forbidden', 'share_not_allowed');
    const policy = await b.chair.ok('setMediaPolicy', { delegatesMayShare: true });
    assert.equal(policy.delegatesMayShare, true);
    await d1.waitFor('mediaPolicyChanged', (p) => p.delegatesMayShare);

    assert.deepEqual(await d1.ok('shareScreen', {}), { state: 'sharing' });
    const shared = await b.secretary.waitFor('screenShareChanged', (s) => s.sharer?.peerId === 'delegate-1');
    assert.match(shared.sharer?.connectionPoint ?? '', /^Điểm cầu/);

    assert.deepEqual(await d2.ok('shareScreen', {}), { state: 'waiting' });
    const waiting = await b.chair.waitFor('screenShareChanged', (s) => s.waiting.length === 1);
    assert.equal(waiting.sharer?.peerId, 'delegate-1', 'the first share goes on while the second waits');
    assert.equal(waiting.waiting[0]?.peerId, 'delegate-2');

    await b.chair.ok('answerScreenShare', { peerId: 'delegate-2', allow: true });
    assert.deepEqual(await d2.waitFor('screenShareAnswer'), { allowed: true });
    const moved = await d1.waitFor('screenShareChanged', (s) => s.sharer?.peerId === 'delegate-2');
    assert.deepEqual(moved.waiting, []);

    await b.chair.ok('endScreenShare', { peerId: 'delegate-2' });
    await d2.waitFor('screenShareChanged', (s) => s.sharer === null);
    const state = await d1.ok('mediaState', {});
    assert.equal(state.screenShare.sharer, null);

    const { entries } = await b.secretary.ok('minutesTimeline', {});
    const shares = entries.filter((e) => e.text.includes('trình bày màn hình'));
    assert.equal(shares.length, 2, shares.map((e) => e.text).join('\n'));
    for (const share of shares) assert.match(share.text, /trình bày màn hình \d\d:\d\d–\d\d:\d\d$/);
  });

  it('only the participant holding the share produces a screen', async () => {
    const b = await joinBriefing(t.server, t.cast, 1);
    const send = await b.secretary.ok('createTransport', { direction: 'send' });
    const screen = { transportId: send.id, kind: 'video', rtpParameters: {}, source: 'screen' } as const;
    await expectError(b.secretary.raw('produce', screen), 'forbidden', 'not_sharing');
    await expectError(b.secretary.raw('produce', { ...screen, kind: 'audio', source: 'screenAudio' }), 'forbidden');
  });

  it('a sharer who leaves ends the share for everyone', async () => {
    const b = await joinBriefing(t.server, t.cast, 1);
    await b.secretary.ok('shareScreen', {});
    await b.chair.waitFor('screenShareChanged', (s) => s.sharer?.peerId === 'secretary');
    await b.secretary.ok('leave', {});
    await b.chair.waitFor('screenShareChanged', (s) => s.sharer === null);
  });
});

describe('recording: who may control it', () => {
  it('delegates and guests can neither start, stop nor delete a recording', async () => {
    const b = await joinBriefing(t.server, t.cast, 1);
    const { guest } = await t.cast.admitGuest(b.chair, b.seeded.guestLink(), 'Khách mời Báo Nhân Dân');
    for (const client of [b.delegates[0]!, guest]) {
      await expectError(client.raw('startRecording', {}), 'forbidden', 'role');
      await expectError(client.raw('stopRecording', {}), 'forbidden', 'role');
      await expectError(client.raw('deleteRecording', { recordingId: 'any' }), 'forbidden', 'role');
    }
    await expectError(guest.raw('listRecordings', {}), 'forbidden', 'role');
    assert.equal((await b.delegates[0]!.ok('mediaState', {})).recording.active, false);
  });

  it('the secretary records only with the chair’s leave, and nobody in a meeting that forbids it', async () => {
    const b = await joinBriefing(t.server, t.cast, 1);
    await expectError(b.secretary.raw('startRecording', {}), 'forbidden', 'recording_not_allowed');
    await b.chair.ok('setMediaPolicy', { secretaryMayRecord: true });
    const started = await b.secretary.ok('startRecording', {});
    assert.equal(started.active, true);
    const change = await b.delegates[0]!.waitFor('recordingChanged', (c) => c.notice === 'started');
    const secretaryName = b.seeded.meeting.participants.find((p) => p.id === 'secretary')?.name;
    assert.equal(change.state.startedBy, secretaryName);
    // A participant joining later sees the indicator at once.
    const late = await t.cast.join(b.seeded.token('delegate-1'));
    assert.equal((await late.ok('mediaState', {})).recording.active, true);
    await expectError(b.chair.raw('startRecording', {}), 'invalid_message', 'recording_running');
    await b.chair.ok('stopRecording', {});
    await late.waitFor('recordingChanged', (c) => c.notice === 'stopped' && !c.state.active);
    const audit = await b.chair.ok('auditLog', { limit: 50 });
    assert.deepEqual(
      audit.entries.filter((e) => e.action.startsWith('recording')).map((e) => [e.action, e.actorId]),
      [
        ['recordingStart', 'secretary'],
        ['recordingStop', 'chair'],
      ],
    );
    // Forbidden for this meeting: a recording cannot start, whoever asks.
    await b.chair.ok('setMediaPolicy', { recordingAllowed: false });
    await expectError(b.chair.raw('startRecording', {}), 'forbidden', 'recording_forbidden');
    await expectError(b.secretary.raw('startRecording', {}), 'forbidden', 'recording_forbidden');
  });
});

describe('recording: free space', () => {
  it('does not start without the free space it needs, and stops with a notice when the disk runs low', async () => {
    const b = await joinBriefing(t.server, t.cast, 1);
    const config = t.server.services.recordings.config;
    const needed = config.minFreeBytes;
    try {
      config.minFreeBytes = Number.MAX_SAFE_INTEGER;
      const refused = await expectError(b.chair.raw('startRecording', {}), 'unavailable', 'disk_low');
      assert.equal(refused.reason, 'disk_low');
      config.minFreeBytes = needed;
      await b.chair.ok('startRecording', {});
      // The disk "fills up" while recording: at its next check (every 5 s) the recorder stops and everyone is told.
      config.minFreeBytes = Number.MAX_SAFE_INTEGER;
      const stopped = await b.delegates[0]!.waitFor('recordingChanged', (c) => c.notice === 'disk_low', 15_000);
      assert.equal(stopped.state.active, false);
      const audit = await b.chair.ok('auditLog', { limit: 20 });
      const stop = audit.entries.find((e) => e.action === 'recordingStop');
      assert.equal(stop?.actorId, 'system');
      assert.match(stop?.detail ?? '', /disk_low/);
    } finally {
      config.minFreeBytes = needed;
    }
  });
});
