// A chaired briefing's floor over real sockets and the real SFU worker: raised hands, the floor and the spotlight,
// mutes enforced at the SFU, and votes to their result. The room around them (status board, access, chat, agenda,
// ending the meeting) is in chairedRoom.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../helpers/signallingClient.ts';
import { castServer, expectError, joinBriefing, opusRtp } from '../helpers/meetingCast.ts';

const t = castServer();
const briefing = (delegates: number) => joinBriefing(t.server, t.cast, delegates);

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
