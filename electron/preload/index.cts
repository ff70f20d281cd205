// The preload script: exposes `window.phonghop` (the PhonghopBridge contract) to the renderer and nothing else.
// It runs sandboxed, so it is CommonJS (hence .cts, and `require`/`export =` syntax) and may require only 'electron':
// the channel names are written out here and tied to the main process's list by the `IpcChannels` type, so a
// mismatch fails to compile.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file under verbatimModuleSyntax
import electron = require('electron');
import type { PhonghopBridge, TokenSignRequest } from '../../common/bridge.ts';
import type { IpcChannels, JoinLinkChannel } from '../main/ipc.ts';

const CHANNELS: IpcChannels = {
  cacheDocument: 'phonghop:cache:put',
  readCachedDocument: 'phonghop:cache:read',
  listCachedDocuments: 'phonghop:cache:list',
  secretGet: 'phonghop:secret:get',
  secretSet: 'phonghop:secret:set',
  secretDelete: 'phonghop:secret:delete',
  listTokenCertificates: 'phonghop:token:list',
  signWithToken: 'phonghop:token:sign',
  verifySignatures: 'phonghop:verify',
};
const JOIN_LINK_CHANNEL: JoinLinkChannel = 'phonghop:join-link';
const VERSION_ARG = '--phonghop-version=';

/** The parts of Electron's `ipcRenderer` used here. */
interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Electron wraps a refusal from the main process as "Error invoking remote method '<channel>': IpcRefusal: <code>";
 * the renderer gets just the code, which is what it can act on.
 */
function refusalCode(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const match = /([a-z_]{1,40})\s*$/.exec(message);
  return new Error(match?.[1] ?? 'internal');
}

function createBridge(ipc: IpcRendererLike, version: string): PhonghopBridge {
  const invoke = <T,>(channel: string, ...args: unknown[]): Promise<T> =>
    ipc.invoke(channel, ...args).then(
      (value) => value as T,
      (error: unknown) => Promise.reject(refusalCode(error)),
    );

  // A link can arrive before the renderer subscribes (the app was started by the link): keep the latest one.
  const listeners = new Set<(joinUrl: string) => void>();
  let pending: string | null = null;
  ipc.on(JOIN_LINK_CHANNEL, (_event, joinUrl) => {
    if (typeof joinUrl !== 'string' || !/^https?:\/\//.test(joinUrl)) return;
    if (listeners.size === 0) pending = joinUrl;
    for (const listener of listeners) listener(joinUrl);
  });

  return Object.freeze({
    platform: 'electron',
    version,
    cacheDocument: (sha256: string, name: string, data: Uint8Array) =>
      invoke(CHANNELS.cacheDocument, sha256, name, data),
    readCachedDocument: (sha256: string) => invoke(CHANNELS.readCachedDocument, sha256),
    listCachedDocuments: () => invoke(CHANNELS.listCachedDocuments),
    secretGet: (key: string) => invoke(CHANNELS.secretGet, key),
    secretSet: (key: string, value: string) => invoke(CHANNELS.secretSet, key, value),
    secretDelete: (key: string) => invoke(CHANNELS.secretDelete, key),
    listTokenCertificates: () => invoke(CHANNELS.listTokenCertificates),
    signWithToken: (request: TokenSignRequest) => invoke(CHANNELS.signWithToken, request),
    verifySignatures: (pdf: Uint8Array) => invoke(CHANNELS.verifySignatures, pdf),
    onJoinLink(callback: (joinUrl: string) => void): () => void {
      if (typeof callback !== 'function') return () => {};
      listeners.add(callback);
      if (pending !== null) {
        const joinUrl = pending;
        pending = null;
        queueMicrotask(() => callback(joinUrl));
      }
      return () => {
        listeners.delete(callback);
      };
    },
  } satisfies PhonghopBridge);
}

function versionFromArgv(argv: readonly string[]): string {
  const arg = argv.find((a) => a.startsWith(VERSION_ARG));
  return arg === undefined ? '0.0.0' : arg.slice(VERSION_ARG.length);
}

electron.contextBridge.exposeInMainWorld('phonghop', createBridge(electron.ipcRenderer, versionFromArgv(process.argv)));

// For tests; sandboxed preloads have a CommonJS `module`, so exporting is harmless there.
export = { createBridge, versionFromArgv };
