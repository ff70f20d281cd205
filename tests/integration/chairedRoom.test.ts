// A chaired briefing's room over real sockets and the real SFU worker: the status board following a connection point
// that drops and comes back, the waiting room and lock, removing a participant, chat audiences, the agenda and ending
// the meeting. The floor, mutes and votes are in chairedFloor.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../helpers/signallingClient.ts';
import { castServer, expectError, joinBriefing, seedMeeting } from '../helpers/meetingCast.ts';

const t = castServer();
const briefing = (delegates: number) => joinBriefing(t.server, t.cast, delegates);

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
