// Password hashing: scrypt with memory-hard parameters stored in the hash; verification; rehash when raised.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from '../../../server/storage/passwords.ts';

const FAST = { N: 2 ** 12, r: 8, p: 1 };

describe('password hashing', () => {
  it('uses memory-hard defaults (at least 64 MiB) and verifies with them', async () => {
    assert.ok(128 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r >= 64 * 1024 * 1024);
    const hash = await hashPassword('mật khẩu đủ dài 2026');
    assert.match(hash, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await verifyPassword('mật khẩu đủ dài 2026', hash), true);
    assert.equal(await verifyPassword('mật khẩu đủ dài 2025', hash), false);
  });

  it('salts every hash and treats composed and decomposed Vietnamese the same', async () => {
    const a = await hashPassword('Hội nghị giao ban', FAST);
    const b = await hashPassword('Hội nghị giao ban', FAST);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('Hội nghị giao ban'.normalize('NFD'), a), true);
  });

  it('rejects tampered or malformed hashes and over-long passwords', async () => {
    const hash = await hashPassword('correct horse battery', FAST);
    const parts = hash.split('$');
    parts[5] = parts[5]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal(await verifyPassword('correct horse battery', parts.join('$')), false);
    assert.equal(await verifyPassword('correct horse battery', 'plain-text'), false);
    assert.equal(await verifyPassword('correct horse battery', 'scrypt$x$8$1$aa$bb'), false);
    assert.equal(await verifyPassword('x'.repeat(5000), hash), false);
    await assert.rejects(hashPassword('x'.repeat(5000), FAST));
  });

  it('asks for a rehash when the stored parameters are below the current ones', async () => {
    assert.equal(needsRehash(await hashPassword('abcdefghijkl', FAST)), true);
    assert.equal(needsRehash(await hashPassword('abcdefghijkl', FAST), FAST), false);
    assert.equal(needsRehash('garbage'), true);
  });
});
