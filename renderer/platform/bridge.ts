// The renderer's one door to the desktop shell: `getBridge()` returns `window.phonghop` inside Electron and a web
// fallback in a plain browser, so features call the same interface everywhere and never test for Electron.
// Web fallback: documents are cached in IndexedDB (in memory where IndexedDB is missing), secrets last for the tab
// (sessionStorage). Screen sharing is getDisplayMedia in both, answered by the browser's or the shell's own picker.
import type { CachedDocument, PhonghopBridge } from '../../common/bridge.ts';

let bridge: PhonghopBridge | null = null;

export function getBridge(): PhonghopBridge {
  if (bridge === null) {
    const exposed = (globalThis as { phonghop?: unknown }).phonghop;
    bridge = isShellBridge(exposed) ? exposed : createWebBridge();
  }
  return bridge;
}

function isShellBridge(value: unknown): value is PhonghopBridge {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof PhonghopBridge, unknown>>;
  return candidate.platform === 'electron' && typeof candidate.cacheDocument === 'function';
}

interface StoredDocument extends CachedDocument {
  data: Uint8Array;
  usedAt: number;
}

/** Where the web fallback keeps documents; IndexedDB in browsers, a Map where there is none (tests, old engines). */
interface DocumentStore {
  put(doc: StoredDocument): Promise<void>;
  get(sha256: string): Promise<StoredDocument | null>;
  all(): Promise<StoredDocument[]>;
}

export interface WebBridgeOptions {
  indexedDB?: IDBFactory | null;
  sessionStorage?: Storage | null;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const SECRET_PREFIX = 'phonghop.secret.';

export function createWebBridge(options: WebBridgeOptions = {}): PhonghopBridge {
  const idb = options.indexedDB !== undefined ? options.indexedDB : (globalThis.indexedDB ?? null);
  const storage = options.sessionStorage !== undefined ? options.sessionStorage : safeSessionStorage();
  let store: Promise<DocumentStore> | null = null;
  const documents = (): Promise<DocumentStore> =>
    (store ??= idb === null ? Promise.resolve(memoryStore()) : openIndexedDbStore(idb).catch(() => memoryStore()));
  const memorySecrets = new Map<string, string>();

  return Object.freeze({
    platform: 'web',
    version: 'web',
    // A browser cannot reach a USB token: the desktop shell signs with it.
    listTokenCertificates: async () => [],
    signWithToken: async () => {
      throw new Error('token_unavailable');
    },
    // A browser checks signatures through the server (POST /api/verify); the desktop shell can do it by itself.
    verifySignatures: async () => {
      throw new Error('verify_unavailable');
    },
    async cacheDocument(sha256: string, name: string, data: Uint8Array): Promise<void> {
      if (!SHA256_PATTERN.test(sha256)) throw new Error('invalid_hash');
      if ((await sha256Hex(data)) !== sha256) throw new Error('hash_mismatch');
      await (await documents()).put({ sha256, name, bytes: data.byteLength, data: data.slice(), usedAt: Date.now() });
    },
    async readCachedDocument(sha256: string): Promise<Uint8Array | null> {
      if (!SHA256_PATTERN.test(sha256)) throw new Error('invalid_hash');
      const store = await documents();
      const doc = await store.get(sha256);
      if (doc === null) return null;
      if ((await sha256Hex(doc.data)) !== sha256) return null;
      await store.put({ ...doc, usedAt: Date.now() });
      return doc.data.slice();
    },
    async listCachedDocuments(): Promise<CachedDocument[]> {
      const all = await (await documents()).all();
      return all.sort((a, b) => b.usedAt - a.usedAt).map(({ sha256, name, bytes }) => ({ sha256, name, bytes }));
    },
    async secretGet(key: string): Promise<string | null> {
      return storage ? storage.getItem(SECRET_PREFIX + key) : (memorySecrets.get(key) ?? null);
    },
    async secretSet(key: string, value: string): Promise<void> {
      if (storage) storage.setItem(SECRET_PREFIX + key, value);
      else memorySecrets.set(key, value);
    },
    async secretDelete(key: string): Promise<void> {
      if (storage) storage.removeItem(SECRET_PREFIX + key);
      else memorySecrets.delete(key);
    },
    onJoinLink: () => () => {},
  } satisfies PhonghopBridge);
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function safeSessionStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null; // throws in some privacy modes
  } catch {
    return null;
  }
}

function memoryStore(): DocumentStore {
  const docs = new Map<string, StoredDocument>();
  return {
    put: async (doc) => void docs.set(doc.sha256, doc),
    get: async (sha256) => docs.get(sha256) ?? null,
    all: async () => [...docs.values()],
  };
}

function openIndexedDbStore(idb: IDBFactory): Promise<DocumentStore> {
  const NAME = 'documents';
  return new Promise((resolve, reject) => {
    const open = idb.open('phonghop-document-cache', 1);
    open.onupgradeneeded = () => open.result.createObjectStore(NAME, { keyPath: 'sha256' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const run = <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<T> =>
        new Promise((done, fail) => {
          const request = action(db.transaction(NAME, mode).objectStore(NAME));
          request.onsuccess = () => done(request.result as T);
          request.onerror = () => fail(request.error);
        });
      resolve({
        put: (doc) => run<IDBValidKey>('readwrite', (s) => s.put(doc)).then(() => undefined),
        get: (sha256) => run<StoredDocument | undefined>('readonly', (s) => s.get(sha256)).then((d) => d ?? null),
        all: () => run<StoredDocument[]>('readonly', (s) => s.getAll()),
      });
    };
  });
}
