// Signing in against the real server: wrong passwords say nothing about which part was wrong, a name or an address
// is locked after repeated failures, a disabled account and an expired session are refused, signing out everywhere
// ends every session, and directory sign-in goes to a real slapd (good, bad password, unknown user, server down).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { OfficeClient } from '../helpers/officeClient.ts';
import { PEOPLE, startSlapd, type Slapd } from '../helpers/slapd.ts';

const PASSWORD = 'mat-khau-rat-dai-2026';
const HOA = {
  uid: 'hoa.nt',
  cn: 'Nguyễn Thị Hoà',
  sn: 'Nguyễn',
  displayName: 'Nguyễn Thị Hoà',
  mail: 'hoa.nt@example.vn',
  password: 'Thư-mục-2026',
};

describe('sign-in', () => {
  let slapd: Slapd;
  let t: TestServer;
  let base: string;
  before(async () => {
    slapd = await startSlapd([HOA]);
    t = await startTestServer({
      delegates: 0,
      env: { LDAP_URL: slapd.url, LDAP_BIND_DN: `uid={username},${PEOPLE}`, LDAP_TIMEOUT_MS: '2000' },
    });
    base = t.server.url;
    const accounts = t.server.services.accounts;
    await accounts.createUser({
      username: 'thuky',
      displayName: 'Lê Thị Thu Hà',
      password: PASSWORD,
      agencyRole: 'secretary',
    });
    await accounts.createUser({ username: 'bi-khoa', displayName: 'Tài khoản bị khoá', password: PASSWORD });
    t.server.services.office.agency.setAgency({ name: 'Bộ Khoa học và Công nghệ', code: '', parent: '' });
  });
  after(async () => {
    await t.stop();
    await slapd.stop();
  });

  it('refuses a wrong password or an unknown name alike, then locks the name after five failures', async () => {
    const c = new OfficeClient(base);
    const wrong = await c.signIn('thuky', 'sai-mat-khau-roi');
    const unknown = await c.signIn('khong-co-ai', 'sai-mat-khau-roi');
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    for (let i = 0; i < 4; i++) await c.signIn('thuky', `sai-${i}-mat-khau`);
    const locked = await c.signIn('thuky', PASSWORD);
    assert.equal(locked.status, 429, 'even the right password waits while the name is locked');
    assert.equal(locked.body.error.reason, 'locked_out');
    assert.ok(Number(locked.headers.get('retry-after')) > 60);
    // The lock lifts after its time (here: the row's time moved back).
    t.server.services.meetings.db.prepare(`UPDATE login_failures SET locked_until = '2000-01-01T00:00:00Z'`).run();
    assert.equal((await c.signIn('thuky', PASSWORD)).status, 200);
  });

  it('refuses a disabled account, an expired session, and ends every session when asked', async () => {
    const services = t.server.services;
    services.accounts.disableUser(services.accounts.byUsername('bi-khoa')!.id);
    const disabled = await new OfficeClient(base).signIn('bi-khoa', PASSWORD);
    assert.equal(disabled.status, 403);
    assert.equal(disabled.body.error.reason, 'account_disabled');

    const laptop = new OfficeClient(base);
    const phone = new OfficeClient(base);
    await laptop.signIn('thuky', PASSWORD);
    await phone.signIn('thuky', PASSWORD);
    services.meetings.db
      .prepare(`UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE user_id = ?`)
      .run(services.accounts.byUsername('thuky')!.id);
    const expired = await laptop.call('/api/home');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'token_expired');

    await laptop.signIn('thuky', PASSWORD);
    await phone.signIn('thuky', PASSWORD);
    assert.equal((await phone.call('/api/logout-all', { body: {} })).status, 204);
    assert.equal((await laptop.call('/api/home')).status, 401, 'the other device is signed out too');
  });

  it('turns a session kept by the desktop shell back into the page cookie, only with the token itself', async () => {
    const login = await new OfficeClient(base).call('/api/login', {
      body: { username: 'thuky', password: PASSWORD, bearer: true },
    });
    const token = login.body.token as string;
    assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
    const resumed = await fetch(`${base}/api/session/resume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(resumed.status, 200);
    assert.match(
      resumed.headers.get('set-cookie') ?? '',
      /^__Host-phonghop-session=[^;]+; Path=\/;.*HttpOnly; Secure; SameSite=Strict/,
    );
    const page = new OfficeClient(base);
    page.cookie = (resumed.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.equal((await page.call('/api/home')).status, 200);
    const withoutToken = await new OfficeClient(base).call('/api/session/resume', { body: {} });
    assert.equal(withoutToken.status, 401);
    await page.call('/api/logout-all', { body: {} });
    const after = await fetch(`${base}/api/session/resume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(after.status, 401, 'signed out everywhere: the kept token is dead too');
  });

  it('changes a password only with the current one', async () => {
    const c = new OfficeClient(base);
    await c.signIn('thuky', PASSWORD);
    const bad = await c.call('/api/me/password', { body: { current: 'khong-dung-dau', next: 'mat-khau-moi-2027' } });
    assert.equal(bad.status, 401);
    assert.equal(
      (await c.call('/api/me/password', { body: { current: PASSWORD, next: 'mat-khau-moi-2027' } })).status,
      200,
    );
    assert.equal((await c.call('/api/home')).status, 200, 'this session goes on');
    assert.equal((await new OfficeClient(base).signIn('thuky', 'mat-khau-moi-2027')).status, 200);
  });

  it('signs in through the agency directory and keeps the Vietnamese name', async () => {
    const c = new OfficeClient(base);
    const good = await c.signIn('hoa.nt', HOA.password);
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.user.displayName, 'Nguyễn Thị Hoà');
    assert.equal(good.body.user.source, 'ldap');
    assert.equal(good.body.user.email, 'hoa.nt@example.vn');
    assert.equal((await new OfficeClient(base).signIn('hoa.nt', 'sai-mat-khau')).status, 401);
    assert.equal((await new OfficeClient(base).signIn('nguoi.la', 'bat-ky-mat-khau')).status, 401);
    const change = await c.call('/api/me/password', { body: { current: HOA.password, next: 'mat-khau-moi-2027' } });
    assert.equal(change.body.error.reason, 'directory_account');
    await slapd.stop();
    const down = await new OfficeClient(base).signIn('hoa.nt', HOA.password);
    assert.equal(down.status, 503);
    assert.equal(down.body.error.code, 'unavailable');
    assert.equal(
      (await new OfficeClient(base).signIn('thuky', 'mat-khau-moi-2027')).status,
      200,
      'local accounts still sign in',
    );
  });
});
