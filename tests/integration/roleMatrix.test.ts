// The role matrix: every server request × every kind of caller (chair, secretary, delegate, guest, no token,
// expired token, token of a meeting not on this server, revoked token), sent over real sockets to the real server.
// A request counts as denied when it fails with `not_joined` or with `forbidden` for the caller's role; anything
// else (success, or a failure about the target such as `not_found`) means the role check let it through.
// The expected table is written out here on purpose, independently of common/permissions.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Ack, RequestName } from '../../common/protocol.ts';
import { issueToken } from '../../server/meetings/tokens.ts';
import type { TestClient } from '../helpers/signallingClient.ts';
import { castServer, expectError, seedMeeting } from '../helpers/meetingCast.ts';

type Subject = 'chair' | 'secretary' | 'delegate' | 'guest';
const FLAG: Record<Subject, string> = { chair: 'C', secretary: 'S', delegate: 'D', guest: 'G' };

/** Who may send each request once joined: C chair, S secretary, D delegate, G guest. */
const EXPECTED: Record<Exclude<RequestName, 'join' | 'knock'>, string> = {
  meetingState: 'CSDG',
  createTransport: 'CSDG',
  connectTransport: 'CSDG',
  restartIce: 'CSDG',
  ready: 'CSDG',
  produce: 'CSDG',
  setProducerPaused: 'CSDG',
  closeProducer: 'CSDG',
  resumeConsumer: 'CSDG',
  setConsumerVisible: 'CSDG',
  reportStats: 'CSDG',
  sendChat: 'CSDG',
  chatHistory: 'CSDG',
  listVotes: 'CSDG',
  raiseHand: 'SDG',
  lowerHand: 'SDG',
  requestUnmute: 'SDG',
  castVote: 'CD',
  statusBoard: 'CS',
  attendance: 'CS',
  auditLog: 'CS',
  waitingRoom: 'CS',
  createGuestLink: 'CS',
  revokeInvitation: 'CS',
  admitGuest: 'C',
  declineGuest: 'C',
  lockMeeting: 'C',
  muteParticipant: 'C',
  muteAll: 'C',
  answerUnmute: 'C',
  stopCamera: 'C',
  giveFloor: 'C',
  endFloor: 'C',
  spotlight: 'C',
  moveHand: 'C',
  declineHand: 'C',
  setAgendaItem: 'C',
  nextAgendaItem: 'C',
  closeVote: 'C',
  openVote: 'C',
  removeParticipant: 'C',
  listDocuments: 'CSDG',
  documentUrl: 'CSDG',
  syncOpen: 'CSDG',
  syncUpdate: 'CSDG',
  syncAwareness: 'CSDG',
  syncClose: 'CSDG',
  presenterState: 'CSDG',
  presenterView: 'CSDG',
  setPresenter: 'C',
  minutesOpen: 'CSDG',
  minutesComment: 'CSD',
  minutesTimeline: 'CSD',
  minutesRefreshAttendance: 'CSD',
  minutesExport: 'CSD',
  minutesAction: 'CS',
  minutesSign: 'CS',
  minutesSignPrepare: 'CS',
  minutesSignComplete: 'CS',
  minutesSignCancel: 'CS',
  minutesSignRemote: 'CS',
  minutesSetEditors: 'S',
  minutesResolveComment: 'S',
  minutesFile: 'S',
  minutesFollowUp: 'CS',
  mediaState: 'CSDG',
  shareScreen: 'CSD',
  stopScreenShare: 'CSD',
  answerScreenShare: 'C',
  endScreenShare: 'C',
  setMediaPolicy: 'C',
  startRecording: 'CS',
  stopRecording: 'CS',
  listRecordings: 'CSD',
  recordingUrl: 'CSD',
  deleteRecording: 'C',
  leave: 'CSDG',
  endMeeting: 'C',
};

interface Targets {
  voteId: string;
  admitWaitingId: string;
  declineWaitingId: string;
}

