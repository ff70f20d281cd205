// A chaired briefing end to end over real sockets and the real SFU worker: raised hands and the floor, mutes
// enforced at the SFU, a vote to its result, the status board following a connection point that drops and comes
// back, the waiting room and lock, chat audiences, the agenda, removing a participant and ending the meeting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../helpers/signallingClient.ts';
import { castServer, expectError, opusRtp, seedMeeting, type SeededMeeting } from '../helpers/meetingCast.ts';

const t = castServer();

interface Briefing {
  seeded: SeededMeeting;
  chair: TestClient;
  secretary: TestClient;
  delegates: TestClient[];
  all: TestClient[];
}

async function briefing(delegates = 3): Promise<Briefing> {
  const seeded = seedMeeting(t.server, delegates);
  const chair = await t.cast.join(seeded.token('chair'));
  const secretary = await t.cast.join(seeded.token('secretary'));
  const ds: TestClient[] = [];
  for (let i = 1; i <= delegates; i++) ds.push(await t.cast.join(seeded.token(`delegate-${i}`)));
  return { seeded, chair, secretary, delegates: ds, all: [chair, secretary, ...ds] };
}

async function produceMic(client: TestClient, ssrc: number): Promise<string> {
  const send = await client.ok('createTransport', { direction: 'send' });
  const { producerId } = await client.ok('produce', {
    transportId: send.id,
    kind: 'audio',
    rtpParameters: opusRtp(ssrc),
    source: 'mic',
  });
  return producerId;
}

describe('speaking requests and the floor', () => {
  it('a raised hand reaches the chair’s queue; the chair gives the floor and every client spotlights the speaker', async () => {
    const b = await briefing(3);
    const [d1, d2, d3] = b.delegates as [TestClient, TestClient, TestClient];
    assert.deepEqual(await d2.ok('raiseHand', { topic: 'Tiến độ giải ngân vốn đầu tư công' }), { position: 1 });
    assert.deepEqual(await d3.ok('raiseHand', {}), { position: 2 });
    const queue = await b.chair.waitFor('speakingQueue', (q) => q.queue.length === 2);
    assert.deepEqual(
      queue.queue.map((r) => [r.peerId, r.topic]),
      [
        ['delegate-2', 'Tiến độ giải ngân vốn đầu tư công'],
        ['delegate-3', null],
      ],
    );
    assert.match(queue.queue[0]!.connectionPoint ?? '', /^Điểm cầu UBND/);
    // The chair moves delegate-3 first; both requesters see the new order.
    await b.chair.ok('moveHand', { peerId: 'delegate-3', position: 0 });
    const reordered = await d2.waitFor('speakingQueue', (q) => q.queue[0]?.peerId === 'delegate-3');
    assert.equal(reordered.queue.findIndex((r) => r.peerId === 'delegate-2') + 1, 2, 'delegate-2 is now second');

    const { floor } = await b.chair.ok('giveFloor', { peerId: 'delegate-3', seconds: 120 });
    assert.equal(floor.peerId, 'delegate-3');
    assert.equal(Date.parse(floor.endsAt!) - Date.parse(floor.startedAt), 120_000);
    for (const client of b.all) {
      const seen = await client.waitFor('floorChanged', (f) => f.floor?.peerId === 'delegate-3');
      assert.equal(seen.floor?.name, floor.name);
      await client.waitFor('spotlightChanged', (s) => s.peerId === 'delegate-3');
    }
    const after = await d1.ok('meetingState', {});
    assert.equal(after.state.floor?.peerId, 'delegate-3');
    assert.equal(after.state.spotlightPeerId, 'delegate-3');
    assert.deepEqual(
      after.state.queue.map((r) => r.peerId),
      ['delegate-2'],
      'the speaker left the queue',
    );

    await b.chair.ok('declineHand', { peerId: 'delegate-2' });
    await d2.waitFor('speakingRequestDeclined');
    await b.chair.ok('endFloor', {});
    await d1.waitFor('floorChanged', (f) => f.floor === null);
    await d1.waitFor('spotlightChanged', (s) => s.peerId === null);
  });

  it('tells everyone when the speaking time is up', async () => {
    const b = await briefing(1);
    await b.chair.ok('giveFloor', { peerId: 'delegate-1', seconds: 10 });
    const up = await b.delegates[0]!.waitFor('floorTimeUp', () => true, 12_000);
    assert.equal(up.peerId, 'delegate-1');
  });

  it('the chair spotlights a connection point for everyone', async () => {
    const b = await briefing(2);
    await b.chair.ok('spotlight', { peerId: 'delegate-2' });
    for (const c of b.all) await c.waitFor('spotlightChanged', (s) => s.peerId === 'delegate-2');
    await expectError(b.chair.raw('spotlight', { peerId: 'nobody' }), 'not_found');
  });
});

