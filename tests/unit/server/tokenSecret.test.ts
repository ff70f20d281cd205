// The HMAC secret of invitation tokens: a configured TOKEN_SECRET shorter than 32 bytes stops the server at start
// with a clear error (before anything else starts); the generated one is written atomically (a whole file or none,
// never one a crash cut short) with mode 0600, and kept across starts; a file too short to be a secret is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, tokenSecret } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'token-secret-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(dir, 'data-')), HTTP_ONLY: '1', PORT: '0', ...env });

describe('TOKEN_SECRET', () => {
  it('refuses one shorter than 32 bytes, saying so, before the server starts anything', async () => {
    const short = config({ TOKEN_SECRET: 'phonghop' });
    assert.throws(() => tokenSecret(short), /TOKEN_SECRET has 8 bytes; it needs at least 32/);
    const started = performance.now();
    await assert.rejects(startServer(short), /TOKEN_SECRET has 8 bytes; it needs at least 32/);
    assert.ok(performance.now() - started < 1000, 'refused before the SFU workers start');
  });

  it('counts bytes, not characters, and accepts 32', () => {
    assert.equal(tokenSecret(config({ TOKEN_SECRET: 'x'.repeat(32) })), 'x'.repeat(32));
    assert.equal(tokenSecret(config({ TOKEN_SECRET: 'đ'.repeat(16) })), 'đ'.repeat(16));
    assert.throws(() => tokenSecret(config({ TOKEN_SECRET: 'đ'.repeat(15) })), /30 bytes/);
  });
});

describe('the generated secret', () => {
  it('is written whole, with mode 0600, leaving no temporary file, and kept across starts', () => {
    const c = config();
    const secret = tokenSecret(c);
    assert.ok(Buffer.byteLength(secret) >= 32);
    const file = join(c.dataDir, 'token-secret');
    assert.equal(readFileSync(file, 'utf8'), secret);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(c.dataDir), ['token-secret']);
    assert.equal(tokenSecret(c), secret);
  });

  it('refuses a file too short to be a secret (an empty one, say) rather than signing with it', () => {
    const c = config();
    writeFileSync(join(c.dataDir, 'token-secret'), '');
    assert.throws(() => tokenSecret(c), /token-secret has 0 bytes; it needs at least 32/);
  });
});
