// Directory sign-in against a real OpenLDAP slapd: direct bind and search-then-bind with a service account, a
// Vietnamese display name kept intact, wrong password and unknown person answered alike, an empty password and an
// injection attempt refused before the directory hears of them, ldaps with the agency's CA, and a directory that is
// down or hung reported as `unavailable` within the timeout.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'ldapts';
import { AppFailure } from '../../common/errors.ts';
import { authenticate, escapeFilterValue, searchFilterFor } from '../../server/auth/ldap.ts';
import { DEFAULT_LDAP_SEARCH_FILTER, loadLdapConfig, type LdapConfig } from '../../server/auth/ldapConfig.ts';
import {
  freeLoopbackPort,
  PEOPLE,
  SERVICE_DN,
  SERVICE_PASSWORD,
  startSlapd,
  type Person,
  type Slapd,
} from '../helpers/slapd.ts';

const HOA: Person = {
  uid: 'hoa.nt',
  cn: 'Nguyễn Thị Hoà',
  sn: 'Nguyễn',
  displayName: 'Nguyễn Thị Hoà',
  mail: 'hoa.nt@phonghop.test',
  password: 'Mật-khẩu-đúng-2026',
};
// No displayName: the name comes from cn.
const DUNG: Person = { uid: 'dung.tv', cn: 'Trần Văn Dũng', sn: 'Trần', password: 'dung-mat-khau' };
const PEOPLE_SEEDED = [HOA, DUNG, { uid: 'lan.pt', cn: 'Phạm Thị Lan', sn: 'Phạm', password: 'lan-mat-khau' }];

function config(env: Record<string, string>): LdapConfig {
  const loaded = loadLdapConfig(env);
  assert.ok(loaded);
  return loaded;
}

async function unavailableWithin(attempt: Promise<unknown>, limitMs: number): Promise<number> {
  const started = Date.now();
  await assert.rejects(attempt, (error: unknown) => error instanceof AppFailure && error.code === 'unavailable');
  const elapsed = Date.now() - started;
  assert.ok(elapsed < limitMs, `took ${elapsed} ms`);
  return elapsed;
}

