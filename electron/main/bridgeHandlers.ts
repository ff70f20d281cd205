// What each bridge call does in the main process, given the stores it works on.
// Data is kept apart per server origin: a link to another server must not let that server read the tokens or list
// the documents cached for this one.
import { join } from 'node:path';
import { DocumentCache } from './documentCache.ts';
import { IpcRefusal, type IpcHandlers } from './ipc.ts';
import { originKey } from './originKey.ts';
import type { OfflineVerifier } from './offlineVerifier.ts';
import type { SecureStore } from './secureStore.ts';
import type { TokenService } from './signing/tokenService.ts';

export interface BridgeServices {
  secrets: () => Promise<SecureStore>;
  /** Directory under which each origin gets its own document cache. */
  cacheRoot: string;
  cacheMaxBytes?: number;
  /** USB-token signing (signing/tokenService.ts); without it there are no tokens. */
  tokens?: TokenService;
  /** Signature checks on this computer (offlineVerifier.ts); without it the page asks the server. */
  verifier?: OfflineVerifier;
}

export { originKey };

export function createBridgeHandlers(services: BridgeServices): IpcHandlers {
  const caches = new Map<string, Promise<DocumentCache>>();
  const cacheFor = (origin: string): Promise<DocumentCache> => {
    let cache = caches.get(origin);
    if (cache === undefined) {
      cache = DocumentCache.open(join(services.cacheRoot, originKey(origin)), services.cacheMaxBytes);
      cache.catch(() => caches.delete(origin)); // let a later call retry after, say, a full disk
      caches.set(origin, cache);
    }
    return cache;
  };
  const secretKey = (origin: string, key: string): string => `${origin} ${key}`;

  return {
    cacheDocument: async ({ origin }, sha256, name, data) => (await cacheFor(origin)).put(sha256, name, data),
    readCachedDocument: async ({ origin }, sha256) => (await cacheFor(origin)).read(sha256),
    listCachedDocuments: async ({ origin }) => (await cacheFor(origin)).list(),
    secretGet: async ({ origin }, key) => (await services.secrets()).get(secretKey(origin, key)),
    secretSet: async ({ origin }, key, value) => (await services.secrets()).set(secretKey(origin, key), value),
    secretDelete: async ({ origin }, key) => (await services.secrets()).delete(secretKey(origin, key)),
    listTokenCertificates: async () => (services.tokens ? services.tokens.listTokenCertificates() : []),
    verifySignatures: async (_context, pdf) => {
      if (!services.verifier) throw new IpcRefusal('verify_unavailable');
      return services.verifier.verify(pdf);
    },
    signWithToken: async (_context, request) => {
      if (!services.tokens) throw new IpcRefusal('token_not_configured');
      return services.tokens.signWithToken(request);
    },
  };
}
