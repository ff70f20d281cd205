// What the offline signature-check window is answered, request by request: the built renderer's files under its
// folder, the app page for /verify only, a redirect there for the app's other pages, and nothing else — no other
// host, no path out of the folder, no method but GET/HEAD — always under the shell's content security policy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_ORIGIN, BUILTIN_VERIFY_URL, resolveBuiltinRequest } from '../../../electron/main/builtinRenderer.ts';

let root: string;
let outside: string;
before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-builtin-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {}');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  outside = join(dir, 'secret.txt');
  writeFileSync(outside, 'not for the page');
});
after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

describe('built-in renderer (offline signature check)', () => {
  it('serves the verification page and the static files, typed, under a CSP of its own origin', () => {
    const page = resolveBuiltinRequest(root, 'GET', BUILTIN_VERIFY_URL);
    assert.equal(page.status, 200);
    assert.equal(page.file, join(root, 'index.html'));
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.headers['content-security-policy']!, /script-src 'self'/);
    assert.match(page.headers['content-security-policy']!, /frame-ancestors 'none'/);
    const script = resolveBuiltinRequest(root, 'GET', `${BUILTIN_ORIGIN}/assets/index-abc.js`);
    assert.equal(script.file, join(root, 'assets', 'index-abc.js'));
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(resolveBuiltinRequest(root, 'HEAD', `${BUILTIN_ORIGIN}/assets/index-abc.css`).status, 200);
  });

  it('sends the app’s other pages (they need the server) to /verify', () => {
    for (const path of ['/', '/meetings', '/join?token=x']) {
      const answer = resolveBuiltinRequest(root, 'GET', `${BUILTIN_ORIGIN}${path}`);
      assert.equal(answer.status, 302, path);
      assert.equal(answer.headers.location, BUILTIN_VERIFY_URL);
    }
  });

  it('answers nothing outside the folder, for other hosts, missing files or other methods', () => {
    const refused: Array<[string, string, number]> = [
      ['GET', `${BUILTIN_ORIGIN}/../secret.txt`, 404],
      ['GET', `${BUILTIN_ORIGIN}/assets/..%2F..%2Fsecret.txt`, 404],
      ['GET', `${BUILTIN_ORIGIN}/%2e%2e/secret.txt`, 404],
      ['GET', `${BUILTIN_ORIGIN}/assets/%00.js`, 404],
      ['GET', `${BUILTIN_ORIGIN}/assets/missing.js`, 404],
      ['GET', `${BUILTIN_ORIGIN}/assets/%E0%A4%A.js`, 404],
      ['GET', 'https://hop.bo.gov.vn/assets/index-abc.js', 404],
      ['GET', 'http://verify.phonghop.invalid/verify', 404],
      ['POST', BUILTIN_VERIFY_URL, 405],
      ['GET', 'not a url', 404],
    ];
    for (const [method, url, status] of refused) {
      const answer = resolveBuiltinRequest(root, method, url);
      assert.equal(answer.status, status, `${method} ${url}`);
      assert.equal(answer.file, null, url);
    }
  });
});