describe('mutes are enforced at the SFU', () => {
  it('mute one, refuse self-unmute, ask and allow, floor unmutes', async () => {
    const b = await briefing(2);
    const [d1, d2] = b.delegates as [TestClient, TestClient];
    const mic = await produceMic(d1, 31_000_001);
    await d2.waitFor('peerUpdated', (p) => p.id === 'delegate-1' && p.micOn);

    await b.chair.ok('muteParticipant', { peerId: 'delegate-1' });
    assert.deepEqual(await d1.waitFor('mutedByChair'), { canSelfUnmute: true });
    await d2.waitFor('peerUpdated', (p) => p.id === 'delegate-1' && !p.micOn);

    // With self-unmute off (mute all), the muted participant cannot turn the microphone back on.
    await b.chair.ok('muteAll', { allowSelfUnmute: false });
    await d1.waitFor('micPolicyChanged', (p) => !p.selfUnmute && p.muteOnJoin);
    await expectError(d1.raw('setProducerPaused', { producerId: mic, paused: false }), 'forbidden', 'muted_by_chair');
    const second = await d1.ok('createTransport', { direction: 'send' });
    const { producerId: again } = await d1.ok('produce', {
      transportId: second.id,
      kind: 'audio',
      rtpParameters: opusRtp(31_000_002),
      source: 'mic',
    });
    await new Promise((r) => setTimeout(r, 100));
    const board = await b.chair.ok('statusBoard', {});
    const entry = board.entries.find((e) => e.participantId === 'delegate-1')!;
    assert.equal(entry.micOn, false, 'a new microphone of a muted participant starts paused at the SFU');
    assert.equal(entry.mutedByChair, true);

    await d1.ok('requestUnmute', {});
    assert.equal((await b.chair.waitFor('unmuteRequested')).peerId, 'delegate-1');
    await b.chair.ok('answerUnmute', { peerId: 'delegate-1', allow: true });
    assert.deepEqual(await d1.waitFor('unmuteAnswer'), { allowed: true });
    await d1.ok('setProducerPaused', { producerId: again, paused: false });
    await d2.waitFor('peerUpdated', (p) => p.id === 'delegate-1' && p.micOn);

    // Giving the floor unmutes at the SFU even a participant muted by "mute all".
    const mic2 = await produceMic(d2, 31_000_003);
    assert.ok(mic2);
    await b.chair.waitFor('peerUpdated', (p) => p.id === 'delegate-2' && !p.micOn);
    await b.chair.ok('giveFloor', { peerId: 'delegate-2' });
    await b.chair.waitFor('peerUpdated', (p) => p.id === 'delegate-2' && p.micOn);
  });

  it('mute all reaches every client but the chair, and latecomers start muted', async () => {
    const b = await briefing(2);
    const { muted } = await b.chair.ok('muteAll', { allowSelfUnmute: true });
    assert.equal(muted, 3, 'secretary and two delegates');
    for (const c of [b.secretary, ...b.delegates]) await c.waitFor('mutedByChair');
    assert.equal(
      b.chair.received.some((r) => r.event === 'mutedByChair'),
      false,
    );
    const late = await t.cast.connect();
    const joined = await late.ok('join', { token: b.seeded.token('delegate-2') });
    assert.equal(joined.state?.mutedByChair, true);
    assert.deepEqual(joined.state?.micPolicy, { muteOnJoin: true, selfUnmute: true });
    assert.equal(joined.selfRole, 'delegate');
  });

  it('the chair stops a camera', async () => {
    const b = await briefing(1);
    const d1 = b.delegates[0]!;
    const send = await d1.ok('createTransport', { direction: 'send' });
    await d1.ok('produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: {
        mid: '1',
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [], parameters: {} }],
        headerExtensions: [],
        encodings: [{ ssrc: 41_000_001 }],
        rtcp: { cname: 'cam', reducedSize: true },
      },
      source: 'cam',
    });
    await b.chair.waitFor('peerUpdated', (p) => p.id === 'delegate-1' && p.camOn);
    await b.chair.ok('stopCamera', { peerId: 'delegate-1' });
    await d1.waitFor('cameraStopped');
    await b.chair.waitFor('peerUpdated', (p) => p.id === 'delegate-1' && !p.camOn);
  });
});

