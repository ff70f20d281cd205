// Secrets at rest: encrypted through the injected cipher, never written in clear text.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretStoreError, SecureStore, type Cipher } from '../../../electron/main/secureStore.ts';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phonghop-secrets-'));
  file = join(dir, 'secrets.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Stands in for safeStorage: reversible, visibly not plaintext. */
function fakeCipher(available = true): Cipher & { available: boolean } {
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).reverse().toString('hex')}`),
    decryptString: (encrypted) => {
      const text = encrypted.toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4), 'hex').reverse().toString();
    },
  };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SecretStoreError);
    return error.code;
  }
  return 'no error';
}

describe('secure store', () => {
  it('round-trips a secret across restarts without writing it in clear', async () => {
    const store = await SecureStore.open(file, fakeCipher());
    await store.set('http://localhost:8080 session', 'tok-secret-123');
    assert.equal(await store.get('http://localhost:8080 session'), 'tok-secret-123');
    const onDisk = await readFile(file, 'utf8');
    assert.ok(!onDisk.includes('tok-secret-123'));
    const reopened = await SecureStore.open(file, fakeCipher());
    assert.equal(await reopened.get('http://localhost:8080 session'), 'tok-secret-123');
  });

  it('refuses to store anything when encryption is unavailable', async () => {
    const store = await SecureStore.open(file, fakeCipher(false));
    assert.equal(await code(store.set('k', 'plaintext-token')), 'encryption_unavailable');
    await assert.rejects(readFile(file), 'no file was written');
  });

  it('does not return secrets when encryption has become unavailable', async () => {
    const cipher = fakeCipher();
    const store = await SecureStore.open(file, cipher);
    await store.set('k', 'v');
    cipher.available = false;
    assert.equal(await store.get('k'), null);
    assert.equal(await code(store.set('k', 'v2')), 'encryption_unavailable');
  });

  it('deletes secrets', async () => {
    const store = await SecureStore.open(file, fakeCipher());
    await store.set('k', 'v');
    await store.delete('k');
    assert.equal(await store.get('k'), null);
    assert.equal(await (await SecureStore.open(file, fakeCipher())).get('k'), null);
    await store.delete('never-set');
  });

  it('answers null for a value it cannot decrypt, and survives a corrupt file', async () => {
    await writeFile(file, JSON.stringify({ version: 1, values: { k: Buffer.from('garbage').toString('base64') } }));
    assert.equal(await (await SecureStore.open(file, fakeCipher())).get('k'), null);
    await writeFile(file, '{ corrupt');
    const store = await SecureStore.open(file, fakeCipher());
    assert.equal(await store.get('k'), null);
    await store.set('k', 'v');
    assert.equal(await store.get('k'), 'v');
  });

  it('validates keys and sizes', async () => {
    const store = await SecureStore.open(file, fakeCipher());
    assert.equal(await code(store.set('', 'v')), 'invalid_key');
    assert.equal(await code(store.get('x'.repeat(2000))), 'invalid_key');
    assert.equal(await code(store.set('k', 'v'.repeat(64 * 1024 + 1))), 'too_large');
  });

  it('keeps its file private to the user', { skip: process.platform === 'win32' && 'POSIX modes only' }, async () => {
    const store = await SecureStore.open(file, fakeCipher());
    await store.set('k', 'v');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });
});
