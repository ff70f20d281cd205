// The offline document cache: content-addressed, verified both ways, bounded, and consistent after a crash.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../electron/main/atomicFile.ts';
import { CacheError, DocumentCache, sha256Hex } from '../../../electron/main/documentCache.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phonghop-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const doc = (text: string) => {
  const data = new TextEncoder().encode(text);
  return { data, sha256: sha256Hex(data) };
};

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CacheError);
    return error.code;
  }
  return 'no error';
}

describe('document cache', () => {
  it('stores and reads back a document under its hash', async () => {
    const cache = await DocumentCache.open(dir);
    const a = doc('%PDF-1.7 agenda');
    await cache.put(a.sha256, 'Chương trình họp.pdf', a.data);
    assert.deepEqual(await cache.read(a.sha256), Buffer.from(a.data));
    assert.deepEqual(cache.list(), [{ sha256: a.sha256, name: 'Chương trình họp.pdf', bytes: a.data.byteLength }]);
    assert.deepEqual(await readFile(join(dir, a.sha256)), Buffer.from(a.data));
  });

  it('rejects content that does not match its hash', async () => {
    const cache = await DocumentCache.open(dir);
    const a = doc('real');
    assert.equal(await code(cache.put(a.sha256, 'x.pdf', doc('forged').data)), 'hash_mismatch');
    assert.equal(await cache.read(a.sha256), null);
    assert.deepEqual(cache.list(), []);
  });

  it('rejects malformed hashes (no path tricks) and empty names', async () => {
    const cache = await DocumentCache.open(dir);
    const a = doc('x');
    assert.equal(await code(cache.put('../../etc/passwd', 'x', a.data)), 'invalid_hash');
    assert.equal(await code(cache.put(a.sha256.toUpperCase(), 'x', a.data)), 'invalid_hash');
    assert.equal(await code(cache.read('index.json')), 'invalid_hash');
    assert.equal(await code(cache.put(a.sha256, '\u0000\u0001', a.data)), 'invalid_name');
  });

  it('drops a file that was altered on disk instead of serving it', async () => {
    const cache = await DocumentCache.open(dir);
    const a = doc('original');
    await cache.put(a.sha256, 'a.pdf', a.data);
    await writeFile(join(dir, a.sha256), 'tampered');
    assert.equal(await cache.read(a.sha256), null);
    assert.deepEqual(cache.list(), []);
    assert.ok(!(await readdir(dir)).includes(a.sha256));
  });

  it('evicts the least recently used documents to stay under its size cap', async () => {
    const cache = await DocumentCache.open(dir, 30);
    const [a, b, c] = [doc('a'.repeat(10)), doc('b'.repeat(10)), doc('c'.repeat(10))];
    await cache.put(a.sha256, 'a', a.data);
    await cache.put(b.sha256, 'b', b.data);
    await cache.put(c.sha256, 'c', c.data);
    await cache.read(a.sha256); // a is now more recent than b
    const d = doc('d'.repeat(10));
    await cache.put(d.sha256, 'd', d.data);
    assert.deepEqual(
      cache.list().map((entry) => entry.name),
      ['d', 'a', 'c'],
    );
    assert.equal(await cache.read(b.sha256), null);
    assert.equal(cache.totalBytes, 30);
    assert.ok(!(await readdir(dir)).includes(b.sha256));
  });

  it('refuses a document larger than the whole cache without evicting anything', async () => {
    const cache = await DocumentCache.open(dir, 10);
    const small = doc('12345');
    await cache.put(small.sha256, 'small', small.data);
    const big = doc('x'.repeat(11));
    assert.equal(await code(cache.put(big.sha256, 'big', big.data)), 'too_large');
    assert.equal(cache.list().length, 1);
  });

  it('stores a document once however often it is cached, refreshing its name', async () => {
    const cache = await DocumentCache.open(dir);
    const a = doc('same');
    await cache.put(a.sha256, 'old name', a.data);
    await cache.put(a.sha256, 'new name', a.data);
    assert.deepEqual(
      cache.list().map((entry) => entry.name),
      ['new name'],
    );
  });

  it('keeps its contents and recency across restarts', async () => {
    const first = await DocumentCache.open(dir);
    const [a, b] = [doc('first'), doc('second')];
    await first.put(a.sha256, 'a', a.data);
    await first.put(b.sha256, 'b', b.data);
    await first.read(a.sha256);
    const second = await DocumentCache.open(dir);
    assert.deepEqual(
      second.list().map((entry) => entry.name),
      ['a', 'b'],
    );
    assert.deepEqual(await second.read(b.sha256), Buffer.from(b.data));
  });

  it('recovers from a crash: temp files swept, unindexed files deleted, missing files forgotten', async () => {
    const first = await DocumentCache.open(dir);
    const [kept, lost] = [doc('kept'), doc('lost')];
    await first.put(kept.sha256, 'kept', kept.data);
    await first.put(lost.sha256, 'lost', lost.data);
    await rm(join(dir, lost.sha256)); // the file vanished but the index still names it
    const orphan = doc('orphan'); // a blob renamed into place just before the index write
    await writeFile(join(dir, orphan.sha256), orphan.data);
    await writeFile(join(dir, `.tmp-${'f'.repeat(64)}-abc`), 'half a document'); // a write cut short

    const second = await DocumentCache.open(dir);
    assert.deepEqual(
      second.list().map((entry) => entry.name),
      ['kept'],
    );
    assert.deepEqual((await readdir(dir)).sort(), [kept.sha256, 'index.json'].sort());
  });

  it('starts empty from a corrupt index without serving unverified files', async () => {
    const a = doc('a');
    await writeFile(join(dir, a.sha256), a.data);
    await writeFile(join(dir, 'index.json'), '{ not json');
    const cache = await DocumentCache.open(dir);
    assert.deepEqual(cache.list(), []);
    assert.deepEqual(await readdir(dir), ['index.json']);
  });

  it('writes atomically: a write that fails leaves the previous state and no temporary file', async () => {
    const cache = await DocumentCache.open(dir);
    const a = doc('a');
    await cache.put(a.sha256, 'a', a.data);
    const before = await readFile(join(dir, 'index.json'), 'utf8');
    // A non-empty directory where the new document should land makes the final rename fail.
    const b = doc('b');
    await mkdir(join(dir, b.sha256, 'blocker'), { recursive: true });
    await assert.rejects(cache.put(b.sha256, 'b', b.data));
    assert.equal(await readFile(join(dir, 'index.json'), 'utf8'), before);
    assert.deepEqual((await readdir(dir)).sort(), [a.sha256, b.sha256, 'index.json'].sort());
    assert.deepEqual(await cache.read(a.sha256), Buffer.from(a.data));
  });

  it('replaces files whole: readers see the old or the new content, never a mix', async () => {
    const target = join(dir, 'file');
    await writeFileAtomic(target, 'old'.repeat(100_000));
    const write = writeFileAtomic(target, 'new'.repeat(100_000));
    const seen = new Set<string>();
    while (seen.size < 2) {
      const text = await readFile(target, 'utf8');
      seen.add(text.slice(0, 3) + text.length);
      assert.ok(text === 'old'.repeat(100_000) || text === 'new'.repeat(100_000), 'torn read');
      if (seen.has('new300000')) break;
    }
    await write;
    assert.deepEqual(await readdir(dir), ['file']);
  });

  it('serialises concurrent writers', async () => {
    const cache = await DocumentCache.open(dir);
    const docs = Array.from({ length: 20 }, (_, i) => doc(`document ${i}`));
    await Promise.all(docs.map((d, i) => cache.put(d.sha256, `d${i}`, d.data)));
    const reopened = await DocumentCache.open(dir);
    assert.equal(reopened.list().length, 20);
  });
});
