// The browser's Content-Security-Policy lets the app connect to its own origin only: `connect-src 'self'` (which
// covers same-origin ws:/wss: in current Chromium, as tests/e2e/meeting.test.ts shows by joining a meeting), never
// `ws:`/`wss:` to any host, which would let injected script send the meeting anywhere. The server's header and the
// page's own <meta> agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY } from '../../../server/http/staticFiles.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

test("the server's policy connects to its own origin only", () => {
  const policy = directives(CONTENT_SECURITY_POLICY);
  assert.deepEqual(policy.get('connect-src'), ["'self'"]);
  for (const [name, sources] of policy) {
    for (const scheme of ['ws:', 'wss:', 'http:', 'https:', '*']) {
      assert.ok(!sources.includes(scheme), `${name} allows any host over ${scheme}`);
    }
  }
});

test("the page's own policy says the same", () => {
  const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  assert.ok(meta, 'index.html carries a CSP <meta>');
  assert.deepEqual(directives(meta[1]!).get('connect-src'), ["'self'"]);
});
