// The HTTP API for accounts and scheduling against the running server: the first administrator, sign-in, users,
// scheduling a briefing with the 34 provincial connection points, issuing and revoking invitation links (a revoked
// link stops working in the live meeting at once), and clear errors for bad requests and password guessing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureAdmin } from '../../server/storage/bootstrapAdmin.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { Cast, expectError } from '../helpers/meetingCast.ts';

let t: TestServer;
let cast: Cast;
before(async () => {
  t = await startTestServer({ delegates: 1 });
  cast = new Cast(t.server.url);
  await ensureAdmin(t.server.services.accounts, t.server.services.config.dataDir, 'quan-tri-2026-mat-khau');
});
after(async () => {
  cast.closeAll();
  await t.stop();
});

async function api(path: string, init: { method?: string; token?: string; body?: unknown; raw?: string } = {}) {
  const response = await fetch(`${t.server.url}${path}`, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.raw !== undefined
      ? { body: init.raw }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function login(username: string, password: string): Promise<string> {
  const r = await api('/api/login', { body: { username, password } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

describe('accounts and scheduling over HTTP', () => {
  let admin: string;
  let organiser: string;
  let meetingId: string;

  it('signs the administrator in and refuses wrong passwords without saying which part was wrong', async () => {
    const wrong = await api('/api/login', { body: { username: 'admin', password: 'sai mat khau' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'unauthorized');
    const unknown = await api('/api/login', { body: { username: 'khong-co', password: 'sai mat khau' } });
    assert.equal(unknown.body.error.detail, wrong.body.error.detail);
    admin = await login('admin', 'quan-tri-2026-mat-khau');
    const me = await api('/api/me', { token: admin });
    assert.deepEqual([me.body.username, me.body.isAdmin], ['admin', true]);
    assert.equal((await api('/api/me')).status, 401);
  });

  it('lets only the administrator create users', async () => {
    const created = await api('/api/users', {
      token: admin,
      body: { username: 'vanphong.bo', displayName: 'Văn phòng Bộ', password: 'van-phong-2026-mk' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    organiser = await login('vanphong.bo', 'van-phong-2026-mk');
    const refused = await api('/api/users', {
      token: organiser,
      body: { username: 'ke.la', displayName: 'X', password: 'xxxxxxxxxxxx' },
    });
    assert.equal(refused.status, 403);
    assert.equal((await api('/api/users', { token: organiser })).status, 403);
    assert.equal((await api('/api/users', { token: admin })).body.users.length, 2);
  });

  it('schedules a briefing with the 34 provincial connection points and an agenda', async () => {
    const r = await api('/api/meetings', {
      token: organiser,
      body: {
        title: 'Hội nghị trực tuyến sơ kết 6 tháng',
        startsAt: '2026-07-10T08:00:00+07:00',
        place: 'Phòng họp trực tuyến, Trụ sở Bộ',
        chair: { name: 'Trần Quốc Khánh', connectionPoint: 'Điểm cầu Trung ương' },
        secretary: { name: 'Lê Thị Thu Hà' },
        connectionPoints: 'all_provinces',
        agenda: [
          { title: 'Báo cáo sơ kết', presenter: 'Văn phòng Bộ', durationMinutes: 20 },
          { title: 'Thảo luận', presenter: 'Các điểm cầu', durationMinutes: 60 },
        ],
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    meetingId = r.body.id;
    assert.equal(r.body.participants.length, 36);
    assert.equal(r.body.agenda[1].durationMinutes, 60);
    const list = await api('/api/meetings', { token: organiser });
    assert.deepEqual(
      list.body.meetings.map((m: { id: string }) => m.id),
      [meetingId],
    );
    assert.equal((await api(`/api/meetings/${meetingId}`, { token: admin })).status, 200);
  });

  it('issues invitation links that join the live meeting, and revoking one takes effect at once', async () => {
    const r = await api(`/api/meetings/${meetingId}/invitations`, { token: organiser, body: { ttlHours: 24 } });
    assert.equal(r.status, 201);
    assert.equal(r.body.invitations.length, 36);
    const tokenOf = (id: string) =>
      new URL(r.body.invitations.find((i: { participantId: string }) => i.participantId === id).url).searchParams.get(
        'token',
      )!;
    const chair = await cast.join(tokenOf('chair'));
    const laoCai = await cast.connect();
    const joined = await laoCai.ok('join', { token: tokenOf('point-lao-cai') });
    assert.equal(joined.self.connectionPoint, 'Điểm cầu UBND tỉnh Lào Cai');
    const revoked = await api(`/api/meetings/${meetingId}/invitations/point-lao-cai/revoke`, {
      token: organiser,
      body: {},
    });
    assert.deepEqual(revoked.body, { revoked: 1 });
    await laoCai.waitFor('removedFromMeeting');
    await chair.waitFor('statusChanged', (e) => e.participantId === 'point-lao-cai' && e.presence === 'removed');
    await expectError((await cast.connect()).raw('join', { token: tokenOf('point-lao-cai') }), 'unauthorized');
    const guest = await api(`/api/meetings/${meetingId}/guest-links`, { token: organiser, body: { ttlMinutes: 60 } });
    assert.equal(guest.status, 201);
    const guestToken = new URL(guest.body.url).searchParams.get('token')!;
    const preview = await api(`/api/invite?token=${encodeURIComponent(guestToken)}`);
    assert.deepEqual([preview.body.waitingRoom, preview.body.meeting.id], [true, meetingId]);
    const knocker = await cast.connect();
    await knocker.ok('knock', { token: guestToken, name: 'Phóng viên' });
    await chair.waitFor('waitingRoomChanged', (w) => w.guests.length === 1);
  });

  it('keeps other people’s meetings to themselves and answers bad requests clearly', async () => {
    await api('/api/users', {
      token: admin,
      body: { username: 'nguoi.khac', displayName: 'Người khác', password: 'nguoi-khac-2026' },
    });
    const other = await login('nguoi.khac', 'nguoi-khac-2026');
    assert.equal((await api(`/api/meetings/${meetingId}`, { token: other })).status, 403);
    assert.equal((await api(`/api/meetings/${meetingId}/invitations`, { token: other, body: {} })).status, 403);
    assert.equal((await api('/api/meetings/khong-co', { token: other })).status, 404);
    const badJson = await api('/api/meetings', { token: organiser, raw: '{"title":' });
    assert.deepEqual([badJson.status, badJson.body.error.code], [400, 'invalid_message']);
    const badField = await api('/api/meetings', {
      token: organiser,
      body: { title: 'x', startsAt: 'hôm nay', place: 'y', chair: { name: 'a' }, secretary: { name: 'b' } },
    });
    assert.equal(badField.status, 400);
    assert.match(badField.body.error.detail, /startsAt/);
    const huge = await api('/api/meetings', { token: organiser, raw: JSON.stringify({ title: 'x'.repeat(100_000) }) });
    assert.equal(huge.status, 413);
    assert.equal((await api('/api/meetings/x/unknown', { token: admin })).status, 404);
    await api('/api/logout', { token: other, body: {} });
    assert.equal((await api('/api/me', { token: other })).status, 401);
  });

  it('slows down password guessing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await api('/api/login', { body: { username: 'admin', password: `doan-${i}` } })).status);
    }
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
    assert.equal((await fetch(`${t.server.url}/healthz`)).status, 200);
  });
});
