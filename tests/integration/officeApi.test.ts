// The office over HTTP against the real server: first-run setup with the single-use link, CSV import, accounts,
// scheduling from the directory with an agenda document, the home, joining through an invitation, the .ics, search
// that ignores diacritics, and the home's live events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { OfficeClient } from '../helpers/officeClient.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';

const PASSWORD = 'mat-khau-rat-dai-2026';
const UNITS_CSV = [
  'code,name,kind',
  'LAO-CAI,Lào Cai,province',
  '"DA-NANG","Đà Nẵng",province',
  'CA-MAU;Cà Mau;province',
  'bad code!,Không hợp lệ,province',
  'VKH,"Vụ Kế hoạch - Tài chính",department',
].join('\r\n');
const ACCOUNTS_CSV = [
  'username,displayName,agencyRole,unitCode,email,password',
  `dc-lao-cai,Điểm cầu Lào Cai,member,LAO-CAI,laocai@example.vn,${PASSWORD}`,
  `dc-da-nang,Điểm cầu Đà Nẵng,member,DA-NANG,,${PASSWORD}`,
  `dc-ca-mau,Điểm cầu Cà Mau,member,CA-MAU,,${PASSWORD}`,
  `chutri,Trần Quốc Khánh,member,,,${PASSWORD}`,
  `khong-don-vi,Người Không Đơn Vị,member,KHONG-CO,,${PASSWORD}`,
  `ngan,Mật khẩu ngắn,member,,,ngan`,
].join('\n');

