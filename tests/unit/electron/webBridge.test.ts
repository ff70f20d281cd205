// The renderer's bridge accessor: the shell's bridge when present, otherwise a web fallback with the same contract.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createWebBridge, getBridge } from '../../../renderer/platform/bridge.ts';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
  keys = () => [...this.items.keys()];
}

describe('web fallback bridge', () => {
  it('reports the web platform and offers no screen sources (getDisplayMedia shows the browser’s own picker)', async () => {
    const bridge = createWebBridge({ indexedDB: null, sessionStorage: null });
    assert.equal(bridge.platform, 'web');
    assert.equal('listScreenSources' in bridge, false);
    assert.equal(typeof bridge.onJoinLink(() => {}), 'function');
  });

  it('caches documents in memory without IndexedDB, checking their hash', async () => {
    const bridge = createWebBridge({ indexedDB: null, sessionStorage: null });
    const data = new TextEncoder().encode('%PDF agenda');
    await bridge.cacheDocument(sha(data), 'a.pdf', data);
    assert.deepEqual(await bridge.readCachedDocument(sha(data)), data);
    assert.deepEqual(await bridge.listCachedDocuments(), [
      { sha256: sha(data), name: 'a.pdf', bytes: data.byteLength },
    ]);
    await assert.rejects(bridge.cacheDocument(sha(data), 'b.pdf', new Uint8Array([1])), /hash_mismatch/);
    await assert.rejects(bridge.readCachedDocument('../x'), /invalid_hash/);
    assert.equal(await bridge.readCachedDocument('0'.repeat(64)), null);
  });

  it('keeps secrets in sessionStorage under its own prefix', async () => {
    const storage = new MemoryStorage();
    const bridge = createWebBridge({ indexedDB: null, sessionStorage: storage as unknown as Storage });
    await bridge.secretSet('session', 'tok');
    assert.equal(await bridge.secretGet('session'), 'tok');
    assert.deepEqual(storage.keys(), ['phonghop.secret.session']);
    await bridge.secretDelete('session');
    assert.equal(await bridge.secretGet('session'), null);
  });

  it('keeps secrets in memory where sessionStorage is missing', async () => {
    const bridge = createWebBridge({ indexedDB: null, sessionStorage: null });
    await bridge.secretSet('k', 'v');
    assert.equal(await bridge.secretGet('k'), 'v');
  });
});

describe('getBridge', () => {
  it('falls back to the web bridge outside the shell', () => {
    assert.equal(getBridge().platform, 'web');
    assert.equal(getBridge(), getBridge(), 'one instance per page');
  });
});