describe('votes', () => {
  it('a named vote runs to a result that every client receives; the chair sees the live count', async () => {
    const b = await briefing(3);
    const vote = await b.chair.ok('openVote', {
      question: 'Thông qua kế hoạch công tác tháng 12?',
      options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'],
      secret: false,
      durationSeconds: 120,
      agendaItemId: 'bieu-quyet',
    });
    for (const c of b.all) assert.equal((await c.waitFor('voteOpened')).id, vote.id);
    await b.delegates[0]!.ok('castVote', { voteId: vote.id, option: 0 });
    const live = await b.chair.waitFor('voteProgress', (p) => p.cast === 1);
    assert.deepEqual(live.counts, [1, 0, 0]);
    assert.equal(live.eligible, 4, 'chair and three delegates may vote');
    assert.equal(
      b.delegates[1]!.received.some((r) => r.event === 'voteProgress'),
      false,
      'the live count is for the chair',
    );
    await b.delegates[1]!.ok('castVote', { voteId: vote.id, option: 0 });
    await b.delegates[2]!.ok('castVote', { voteId: vote.id, option: 1 });
    await expectError(b.delegates[2]!.raw('castVote', { voteId: vote.id, option: 0 }), 'forbidden', 'already_voted');
    await expectError(b.chair.raw('castVote', { voteId: vote.id, option: 7 }), 'invalid_message');
    const closed = await b.chair.ok('closeVote', { voteId: vote.id });
    assert.deepEqual(closed.result?.counts, [2, 1, 0]);
    for (const c of b.all) {
      const seen = await c.waitFor('voteClosed');
      assert.deepEqual(seen.result?.counts, [2, 1, 0]);
      assert.deepEqual(seen.result?.leading, [0]);
      assert.equal(seen.result?.ballots?.length, 3);
    }
    await expectError(b.delegates[0]!.raw('castVote', { voteId: vote.id, option: 1 }), 'forbidden', 'vote_closed');
    const recorded = await b.secretary.ok('listVotes', {});
    assert.equal(recorded.votes[0]?.result?.cast, 3, 'recorded for the minutes');
    assert.equal(recorded.votes[0]?.agendaItemId, 'bieu-quyet');
  });

  it('a secret vote closes at its deadline and reveals counts only', async () => {
    const b = await briefing(2);
    const vote = await b.chair.ok('openVote', {
      question: 'Bầu Tổ trưởng tổ công tác',
      options: ['Đồng chí A', 'Đồng chí B'],
      secret: true,
      durationSeconds: 10,
    });
    await b.delegates[0]!.ok('castVote', { voteId: vote.id, option: 1 });
    const live = await b.chair.waitFor('voteProgress');
    assert.equal(live.ballots, null, 'no ballots for a secret vote, even for the chair');
    await expectError(
      b.chair.raw('openVote', { question: 'Hai?', options: ['a', 'b'], secret: false, durationSeconds: 10 }),
      'forbidden',
      'vote_already_open',
    );
    for (const c of b.all) {
      const closed = await c.waitFor('voteClosed', () => true, 12_000);
      assert.deepEqual(closed.result?.counts, [0, 1]);
      assert.equal(closed.result?.ballots, null);
    }
  });
});