describe('the office over HTTP', () => {
  let t: TestServer;
  let base: string;
  const admin = () => new OfficeClient(base);
  let adminClient: OfficeClient;
  let secretary: OfficeClient;
  let meetingId = '';
  let secretaryId = '';

  before(async () => {
    t = await startTestServer({ delegates: 0 });
    base = t.server.url;
    adminClient = admin();
  });
  after(() => t.stop());

  it('sets the server up once, through its single-use link, and signs the administrator in', async () => {
    assert.deepEqual((await adminClient.call('/api/setup')).body, { needsSetup: true, agency: null });
    const token = t.server.services.office.agency.issueSetupToken();
    const body = {
      token,
      agency: { name: 'Bộ Khoa học và Công nghệ', code: '000.00.00.G06', parent: 'Chính phủ' },
      admin: { username: 'quantri', displayName: 'Quản trị viên', password: PASSWORD },
    };
    const wrong = await adminClient.call('/api/setup', { body: { ...body, token: 'x'.repeat(32) } });
    assert.equal(wrong.status, 401);
    const done = await adminClient.call('/api/setup', { body });
    assert.equal(done.status, 201, JSON.stringify(done.body));
    const cookie = done.headers.get('set-cookie') ?? '';
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) assert.ok(cookie.includes(flag), cookie);
    assert.match(cookie, /^__Host-phonghop-session=/);
    assert.equal(done.body.user.agencyRole, 'admin');
    assert.equal(done.body.agency.name, 'Bộ Khoa học và Công nghệ');
    const again = await admin().call('/api/setup', { body });
    assert.equal(again.status, 403, 'a used link sets nothing up again');
    assert.equal((await adminClient.call('/api/session')).body.user.username, 'quantri');
  });

  it('imports units and accounts from CSV, reporting each rejected row with its line', async () => {
    const units = await adminClient.call('/api/admin/import', { body: { kind: 'units', csv: UNITS_CSV } });
    assert.equal(units.status, 200, JSON.stringify(units.body));
    assert.equal(units.body.created, 4);
    assert.deepEqual(
      units.body.rejected.map((r: { line: number }) => r.line),
      [5],
    );
    const accounts = await adminClient.call('/api/admin/import', { body: { kind: 'accounts', csv: ACCOUNTS_CSV } });
    assert.equal(accounts.body.created, 4, JSON.stringify(accounts.body));
    const rejected = accounts.body.rejected as { line: number; reason: string; code: string; field?: string }[];
    assert.deepEqual(
      rejected.map((r) => r.line),
      [6, 7],
    );
    assert.match(rejected[0]!.reason, /KHONG-CO/);
    assert.deepEqual(
      [rejected[0]!.code, rejected[1]!.code, rejected[1]!.field],
      ['unknown_unit', 'invalid_field', 'password'],
    );
    const list = await adminClient.call('/api/admin/units');
    assert.ok(list.body.units.some((u: { name: string }) => u.name === 'Đà Nẵng'));
  });

  it('refuses cross-site state changes and non-administrators', async () => {
    const account = { username: 'thuky', displayName: 'Lê Thị Thu Hà', password: PASSWORD, agencyRole: 'secretary' };
    const evil = await adminClient.call('/api/admin/accounts', { body: account, origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    assert.equal(evil.body.error.reason, 'csrf');
    const noHeader = await adminClient.call('/api/admin/accounts', { body: account, csrf: false });
    assert.equal(noHeader.status, 403);
    const created = await adminClient.call('/api/admin/accounts', { body: account });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    secretaryId = created.body.id;
    const member = new OfficeClient(base);
    assert.equal((await member.signIn('dc-lao-cai', PASSWORD)).status, 200);
    assert.equal((await member.call('/api/admin/accounts')).status, 403);
    assert.equal((await member.call('/api/directory')).status, 403);
  });

  it('schedules a briefing from the directory with an agenda document, and each connection point finds it', async () => {
    secretary = new OfficeClient(base);
    assert.equal((await secretary.signIn('thuky', PASSWORD)).status, 200);
    const directory = (await secretary.call('/api/directory')).body;
    const chair = directory.accounts.find((a: { username: string }) => a.username === 'chutri');
    const start = new Date(Date.now() + 3600_000);
    const form = {
      kind: 'giao_ban',
      title: 'Giao ban về kế hoạch quan trắc môi trường',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      place: 'Phòng họp tầng 3',
      chairUserId: chair.id,
      secretaryUserId: secretaryId,
      unitCodes: ['LAO-CAI', 'DA-NANG', 'CA-MAU'],
      participantUserIds: [],
      guests: ['Khách mời Nguyễn An'],
      agenda: [
        { title: 'Báo cáo tình hình quan trắc', presenter: 'Cục Môi trường', durationMinutes: 20 },
        { title: 'Ý kiến các địa phương', presenter: '', durationMinutes: 30 },
      ],
    };
    const created = await secretary.call('/api/meetings', { body: form });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    meetingId = created.body.id;
    assert.equal(created.body.participants.length, 6);
    const itemId = created.body.agenda[0].id;
    const pdf = await plainPdf(2, 'Ke hoach quan trac');
    const upload = await secretary.call(
      `/api/meetings/${meetingId}/agenda/${itemId}/documents?fileName=ke-hoach.pdf&title=K%E1%BA%BF%20ho%E1%BA%A1ch`,
      {
        raw: pdf,
        type: 'application/pdf',
      },
    );
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    assert.equal(upload.body.pageCount, 2);
    const broken = await secretary.call(`/api/meetings/${meetingId}/agenda/${itemId}/documents?fileName=x.pdf`, {
      raw: new TextEncoder().encode('not a pdf'),
      type: 'application/pdf',
    });
    assert.equal(broken.status, 422);

    const point = new OfficeClient(base);
    await point.signIn('dc-da-nang', PASSWORD);
    const home = (await point.call('/api/home')).body;
    const mine = home.upcoming.find((m: { id: string }) => m.id === meetingId);
    assert.equal(mine.state, 'scheduled');
    assert.equal(mine.myRole, 'delegate');
    assert.equal(mine.myConnectionPoint, 'Điểm cầu UBND TP Đà Nẵng');
    const detail = (await point.call(`/api/meetings/${meetingId}`)).body;
    assert.equal(detail.agenda[0].documents[0].title, 'Kế hoạch');
    const join = await point.call(`/api/meetings/${meetingId}/join`, { body: {} });
    assert.equal(join.status, 200);
    const invite = await fetch(`${base}${join.body.url.replace('/join?', '/api/invite?')}`);
    const seat = (await invite.json()) as { name: string; connectionPoint: string };
    assert.equal(seat.connectionPoint, 'Điểm cầu UBND TP Đà Nẵng');

    const outsider = new OfficeClient(base);
    await outsider.signIn('chutri', PASSWORD);
    const stranger = new OfficeClient(base);
    await adminClient.call('/api/admin/accounts', {
      body: { username: 'nguoi-ngoai', displayName: 'Người ngoài', password: PASSWORD, agencyRole: 'member' },
    });
    await stranger.signIn('nguoi-ngoai', PASSWORD);
    assert.equal((await stranger.call(`/api/meetings/${meetingId}`)).status, 403);
    assert.equal((await stranger.call(`/api/meetings/${meetingId}/join`, { body: {} })).status, 403);
  });

  it('gives the invitation as an .ics and finds the meeting without diacritics', async () => {
    const ics = await secretary.call(`/api/meetings/${meetingId}/invitation.ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type') ?? '', /text\/calendar/);
    assert.match(String(ics.body), /SUMMARY:Giao ban về kế hoạch quan trắc môi trường/);
    const search = await secretary.call(`/api/search?q=${encodeURIComponent('ke hoach QUAN TRAC')}`);
    const hit = search.body.results.find((r: { meetingId: string }) => r.meetingId === meetingId);
    assert.ok(hit, JSON.stringify(search.body));
    assert.match(hit.snippet, /«kế» «hoạch» «quan» «trắc»/);
    const agendaHit = await secretary.call(`/api/search?q=${encodeURIComponent('y kien dia phuong')}`);
    assert.equal(agendaHit.body.results[0]?.kind, 'agenda');
  });

  it('tells the people invited when the meeting changes (their home reloads)', async () => {
    const point = new OfficeClient(base);
    await point.signIn('dc-ca-mau', PASSWORD);
    const controller = new AbortController();
    const events = await fetch(`${base}/api/events`, { headers: { cookie: point.cookie! }, signal: controller.signal });
    const reader = events.body!.getReader();
    const form = (await secretary.call(`/api/meetings/${meetingId}`)).body.form;
    const edited = await secretary.call(`/api/meetings/${meetingId}`, {
      method: 'PUT',
      body: { ...form, place: 'Phòng họp tầng 5' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('event: home') && Date.now() < deadline) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    assert.match(text, new RegExp(`event: home\\ndata: \\{"meetingId":"${meetingId}"\\}`));
  });
});
