// Deep links come from outside the app: accepted shapes become a join URL, everything else is refused with a reason.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findDeepLinkInArgv, joinUrlFor, parseDeepLink, parseServerOrigin } from '../../../electron/main/deeplink.ts';

const TOKEN = 'eyJtIjoibTEifQ.c2lnbmF0dXJl_-x';

function refused(raw: string): string {
  const result = parseDeepLink(raw);
  assert.equal(result.ok, false, `expected ${JSON.stringify(raw)} to be refused`);
  return result.ok ? '' : result.reason;
}

describe('parseDeepLink', () => {
  it('accepts a path token link for the server in use', () => {
    assert.deepEqual(parseDeepLink(`phonghop://join/${TOKEN}`), { ok: true, value: { token: TOKEN, server: null } });
  });

  it('accepts the trailing slash some launchers append', () => {
    assert.deepEqual(parseDeepLink(`phonghop://join/${TOKEN}/`), { ok: true, value: { token: TOKEN, server: null } });
  });

  it('accepts a query link with an https server and reduces the server to its origin', () => {
    const link = `phonghop://join?server=${encodeURIComponent('https://Hop.Example.gov.vn:443')}&token=${TOKEN}`;
    assert.deepEqual(parseDeepLink(link), {
      ok: true,
      value: { token: TOKEN, server: 'https://hop.example.gov.vn' },
    });
  });

  it('accepts http only on this machine', () => {
    for (const server of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080']) {
      const result = parseDeepLink(`phonghop://join?server=${encodeURIComponent(server)}&token=${TOKEN}`);
      assert.equal(result.ok, true, server);
    }
    assert.match(refused(`phonghop://join?server=http://192.168.1.10:8080&token=${TOKEN}`), /plain http/);
    assert.match(refused(`phonghop://join?server=http://localhost.evil.example&token=${TOKEN}`), /plain http/);
  });

  it('accepts a query link without a server as meaning the server in use', () => {
    assert.deepEqual(parseDeepLink(`phonghop://join?token=${TOKEN}`), {
      ok: true,
      value: { token: TOKEN, server: null },
    });
    assert.equal(parseDeepLink(`phonghop://join/?token=${TOKEN}`).ok, true);
  });

  it('is case-insensitive in the scheme and action only', () => {
    assert.equal(parseDeepLink(`PHONGHOP://JOIN/${TOKEN}`).ok, true);
  });

  it('refuses other schemes and actions', () => {
    assert.match(refused(`https://join/${TOKEN}`), /scheme/);
    assert.match(refused(`phonghop://leave/${TOKEN}`), /unknown action/);
    assert.match(refused(`phonghop://settings?server=https://evil.example`), /unknown action/);
    assert.match(refused('not a url'), /control characters|not a URL/);
    assert.match(refused('phonghop:'), /unknown action|not a URL/);
  });

  it('refuses tokens of the wrong size or alphabet', () => {
    assert.match(refused('phonghop://join/short'), /token/);
    assert.match(refused(`phonghop://join/${'a'.repeat(4097)}`), /token/);
    assert.match(refused(`phonghop://join/${TOKEN}%2F..%2F`), /token/);
    assert.match(refused(`phonghop://join/${TOKEN}/extra`), /token/);
    assert.match(refused(`phonghop://join?token=${TOKEN}%3Cscript%3E`), /token/);
    assert.match(refused('phonghop://join?server=https://a.example'), /token is missing/);
  });

  it('refuses ambiguous or padded links', () => {
    assert.match(refused(`phonghop://join?token=${TOKEN}&token=${TOKEN}x`), /twice/);
    assert.match(refused(`phonghop://join?server=https://a.example&server=https://b.example&token=${TOKEN}`), /twice/);
    assert.match(refused(`phonghop://join?token=${TOKEN}&redirect=https://evil.example`), /unknown parameter/);
    assert.match(refused(`phonghop://join/${TOKEN}?server=https://evil.example`), /takes no query/);
    assert.match(refused(`phonghop://join/${TOKEN}#frag`), /fragment/);
    assert.match(refused(`phonghop://user:pw@join/${TOKEN}`), /authority/);
    assert.match(refused(`phonghop://join:99/${TOKEN}`), /authority/);
  });

  it('refuses hostile servers', () => {
    const server = (value: string) => refused(`phonghop://join?server=${encodeURIComponent(value)}&token=${TOKEN}`);
    assert.match(server('javascript:alert(1)'), /scheme/);
    assert.match(server('file:///etc/passwd'), /scheme/);
    assert.match(server('data:text/html,<script>1</script>'), /scheme/);
    assert.match(server('https://user:pass@a.example'), /credentials/);
    assert.match(server('https://a.example/evil/path'), /origin/);
    assert.match(server('https://a.example/?x=1'), /origin/);
    assert.match(server('ftp://a.example'), /scheme/);
    assert.match(server(''), /empty/);
  });

  it('refuses control characters, spaces and oversized links', () => {
    assert.match(refused(`phonghop://join/${TOKEN}\n`), /control/);
    assert.match(refused(`phonghop://join/${TOKEN}\u0000`), /control/);
    assert.match(refused(` phonghop://join/${TOKEN}`), /control/);
    assert.match(refused(`phonghop://join?token=${'a'.repeat(7000)}`), /too long/);
    assert.equal(parseDeepLink(42 as unknown as string).ok, false);
  });
});

describe('parseServerOrigin', () => {
  it('returns the origin of an accepted server', () => {
    assert.deepEqual(parseServerOrigin('https://hop.example.gov.vn/'), {
      ok: true,
      value: 'https://hop.example.gov.vn',
    });
    assert.deepEqual(parseServerOrigin('http://localhost:8080'), { ok: true, value: 'http://localhost:8080' });
  });
});

describe('join targets', () => {
  it('builds the web join URL with the token encoded', () => {
    assert.equal(joinUrlFor('https://a.example', 'abc.def_-~'), 'https://a.example/join?token=abc.def_-~');
  });
});

describe('findDeepLinkInArgv', () => {
  it('finds the link among Electron and Chromium arguments', () => {
    const argv = ['/opt/phonghop/phonghop', '--no-sandbox-is-not-used', `phonghop://join/${TOKEN}`];
    assert.equal(findDeepLinkInArgv(argv), `phonghop://join/${TOKEN}`);
  });

  it('ignores flags that merely contain the scheme', () => {
    assert.equal(findDeepLinkInArgv(['app', `--url=phonghop://join/${TOKEN}`]), null);
    assert.equal(findDeepLinkInArgv([]), null);
  });
});