describe('connection status board', () => {
  it('shows every connection point, a drop with an alert, network quality, and the return', async () => {
    const b = await briefing(3);
    const board = await b.secretary.ok('statusBoard', {});
    assert.deepEqual(
      board.entries.map((e) => [e.participantId, e.presence]),
      [
        ['chair', 'online'],
        ['secretary', 'online'],
        ['delegate-1', 'online'],
        ['delegate-2', 'online'],
        ['delegate-3', 'online'],
      ],
    );
    const d2 = b.delegates[1]!;
    await d2.ok('reportStats', { rttMs: 650, lossPct: 8, sendKbps: 120, recvKbps: 300 });
    const poor = await b.chair.waitFor('statusAlert', (a) => a.kind === 'poor_network');
    assert.equal(poor.participantId, 'delegate-2');
    const entry = await b.chair.waitFor(
      'statusChanged',
      (e) => e.participantId === 'delegate-2' && e.quality === 'poor',
    );
    assert.equal(entry.network?.rttMs, 650);

    d2.close(); // the province's link goes down (no leave)
    const dropped = await b.chair.waitFor('statusAlert', (a) => a.kind === 'dropped');
    assert.equal(dropped.participantId, 'delegate-2');
    assert.match(dropped.connectionPoint ?? '', /^Điểm cầu/);
    await b.secretary.waitFor('statusAlert', (a) => a.kind === 'dropped');
    const offline = await b.chair.ok('statusBoard', {});
    const d2Entry = offline.entries.find((e) => e.participantId === 'delegate-2')!;
    assert.equal(d2Entry.presence, 'dropped');
    assert.ok(d2Entry.lastSeen);
    assert.equal(
      b.delegates[0]!.received.some((r) => r.event === 'statusAlert'),
      false,
      'alerts go to chair and secretary only',
    );

    await t.cast.join(b.seeded.token('delegate-2'));
    await b.chair.waitFor('statusAlert', (a) => a.kind === 'rejoined' && a.participantId === 'delegate-2');
    const back = await b.chair.ok('statusBoard', {});
    assert.equal(back.entries.find((e) => e.participantId === 'delegate-2')?.presence, 'online');
    const { records } = await b.chair.ok('attendance', {});
    const sessions = records.find((r) => r.participantId === 'delegate-2')!.sessions;
    assert.deepEqual(
      sessions.map((s) => s.leftReason),
      ['dropped', null],
    );
  });

  it('reads 34 provincial connection points plus hosts on one board, absent until they join', async () => {
    const seeded = seedMeeting(t.server, 34);
    const chair = await t.cast.join(seeded.token('chair'));
    const { entries } = await chair.ok('statusBoard', {});
    assert.equal(entries.length, 36);
    assert.equal(entries.filter((e) => e.presence === 'absent').length, 35);
    assert.equal(new Set(entries.slice(2).map((e) => e.connectionPoint)).size, 34);
  });
});

describe('access', () => {
  it('a guest waits until the chair admits them; a declined guest stays out; a locked meeting lets no one new in', async () => {
    const b = await briefing(2);
    const link = b.seeded.guestLink();
    const guest = await t.cast.connect();
    const { waitingId } = await guest.ok('knock', { token: link, name: 'Chuyên gia Viện Kinh tế' });
    const waiting = await b.chair.waitFor('waitingRoomChanged', (w) => w.guests.length === 1);
    assert.equal(waiting.guests[0]!.name, 'Chuyên gia Viện Kinh tế');
    await expectError(guest.raw('meetingState', {}), 'not_joined');
    await b.chair.ok('admitGuest', { waitingId });
    const { token } = await guest.waitFor('admitted');
    const joined = await guest.ok('join', { token });
    assert.equal(joined.selfRole, 'guest');
    assert.equal(joined.self.guest, true);
    await b.delegates[0]!.waitFor('peerJoined', (p) => p.id === joined.self.id && p.guest === true);

    const other = await t.cast.connect();
    const knock2 = await other.ok('knock', { token: link, name: 'Người lạ' });
    await b.chair.ok('declineGuest', { waitingId: knock2.waitingId });
    await other.waitFor('admissionDeclined');

    await b.chair.ok('lockMeeting', { locked: true });
    for (const c of b.all) await c.waitFor('meetingLocked', (l) => l.locked);
    await expectError(
      (await t.cast.connect()).raw('knock', { token: link, name: 'Muộn' }),
      'forbidden',
      'meeting_locked',
    );
    // A participant already in who drops may come back into the locked meeting.
    b.delegates[1]!.close();
    await b.chair.waitFor('statusAlert', (a) => a.kind === 'dropped' && a.participantId === 'delegate-2');
    await t.cast.join(b.seeded.token('delegate-2'));
    await b.chair.ok('lockMeeting', { locked: false });
    await b.delegates[0]!.waitFor('meetingLocked', (l) => !l.locked);
  });

  it('a locked meeting refuses an invited participant who never joined', async () => {
    const seeded = seedMeeting(t.server, 2);
    const chair = await t.cast.join(seeded.token('chair'));
    await chair.ok('lockMeeting', { locked: true });
    await expectError(
      (await t.cast.connect()).raw('join', { token: seeded.token('delegate-2') }),
      'forbidden',
      'meeting_locked',
    );
    await t.cast.join(seeded.token('secretary'));
  });

  it('removing a participant tells them, disconnects them and, with ban, keeps them out', async () => {
    const b = await briefing(2);
    const d1 = b.delegates[0]!;
    const token = b.seeded.token('delegate-1');
    await b.chair.ok('removeParticipant', { peerId: 'delegate-1', ban: true });
    assert.deepEqual(await d1.waitFor('removedFromMeeting'), { reason: 'removed' });
    await b.delegates[1]!.waitFor('peerLeft', (p) => p.peerId === 'delegate-1');
    await expectError((await t.cast.connect()).raw('join', { token }), 'unauthorized', 'invitation_revoked');
    const { entries } = await b.chair.ok('auditLog', {});
    assert.deepEqual(
      entries.map((e) => [e.action, e.target]),
      [['removeParticipant', 'delegate-1']],
    );
  });
});