/** Every request in an order where the allowed ones can succeed: targets first, destructive ones last. */
function requests(t: Targets): [Exclude<RequestName, 'join' | 'knock'>, unknown][] {
  return [
    ['meetingState', {}],
    ['createTransport', { direction: 'recv' }],
    ['connectTransport', { transportId: 'none', dtlsParameters: {} }],
    ['restartIce', { transportId: 'none' }],
    ['ready', { rtpCapabilities: {} }],
    ['produce', { transportId: 'none', kind: 'audio', rtpParameters: {}, source: 'mic' }],
    ['setProducerPaused', { producerId: 'none', paused: true }],
    ['closeProducer', { producerId: 'none' }],
    ['resumeConsumer', { consumerId: 'none' }],
    ['setConsumerVisible', { consumerId: 'none', visible: true }],
    ['reportStats', { rttMs: 40, lossPct: 0, sendKbps: 500, recvKbps: 900 }],
    ['sendChat', { text: 'Kính thưa đồng chí Chủ trì', audience: 'all' }],
    ['chatHistory', {}],
    ['listVotes', {}],
    ['raiseHand', { topic: 'Ý kiến về ngân sách' }],
    ['lowerHand', {}],
    ['requestUnmute', {}],
    ['castVote', { voteId: t.voteId, option: 0 }],
    ['statusBoard', {}],
    ['attendance', {}],
    ['auditLog', { limit: 50 }],
    ['waitingRoom', {}],
    ['createGuestLink', { ttlMinutes: 30 }],
    ['revokeInvitation', { participantId: 'delegate-4' }],
    ['admitGuest', { waitingId: t.admitWaitingId }],
    ['declineGuest', { waitingId: t.declineWaitingId }],
    ['lockMeeting', { locked: true }],
    ['muteParticipant', { peerId: 'delegate-1' }],
    ['muteAll', { allowSelfUnmute: false }],
    ['answerUnmute', { peerId: 'delegate-1', allow: true }],
    ['stopCamera', { peerId: 'delegate-1' }],
    ['giveFloor', { peerId: 'delegate-1', seconds: 60 }],
    ['endFloor', {}],
    ['spotlight', { peerId: 'delegate-1' }],
    ['moveHand', { peerId: 'delegate-2', position: 0 }],
    ['declineHand', { peerId: 'delegate-2' }],
    ['setAgendaItem', { index: 0 }],
    ['nextAgendaItem', {}],
    ['closeVote', { voteId: t.voteId }],
    [
      'openVote',
      { question: 'Thông qua?', options: ['Tán thành', 'Không tán thành'], secret: false, durationSeconds: 60 },
    ],
    ['listDocuments', {}],
    ['documentUrl', { documentId: 'none' }],
    ['syncOpen', { doc: { documentId: 'none', version: 1, layer: 'shared' }, stateVector: new Uint8Array([0]) }],
    ['syncUpdate', { doc: { documentId: 'none', version: 1, layer: 'private' }, update: new Uint8Array([0, 0]) }],
    ['syncAwareness', { doc: { documentId: 'none', version: 1, layer: 'shared' }, update: new Uint8Array([0]) }],
    ['syncClose', { doc: { documentId: 'none', version: 1, layer: 'shared' } }],
    ['presenterState', {}],
    ['presenterView', { documentId: 'none', version: 1, page: 1, zoom: 1, fit: null, scrollX: 0, scrollY: 0 }],
    ['setPresenter', { peerId: null }],
    ['minutesOpen', {}],
    ['minutesComment', { sectionId: null, text: 'Đề nghị bổ sung ý kiến của điểm cầu Đà Nẵng' }],
    ['minutesTimeline', {}],
    ['minutesRefreshAttendance', {}],
    ['minutesExport', { format: 'pdf' }],
    ['minutesAction', { action: 'submitForReview' }],
    ['minutesSign', {}],
    ['minutesSignPrepare', {}],
    ['minutesSignComplete', { signatureId: 'none', signature: 'AAAA' }],
    ['minutesSignCancel', { signatureId: 'none' }],
    ['minutesSignRemote', { signatureId: 'none' }],
    ['minutesSetEditors', { participantIds: ['chair'] }],
    ['minutesResolveComment', { commentId: 'none' }],
    ['minutesFile', {}],
    ['minutesFollowUp', { kind: 'recall', reason: 'Gửi nhầm nơi nhận' }],
    ['mediaState', {}],
    ['shareScreen', {}],
    ['stopScreenShare', {}],
    ['answerScreenShare', { peerId: 'delegate-2', allow: false }],
    ['endScreenShare', { peerId: 'delegate-2' }],
    ['setMediaPolicy', { delegatesMayShare: true }],
    // Recording is refused by the policy (the secretary without the chair's leave) or by a missing recorder;
    // neither is a role denial, and nothing is started here.
    ['startRecording', {}],
    ['stopRecording', {}],
    ['listRecordings', {}],
    ['recordingUrl', { recordingId: 'none' }],
    ['deleteRecording', { recordingId: 'none' }],
    ['removeParticipant', { peerId: 'delegate-1' }],
    ['leave', {}],
    ['endMeeting', {}],
  ];
}