/** Connections slapd has accepted so far (its stats log is written a little behind, hence the wait for `atLeast`). */
async function acceptedConnections(slapd: Slapd, atLeast = 0): Promise<number> {
  const count = () => slapd.log().match(/ ACCEPT from /g)?.length ?? 0;
  for (let i = 0; i < 50 && count() < atLeast; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return count();
}

describe('directory sign-in against slapd', () => {
  let slapd: Slapd;
  let direct: LdapConfig;
  let searching: LdapConfig;
  before(async () => {
    slapd = await startSlapd(PEOPLE_SEEDED);
    direct = config({ LDAP_URL: slapd.url, LDAP_BIND_DN: `uid={username},${PEOPLE}` });
    searching = config({
      LDAP_URL: slapd.url,
      LDAP_SEARCH_BASE: PEOPLE,
      LDAP_SEARCH_BIND_DN: SERVICE_DN,
      LDAP_SEARCH_BIND_PASSWORD: SERVICE_PASSWORD,
    });
  });
  after(() => slapd.stop());

  it('signs in with the right password and keeps the Vietnamese name and e-mail intact', async () => {
    const user = await authenticate(direct, 'hoa.nt', HOA.password);
    assert.deepEqual(user, {
      username: 'hoa.nt',
      displayName: 'Nguyễn Thị Hoà',
      email: 'hoa.nt@phonghop.test',
      dn: `uid=hoa.nt,${PEOPLE}`,
    });
  });

  it('answers a wrong password and an unknown person alike, with null', async () => {
    assert.equal(await authenticate(direct, 'hoa.nt', 'mat-khau-sai'), null);
    assert.equal(await authenticate(direct, 'khong.co.ai', HOA.password), null);
    assert.equal(await authenticate(searching, 'hoa.nt', 'mat-khau-sai'), null);
    assert.equal(await authenticate(searching, 'khong.co.ai', HOA.password), null);
  });

  it('refuses an empty password without connecting to the directory at all', async () => {
    const before = await acceptedConnections(slapd);
    assert.equal(await authenticate(direct, 'hoa.nt', ''), null);
    assert.equal(await authenticate(searching, 'hoa.nt', ''), null);
    // The one sign-in after them is the only new connection slapd sees.
    assert.ok(await authenticate(direct, 'hoa.nt', HOA.password));
    assert.equal(await acceptedConnections(slapd, before + 1), before + 1);
  });

  it('searches with the service account, then binds as the person found', async () => {
    const user = await authenticate(searching, 'hoa.nt', HOA.password);
    assert.equal(user?.displayName, 'Nguyễn Thị Hoà');
    assert.equal(user?.dn, `uid=hoa.nt,${PEOPLE}`);
    // Without the service account the search runs anonymously, which this directory refuses: a setting to fix,
    // reported as the directory being unavailable rather than as everyone's password being wrong.
    const anonymous = config({ LDAP_URL: slapd.url, LDAP_SEARCH_BASE: PEOPLE });
    await unavailableWithin(authenticate(anonymous, 'hoa.nt', HOA.password), 5000);
  });

  it('takes the name from cn when the entry has no display name, and lower-cases the username', async () => {
    const user = await authenticate(searching, 'Dung.TV', DUNG.password);
    assert.deepEqual(user, {
      username: 'dung.tv',
      displayName: 'Trần Văn Dũng',
      email: null,
      dn: `uid=dung.tv,${PEOPLE}`,
    });
    assert.equal((await authenticate(direct, 'DUNG.TV', DUNG.password))?.displayName, 'Trần Văn Dũng');
  });

  it('reads the entry by search after a direct bind when a search base is configured too', async () => {
    const both = config({ LDAP_URL: slapd.url, LDAP_BIND_DN: `uid={username},${PEOPLE}`, LDAP_SEARCH_BASE: PEOPLE });
    assert.equal((await authenticate(both, 'hoa.nt', HOA.password))?.email, 'hoa.nt@phonghop.test');
  });

  it('refuses an injection attempt before the directory hears of it, and escapes filter values', async () => {
    const before = await acceptedConnections(slapd);
    for (const username of ['*)(uid=*', '*', 'hoa.nt)(|(uid=*', 'hoa.nt\\2a', 'a'.repeat(65), 'Hoà']) {
      assert.equal(await authenticate(searching, username, HOA.password), null, username);
      assert.equal(await authenticate(direct, username, HOA.password), null, username);
    }
    assert.ok(await authenticate(searching, 'hoa.nt', HOA.password));
    assert.equal(await acceptedConnections(slapd, before + 1), before + 1);

    assert.equal(escapeFilterValue('*)(uid=*'), '\\2a\\29\\28uid=\\2a');
    assert.equal(escapeFilterValue('a\\b\0'), 'a\\5cb\\00');
    // The escaping matters: on the real directory the raw value matches everyone, the escaped one no one.
    const client = new Client({ url: slapd.url });
    try {
      await client.bind(SERVICE_DN, SERVICE_PASSWORD);
      const raw = await client.search(PEOPLE, { filter: DEFAULT_LDAP_SEARCH_FILTER.replaceAll('{username}', '*') });
      const escaped = await client.search(PEOPLE, { filter: searchFilterFor(DEFAULT_LDAP_SEARCH_FILTER, '*') });
      assert.equal(raw.searchEntries.length, PEOPLE_SEEDED.length);
      assert.equal(escaped.searchEntries.length, 0);
    } finally {
      await client.unbind();
    }
  });

  it('reports a service account the directory refuses as unavailable, not as a wrong password', async () => {
    const wrong = config({
      LDAP_URL: slapd.url,
      LDAP_SEARCH_BASE: PEOPLE,
      LDAP_SEARCH_BIND_DN: SERVICE_DN,
      LDAP_SEARCH_BIND_PASSWORD: 'khong-dung',
    });
    await unavailableWithin(authenticate(wrong, 'hoa.nt', HOA.password), 5000);
  });

  it('reports a hung directory as unavailable within the timeout', async () => {
    const quick = { ...direct, timeoutMs: 600 };
    slapd.pause();
    try {
      const elapsed = await unavailableWithin(authenticate(quick, 'hoa.nt', HOA.password), 600 + 1500);
      assert.ok(elapsed >= 500, `gave up after only ${elapsed} ms`);
      await unavailableWithin(authenticate({ ...searching, timeoutMs: 600 }, 'hoa.nt', HOA.password), 600 + 1500);
    } finally {
      slapd.resume();
    }
    // And it serves again once it answers.
    assert.ok(await authenticate(direct, 'hoa.nt', HOA.password));
  });
});

describe('a directory that is not there', () => {
  it('is unavailable when slapd has stopped or nothing listens on the port', async () => {
    const slapd = await startSlapd([HOA]);
    const cfg = config({ LDAP_URL: slapd.url, LDAP_BIND_DN: `uid={username},${PEOPLE}`, LDAP_TIMEOUT_MS: '2000' });
    assert.ok(await authenticate(cfg, 'hoa.nt', HOA.password));
    await slapd.stop();
    await unavailableWithin(authenticate(cfg, 'hoa.nt', HOA.password), 2000);
    const nothing = config({ LDAP_URL: `ldap://127.0.0.1:${await freeLoopbackPort()}`, LDAP_SEARCH_BASE: PEOPLE });
    await unavailableWithin(authenticate(nothing, 'hoa.nt', HOA.password), 5000);
  });
});

describe('ldaps with the agency CA', () => {
  let slapd: Slapd;
  before(async () => {
    slapd = await startSlapd([HOA], { tls: true });
  });
  after(() => slapd.stop());

  it('signs in when LDAP_CA_FILE names the CA, and is unavailable when the certificate is not trusted', async () => {
    assert.ok(slapd.caFile);
    const trusted = config({
      LDAP_URL: slapd.url,
      LDAP_BIND_DN: `uid={username},${PEOPLE}`,
      LDAP_CA_FILE: slapd.caFile,
    });
    assert.equal((await authenticate(trusted, 'hoa.nt', HOA.password))?.displayName, 'Nguyễn Thị Hoà');
    const untrusted = config({ LDAP_URL: slapd.url, LDAP_BIND_DN: `uid={username},${PEOPLE}` });
    await unavailableWithin(authenticate(untrusted, 'hoa.nt', HOA.password), 5000);
  });
});

describe('loadLdapConfig', () => {
  it('is off without LDAP_URL and fills in the defaults', () => {
    assert.equal(loadLdapConfig({}), null);
    const loaded = config({ LDAP_URL: 'ldap://ldap.agency.gov.vn:389/', LDAP_SEARCH_BASE: 'dc=agency,dc=gov,dc=vn' });
    assert.deepEqual(loaded, {
      url: 'ldap://ldap.agency.gov.vn:389',
      bindDnTemplate: null,
      search: { base: 'dc=agency,dc=gov,dc=vn', filter: DEFAULT_LDAP_SEARCH_FILTER, bindDn: null, bindPassword: null },
      timeoutMs: 5000,
      ca: null,
      attributes: { name: 'displayName', email: 'mail' },
    });
  });

  it('refuses settings that cannot work', () => {
    const url = 'ldaps://dc1.agency.gov.vn';
    const refused: Record<string, string>[] = [
      { LDAP_URL: 'http://dc1.agency.gov.vn' },
      { LDAP_URL: url },
      { LDAP_URL: url, LDAP_BIND_DN: 'cn=fixed,dc=agency' },
      { LDAP_URL: url, LDAP_SEARCH_BASE: 'dc=agency', LDAP_SEARCH_FILTER: '(uid=admin)' },
      { LDAP_URL: url, LDAP_SEARCH_BASE: 'dc=agency', LDAP_SEARCH_BIND_DN: 'cn=svc,dc=agency' },
      { LDAP_URL: url, LDAP_BIND_DN: '{username}@agency.gov.vn', LDAP_TIMEOUT_MS: '0' },
      { LDAP_URL: url, LDAP_BIND_DN: '{username}@agency.gov.vn', LDAP_CA_FILE: '/khong/co/tep.pem' },
      { LDAP_URL: 'ldap://dc1', LDAP_BIND_DN: '{username}@agency.gov.vn', LDAP_CA_FILE: '/etc/hostname' },
      { LDAP_URL: url, LDAP_BIND_DN: '{username}@agency.gov.vn', LDAP_ATTR_NAME: 'display name' },
    ];
    for (const env of refused) assert.throws(() => loadLdapConfig(env), Error, JSON.stringify(env));
  });
});
