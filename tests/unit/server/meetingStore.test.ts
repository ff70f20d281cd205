// The meeting store on SQLite: scheduling round-trips, invitations revoke, secret ballots keep no voter-choice
// link, chat visibility follows the audience, attendance groups connections per participant.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppFailure } from '../../../common/errors.ts';
import { PROVINCES } from '../../../common/provinces.ts';
import { demoMeeting } from '../../../server/meetings/demoMeeting.ts';
import { participantToken, resolveInvitation } from '../../../server/meetings/invitations.ts';
import { MeetingStore } from '../../../server/meetings/MeetingStore.ts';
import { LiveRegistry } from '../../../server/live/LiveMeeting.ts';
import { Office } from '../../../server/office/Office.ts';
import { slug } from '../../../server/office/MeetingPlanner.ts';
import { AccountStore } from '../../../server/storage/AccountStore.ts';

const SECRET = 'unit-secret';

function failureOf(fn: () => unknown): { code: string; reason?: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppFailure);
    return { code: error.code, ...(error.reason ? { reason: error.reason } : {}) };
  }
  return { code: 'no error' };
}

describe('meeting store', () => {
  it('stores a meeting scheduled with the 34 provincial units as connection points and its agenda', async () => {
    const store = new MeetingStore();
    const accounts = new AccountStore(store.db, { scrypt: { N: 1024, r: 8, p: 1 } });
    const office = new Office({ meetings: store, accounts, live: new LiveRegistry(), documents: { list: () => [] } });
    const chair = await accounts.createUser({
      username: 'chutri',
      displayName: 'Trần Quốc Khánh',
      password: 'mat-khau-dai-1',
    });
    const secretary = await accounts.createUser({
      username: 'thuky',
      displayName: 'Lê Thị Thu Hà',
      password: 'mat-khau-dai-2',
    });
    for (const p of PROVINCES) office.agency.upsertUnit({ code: slug(p).toUpperCase(), name: p, kind: 'province' });
    const id = office.planner.create(
      {
        kind: 'giao_ban',
        title: 'Hội nghị giao ban quý I',
        startsAt: '2026-03-30T08:00:00+07:00',
        endsAt: '2026-03-30T10:00:00+07:00',
        place: 'Phòng họp số 1',
        chairUserId: chair.id,
        secretaryUserId: secretary.id,
        unitCodes: PROVINCES.map((p) => slug(p).toUpperCase()),
        participantUserIds: [],
        guests: [],
        agenda: [{ title: 'Báo cáo', presenter: 'Văn phòng', durationMinutes: 15 }],
      },
      secretary,
    );
    const again = store.get(id)!;
    assert.equal(again.participants.length, 2 + PROVINCES.length);
    assert.equal(again.participants[2]!.connectionPoint, 'Điểm cầu UBND TP Hà Nội');
    assert.equal(
      again.participants.find((p) => p.id === 'unit-lao-cai')?.connectionPoint,
      'Điểm cầu UBND tỉnh Lào Cai',
    );
    assert.equal(again.agenda[0]!.title, 'Báo cáo');
    assert.equal(again.agenda[0]!.durationMinutes, 15);
    assert.equal(again.startsAt, '2026-03-30T01:00:00.000Z');
    assert.equal(again.locked, false);
  });

  it('accepts a token only while its invitation is active', () => {
    const store = new MeetingStore();
    const meeting = store.add(demoMeeting(2));
    const delegate = meeting.participants[2]!;
    const { token } = participantToken(SECRET, store, meeting.id, delegate, new Date(Date.now() + 60_000));
    assert.equal(resolveInvitation(store, SECRET, token).participant.id, delegate.id);
    assert.equal(store.invitations.revokeParticipant(meeting.id, delegate.id), 1);
    assert.deepEqual(
      failureOf(() => resolveInvitation(store, SECRET, token)),
      { code: 'unauthorized', reason: 'invitation_revoked' },
    );
  });

  it('records a secret ballot without the choice, counts it in the tally, and refuses a second ballot', () => {
    const store = new MeetingStore();
    const meeting = store.add(demoMeeting(2));
    const vote = store.votes.create(meeting.id, {
      question: 'Thông qua kế hoạch?',
      options: ['Tán thành', 'Không tán thành'],
      secret: true,
      agendaItemId: null,
      openedBy: 'chair',
      deadline: new Date(Date.now() + 60_000),
      eligible: 2,
    });
    store.votes.cast(vote.id, 'delegate-1', 'A', 1, true);
    assert.deepEqual(
      failureOf(() => store.votes.cast(vote.id, 'delegate-1', 'A', 0, true)),
      { code: 'forbidden', reason: 'already_voted' },
    );
    assert.deepEqual(store.votes.counts(vote.id, 2), [0, 1]);
    const rows = store.db.prepare('SELECT participant_id, option FROM vote_ballots WHERE vote_id = ?').all(vote.id);
    assert.deepEqual(rows, [{ participant_id: 'delegate-1', option: null }]);
    assert.deepEqual(store.votes.ballots(vote.id), []);
  });

  it('shows chat messages to their audience only', () => {
    const store = new MeetingStore();
    const meeting = store.add(demoMeeting(2));
    const msg = (fromId: string, audience: 'all' | 'hosts' | 'direct', toId: string | null, text: string) =>
      store.chat.add(meeting.id, { fromId, fromName: fromId, audience, toId, text });
    msg('delegate-1', 'all', null, 'to all');
    msg('delegate-1', 'hosts', null, 'to hosts');
    msg('chair', 'direct', 'delegate-2', 'to d2');
    const texts = (id: string, host: boolean) => store.chat.visibleTo(meeting.id, id, host).map((m) => m.text);
    assert.deepEqual(texts('delegate-2', false), ['to all', 'to d2']);
    assert.deepEqual(texts('delegate-1', false), ['to all', 'to hosts']);
    assert.deepEqual(texts('secretary', true), ['to all', 'to hosts']);
    assert.deepEqual(texts('chair', true), ['to all', 'to hosts', 'to d2']);
  });

  it('groups attendance per participant, with every connection', () => {
    const store = new MeetingStore();
    const meeting = store.add(demoMeeting(1));
    const a = store.attendance.open(meeting.id, 'delegate-1', '2026-01-01T08:00:00Z');
    store.attendance.close(a, '2026-01-01T08:10:00Z', 'dropped');
    store.attendance.open(meeting.id, 'delegate-1', '2026-01-01T08:11:00Z');
    const records = store.attendance.records(meeting.id, meeting.participants);
    assert.equal(records.length, 3);
    assert.deepEqual(records.find((r) => r.participantId === 'chair')?.sessions, []);
    assert.deepEqual(
      records.find((r) => r.participantId === 'delegate-1')?.sessions.map((s) => s.leftReason),
      ['dropped', null],
    );
    assert.equal(store.attendance.closeDangling(meeting.id, '2026-01-01T09:00:00Z'), 1);
  });
});