const denied = (r: Ack<unknown>) =>
  !r.ok && (r.error.code === 'not_joined' || (r.error.code === 'forbidden' && r.error.reason === 'role'));

// Every guest case knocks from this one address: the waiting room's flood limit is not what this file tests.
const t = castServer({ WAITING_ROOM_KNOCKS_PER_MINUTE: '6000' });

/** A meeting with chair, secretary, delegates 1–3, an admitted guest, two people knocking, a raised hand, an open vote. */
async function stage(subject: Subject) {
  const seeded = seedMeeting(t.server, 4);
  const chair = await t.cast.join(seeded.token('chair'));
  const secretary = await t.cast.join(seeded.token('secretary'));
  await t.cast.join(seeded.token('delegate-1'));
  const d2 = await t.cast.join(seeded.token('delegate-2'));
  const d3Token = seeded.token('delegate-3');
  const d3 = await t.cast.join(d3Token);
  seeded.token('delegate-4'); // invited, never joins: the target of revokeInvitation
  const { guest } = await t.cast.admitGuest(chair, seeded.guestLink(), 'Khách mời Viện Chiến lược');
  const knockers = await Promise.all([t.cast.connect(), t.cast.connect()]);
  const [w1, w2] = await Promise.all(
    knockers.map((k, i) => k.ok('knock', { token: seeded.guestLink(), name: `Khách ${i + 1}` })),
  );
  await d2.ok('raiseHand', { topic: 'Kiến nghị' });
  const vote = await chair.ok('openVote', {
    question: 'Thông qua kế hoạch tháng tới?',
    options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'],
    secret: false,
    durationSeconds: 300,
  });
  const clients: Record<Subject, TestClient> = { chair, secretary, delegate: d3, guest };
  const guestToken = (await guest.waitFor('admitted')).token;
  const tokens: Record<Subject, string> = {
    chair: seeded.token('chair'),
    secretary: seeded.token('secretary'),
    delegate: d3Token,
    guest: guestToken,
  };
  return {
    seeded,
    client: clients[subject],
    token: tokens[subject],
    targets: { voteId: vote.id, admitWaitingId: w1!.waitingId, declineWaitingId: w2!.waitingId },
  };
}

