// The IPC edge between the preload bridge and the main process: channel names, argument checks, sender checks.
// Every invoke is refused unless it comes from the main frame of a page on the app origin (or, for the few methods
// that name them, on another origin of the shell's own: the offline signature check), and its arguments are
// checked before a handler sees them; a renderer compromised by a hostile document gets nothing for free.
import type { PhonghopBridge } from '../../common/bridge.ts';
import { isTrustedSender, originOf } from './security.ts';

/** One channel per bridge method that asks the main process for something. */
export const IPC_CHANNELS = {
  cacheDocument: 'phonghop:cache:put',
  readCachedDocument: 'phonghop:cache:read',
  listCachedDocuments: 'phonghop:cache:list',
  secretGet: 'phonghop:secret:get',
  secretSet: 'phonghop:secret:set',
  secretDelete: 'phonghop:secret:delete',
  listTokenCertificates: 'phonghop:token:list',
  signWithToken: 'phonghop:token:sign',
  verifySignatures: 'phonghop:verify',
} as const;

/** Main -> renderer: a join URL from a deep link (the payload is one string). */
export const JOIN_LINK_CHANNEL = 'phonghop:join-link';
export type JoinLinkChannel = typeof JOIN_LINK_CHANNEL;

export type IpcChannels = typeof IPC_CHANNELS;
export type IpcMethod = keyof IpcChannels;
export type IpcArgs<K extends IpcMethod> = Parameters<PhonghopBridge[K]>;
export type IpcResult<K extends IpcMethod> = Awaited<ReturnType<PhonghopBridge[K]>>;

/** Largest document the renderer may hand over for caching. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
const SECRET_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const MAX_SECRET_LENGTH = 64 * 1024;
/** Largest PDF checked on this computer: the server's public check takes as much. */
export const MAX_VERIFY_BYTES = 30 * 1024 * 1024;

export interface CallContext {
  /** Origin of the calling page, already checked to be the app origin. Stores keep data apart per server. */
  origin: string;
}

export type IpcHandlers = {
  [K in IpcMethod]: (context: CallContext, ...args: IpcArgs<K>) => Promise<IpcResult<K>>;
};

type Validators = { [K in IpcMethod]: (args: unknown[]) => IpcArgs<K> | null };

const isString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

export const validators: Validators = {
  cacheDocument: ([sha256, name, data, ...rest]) =>
    rest.length === 0 &&
    isString(sha256, 64) &&
    SHA256_PATTERN.test(sha256) &&
    isString(name, 1024) &&
    data instanceof Uint8Array &&
    data.byteLength <= MAX_DOCUMENT_BYTES
      ? [sha256, name, data]
      : null,
  readCachedDocument: ([sha256, ...rest]) =>
    rest.length === 0 && isString(sha256, 64) && SHA256_PATTERN.test(sha256) ? [sha256] : null,
  listCachedDocuments: (args) => (args.length === 0 ? [] : null),
  secretGet: ([key, ...rest]) =>
    rest.length === 0 && isString(key, 128) && SECRET_KEY_PATTERN.test(key) ? [key] : null,
  secretSet: ([key, value, ...rest]) =>
    rest.length === 0 && isString(key, 128) && SECRET_KEY_PATTERN.test(key) && isString(value, MAX_SECRET_LENGTH)
      ? [key, value]
      : null,
  secretDelete: ([key, ...rest]) =>
    rest.length === 0 && isString(key, 128) && SECRET_KEY_PATTERN.test(key) ? [key] : null,
  listTokenCertificates: (args) => (args.length === 0 ? [] : null),
  verifySignatures: ([pdf, ...rest]) =>
    rest.length === 0 && pdf instanceof Uint8Array && pdf.byteLength > 0 && pdf.byteLength <= MAX_VERIFY_BYTES
      ? [pdf]
      : null,
  signWithToken: ([request, ...rest]) => {
    if (rest.length !== 0 || typeof request !== 'object' || request === null) return null;
    const r = request as Record<string, unknown>;
    const keys = Object.keys(r).sort().join(',');
    return keys === 'certificateSha256,documentTitle,signedAttributes,signerName' &&
      isString(r.certificateSha256, 64) &&
      SHA256_PATTERN.test(r.certificateSha256) &&
      isString(r.signedAttributes, 4096) &&
      /^[A-Za-z0-9+/=]+$/.test(r.signedAttributes) &&
      isString(r.documentTitle, 300) &&
      isString(r.signerName, 300)
      ? [
          {
            certificateSha256: r.certificateSha256,
            signedAttributes: r.signedAttributes,
            documentTitle: r.documentTitle,
            signerName: r.signerName,
          },
        ]
      : null;
  },
};

/** The parts of Electron's `IpcMainInvokeEvent` read here. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The parts of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** What the renderer sees when a call fails: a short code, never a path or a stack. */
export class IpcRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'IpcRefusal';
  }
}

export type IpcLog = (message: string) => void;

/**
 * Registers one handler per channel. `appOrigin` is read at each call, because the first-run page sets it after
 * start-up. Returns a function that removes the handlers (tests, and a clean shutdown).
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: IpcHandlers,
  appOrigin: () => string,
  log: IpcLog = () => {},
  alsoFrom: Partial<Record<IpcMethod, readonly string[]>> = {},
): () => void {
  const methods = Object.keys(IPC_CHANNELS) as IpcMethod[];
  for (const method of methods) {
    const channel = IPC_CHANNELS[method];
    ipcMain.handle(channel, (event, ...args) => {
      const frame = event.senderFrame;
      // The app origin, or one of the method's other origins when the sender is on it.
      const other = (alsoFrom[method] ?? []).find((o) => frame !== null && originOf(frame.url) === o);
      return dispatch(method, event, args, handlers, other ?? appOrigin(), log);
    });
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(IPC_CHANNELS[method]);
  };
}

async function dispatch<K extends IpcMethod>(
  method: K,
  event: InvokeEventLike,
  args: unknown[],
  handlers: IpcHandlers,
  origin: string,
  log: IpcLog,
): Promise<IpcResult<K>> {
  const frame = event.senderFrame;
  const sender = frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null };
  if (!isTrustedSender(sender, origin)) {
    log(`ipc ${method}: refused untrusted sender ${frame?.url ?? '(no frame)'}`);
    throw new IpcRefusal('untrusted_sender');
  }
  const parsed = validators[method](args) as IpcArgs<K> | null;
  if (parsed === null) {
    log(`ipc ${method}: refused invalid arguments`);
    throw new IpcRefusal('invalid_arguments');
  }
  const handler = handlers[method] as (context: CallContext, ...args: IpcArgs<K>) => Promise<IpcResult<K>>;
  try {
    return await handler({ origin }, ...parsed);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    log(`ipc ${method}: ${error instanceof Error ? error.message : String(error)}`);
    throw new IpcRefusal(typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : 'internal');
  }
}