describe('chat', () => {
  it('delivers to everyone, to chair and secretary, and the hosts’ direct messages, and keeps the history', async () => {
    const b = await briefing(2);
    const [d1, d2] = b.delegates as [TestClient, TestClient];
    await d1.ok('sendChat', { text: 'Điểm cầu Lào Cai đã sẵn sàng.', audience: 'all' });
    for (const c of b.all) await c.waitFor('chatMessage', (m) => m.text === 'Điểm cầu Lào Cai đã sẵn sàng.');
    await d1.ok('sendChat', { text: 'Xin gửi tài liệu bổ sung.', audience: 'hosts' });
    await b.chair.waitFor('chatMessage', (m) => m.audience === 'hosts');
    await b.secretary.waitFor('chatMessage', (m) => m.audience === 'hosts');
    await b.secretary.ok('sendChat', { text: 'Đã nhận.', audience: 'direct', toPeerId: 'delegate-1' });
    await d1.waitFor('chatMessage', (m) => m.audience === 'direct');
    await expectError(
      d2.raw('sendChat', { text: 'riêng', audience: 'direct', toPeerId: 'chair' }),
      'forbidden',
      'role',
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      d2.received.filter((r) => r.event === 'chatMessage').length,
      1,
      'delegate-2 saw only the message to everyone',
    );
    const history = await d1.ok('chatHistory', {});
    assert.equal(history.messages.length, 3);
    assert.equal((await d2.ok('chatHistory', {})).messages.length, 1);
  });
});

describe('agenda and the end of the meeting', () => {
  it('moves through the agenda with a timer everyone sees, then ends the meeting for everyone', async () => {
    const b = await briefing(1);
    const first = await b.chair.ok('nextAgendaItem', {});
    assert.equal(first.currentIndex, 0);
    const second = await b.chair.ok('nextAgendaItem', {});
    assert.equal(second.currentIndex, 1);
    const seen = await b.delegates[0]!.waitFor('agendaChanged', (a) => a.currentIndex === 1);
    assert.equal(Date.parse(seen.endsAt!) - Date.parse(seen.startedAt!), 20 * 60_000);
    assert.equal(seen.items[1]!.presenter, 'Chánh Văn phòng Bộ');
    await b.chair.ok('setAgendaItem', { index: 4 });
    await expectError(b.chair.raw('nextAgendaItem', {}), 'not_found', 'agenda_end');

    await b.chair.ok('endMeeting', {});
    for (const c of [b.secretary, ...b.delegates]) {
      await c.waitFor('meetingEnded');
      assert.deepEqual(await c.waitFor('removedFromMeeting'), { reason: 'meeting_ended' });
    }
    await expectError(
      (await t.cast.connect()).raw('join', { token: b.seeded.token('delegate-1') }),
      'forbidden',
      'meeting_ended',
    );
    const audit = t.server.services.meetings.audit.list(b.seeded.meeting.id).map((e) => e.action);
    assert.deepEqual(audit, ['startAgendaItem', 'startAgendaItem', 'startAgendaItem', 'endMeeting']);
    const records = t.server.services.meetings.attendance.records(b.seeded.meeting.id, b.seeded.meeting.participants);
    assert.ok(
      records.every((r) => r.sessions.every((s) => s.leftAt !== null)),
      'every attendance row is closed',
    );
  });
});