describe('role matrix: joined roles', () => {
  for (const subject of ['chair', 'secretary', 'delegate', 'guest'] as const) {
    it(`${subject}: each request allowed or denied as the table says`, async () => {
      const { client, token, targets } = await stage(subject);
      const wrong: string[] = [];
      for (const [name, payload] of requests(targets)) {
        if (name === 'endMeeting') {
          // `leave` just ran: come back (a returning participant gets in even though the meeting is locked).
          await client.ok('join', { token });
        }
        const response = await client.raw(name, payload);
        const allowed = EXPECTED[name].includes(FLAG[subject]);
        if (allowed === denied(response)) {
          wrong.push(
            `${name}: expected ${allowed ? 'allowed' : 'denied'}, got ${JSON.stringify(response).slice(0, 160)}`,
          );
        }
        if (!allowed && !response.ok) assert.ok(['forbidden', 'not_joined'].includes(response.error.code));
      }
      assert.deepEqual(wrong, [], `${subject}:\n${wrong.join('\n')}`);
      assert.ok(client.socket.connected, 'the connection survived');
    });
  }

  it('covers every request of the protocol', () => {
    const covered = requests({ voteId: 'v', admitWaitingId: 'a', declineWaitingId: 'b' }).map(([n]) => n);
    assert.deepEqual([...covered, 'join', 'knock'].sort(), Object.keys(EXPECTED).concat('join', 'knock').sort());
  });
});

describe('role matrix: callers without a valid invitation', () => {
  const now = () => Math.floor(Date.now() / 1000);

  const callers: {
    name: string;
    join: (s: ReturnType<typeof seedMeeting>) => string | null;
    code: string;
    reason?: string;
  }[] = [
    { name: 'no token', join: () => null, code: 'not_joined' },
    {
      name: 'expired token',
      join: (s) => s.token('delegate-1', 1),
      code: 'token_expired',
    },
    {
      name: 'token of another meeting',
      join: () =>
        issueToken(t.server.services.tokenSecret, {
          meetingId: 'giao-ban-khac',
          participantId: 'chair',
          role: 'chair',
          exp: now() + 600,
          invitationId: 'x',
        }),
      code: 'meeting_not_found',
    },
    {
      name: 'revoked token',
      join: (s) => {
        const token = s.token('delegate-2');
        t.server.services.meetings.invitations.revokeParticipant(s.meeting.id, 'delegate-2');
        return token;
      },
      code: 'unauthorized',
      reason: 'invitation_revoked',
    },
  ];

  for (const caller of callers) {
    it(`${caller.name}: cannot join, and every request is denied`, async () => {
      const { seeded, targets } = await stage('chair');
      const client = await t.cast.connect();
      const token = caller.join(seeded);
      if (token) {
        if (caller.name === 'expired token') await new Promise((r) => setTimeout(r, 20));
        await expectError(client.raw('join', { token }), caller.code, caller.reason);
      }
      const wrong: string[] = [];
      for (const [name, payload] of requests(targets)) {
        const response = await client.raw(name, payload);
        if (response.ok || response.error.code !== 'not_joined')
          wrong.push(`${name}: ${JSON.stringify(response).slice(0, 160)}`);
      }
      assert.deepEqual(wrong, [], `${caller.name}:\n${wrong.join('\n')}`);
      assert.ok(client.socket.connected);
    });
  }

  it('the chair of another meeting on this server can do nothing to this one', async () => {
    const here = seedMeeting(t.server, 2);
    const there = seedMeeting(t.server, 2);
    const chairHere = await t.cast.join(here.token('chair'));
    const delegateHere = await t.cast.join(here.token('delegate-1'));
    const seenBefore = chairHere.received.length + delegateHere.received.length;
    const other = await t.cast.connect();
    const joined = await other.ok('join', { token: there.token('chair') });
    assert.equal(joined.meeting.id, there.meeting.id, 'a token admits to its own meeting only');
    for (const name of ['muteParticipant', 'stopCamera', 'giveFloor', 'spotlight', 'removeParticipant'] as const) {
      await expectError(other.raw(name, { peerId: 'delegate-1' }), 'not_found');
    }
    await other.ok('muteAll', { allowSelfUnmute: false });
    await other.ok('lockMeeting', { locked: true });
    await other.ok('endMeeting', {});
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(chairHere.received.length + delegateHere.received.length, seenBefore, 'nothing reached this meeting');
    const state = await delegateHere.ok('meetingState', {});
    assert.equal(state.state.locked, false);
    assert.equal(state.state.endedAt, null);
    assert.equal(state.state.mutedByChair, false);
  });
});
