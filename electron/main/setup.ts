// The first-run page's one IPC call: "use this server (and this CA fingerprint)". The page is a static file bundled
// with the shell (electron/setup/setup.html) that runs no script of its own; its preload (preload/setup.cts) reads the
// form and calls this channel. Only that page's main frame is answered, arguments are checked before anything is
// saved, and the answer is a short code the page shows in Vietnamese.
import { parseServerOrigin } from './deeplink.ts';
import type { InvokeEventLike, IpcLog, IpcMainLike } from './ipc.ts';
import { IpcRefusal } from './ipc.ts';
import { parseServerConfig, type ServerConfig } from './settings.ts';

/** Setup page -> main: `{ serverUrl, serverCaSha256 }`, answered with a SetupAnswer. */
export const SETUP_CHANNEL = 'phonghop:setup:save';
export type SetupChannel = typeof SETUP_CHANNEL;
/** Setup page -> main: open the signature check that needs no server (no arguments, no answer). */
export const SETUP_VERIFY_CHANNEL = 'phonghop:setup:verify-offline';
export type SetupVerifyChannel = typeof SETUP_VERIFY_CHANNEL;

/** Each has a message in the page (`data-message="<code>"`), which a test checks. */
export const SETUP_ERRORS = [
  'server_url_invalid',
  'server_url_insecure',
  'fingerprint_invalid',
  'fingerprint_needs_https',
  'save_failed',
] as const;
export type SetupError = (typeof SETUP_ERRORS)[number];

export type SetupAnswer = { ok: true } | { ok: false; error: SetupError };

export interface SetupSubmission {
  serverUrl: string;
  serverCaSha256: string;
}

const MAX_URL = 2048;
const MAX_FINGERPRINT = 200;

/** The submission's shape: exactly one object with exactly the two string fields, of bounded length; else null. */
export function readSubmission(args: readonly unknown[]): SetupSubmission | null {
  const [value, ...rest] = args;
  if (rest.length !== 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.length !== 2 || keys[0] !== 'serverCaSha256' || keys[1] !== 'serverUrl') return null;
  const { serverUrl, serverCaSha256 } = record;
  if (typeof serverUrl !== 'string' || serverUrl.length > MAX_URL) return null;
  if (typeof serverCaSha256 !== 'string' || serverCaSha256.length > MAX_FINGERPRINT) return null;
  return { serverUrl, serverCaSha256 };
}

/**
 * What a person typed, as a server configuration or the reason to show. A bare host ("hop.bo.gov.vn:8443") means
 * https; plain http is refused except on this machine (development), and a fingerprint only goes with https.
 */
export function validateSubmission(
  submission: SetupSubmission,
): { ok: true; config: ServerConfig } | { ok: false; error: SetupError } {
  const typed = submission.serverUrl.trim();
  const serverUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
  const origin = parseServerOrigin(serverUrl);
  if (!origin.ok) {
    const insecure = /^http:\/\//i.test(serverUrl) && parseServerOrigin(serverUrl.replace(/^http:/i, 'https:')).ok;
    return { ok: false, error: insecure ? 'server_url_insecure' : 'server_url_invalid' };
  }
  const parsed = parseServerConfig({ serverUrl: origin.value, serverCaSha256: submission.serverCaSha256.trim() });
  if (parsed.ok) return { ok: true, config: parsed.value };
  return { ok: false, error: origin.value.startsWith('http:') ? 'fingerprint_needs_https' : 'fingerprint_invalid' };
}

/** The page's own file URL, compared as paths: Windows spells drive letters and escapes in more than one way. */
export function isSetupPage(frame: InvokeEventLike['senderFrame'], pageUrl: string): boolean {
  if (frame === null || frame.parent !== null) return false;
  try {
    const [actual, expected] = [new URL(frame.url), new URL(pageUrl)];
    if (actual.protocol !== 'file:' || expected.protocol !== 'file:' || actual.host !== expected.host) return false;
    const path = (url: URL): string => decodeURIComponent(url.pathname).toLowerCase();
    return path(actual) === path(expected);
  } catch {
    return false;
  }
}

export interface SetupOptions {
  pageUrl: string;
  /** Saves the user's settings and moves on to the server; a rejection is reported to the page as `save_failed`. */
  save: (config: ServerConfig) => Promise<void>;
  /** Opens the offline signature check (offlineWindow.ts). */
  openVerify?: () => void;
  log: IpcLog;
}

/**
 * Registers the channel; returns a function that removes it. One save at a time, and none after one has succeeded:
 * a double click must not write twice or open two windows.
 */
export function registerSetupHandler(ipcMain: IpcMainLike, options: SetupOptions): () => void {
  let state: 'open' | 'saving' | 'saved' = 'open';
  ipcMain.handle(SETUP_CHANNEL, async (event, ...args): Promise<SetupAnswer> => {
    if (!isSetupPage(event.senderFrame, options.pageUrl)) {
      options.log(`setup: refused untrusted sender ${event.senderFrame?.url ?? '(no frame)'}`);
      throw new IpcRefusal('untrusted_sender');
    }
    const submission = readSubmission(args);
    if (submission === null) throw new IpcRefusal('invalid_arguments');
    if (state !== 'open') throw new IpcRefusal(state === 'saving' ? 'busy' : 'already_saved');
    const checked = validateSubmission(submission);
    if (!checked.ok) return checked;
    state = 'saving';
    try {
      await options.save(checked.config);
    } catch (error) {
      state = 'open';
      options.log(`setup: could not save the settings: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: 'save_failed' };
    }
    state = 'saved';
    options.log(`setup: server ${checked.config.origin} saved by the user`);
    return { ok: true };
  });
  ipcMain.handle(SETUP_VERIFY_CHANNEL, async (event, ...args): Promise<void> => {
    if (!isSetupPage(event.senderFrame, options.pageUrl) || args.length !== 0) {
      options.log(`setup: refused to open the signature check for ${event.senderFrame?.url ?? '(no frame)'}`);
      throw new IpcRefusal('untrusted_sender');
    }
    options.openVerify?.();
  });
  return () => {
    ipcMain.removeHandler(SETUP_CHANNEL);
    ipcMain.removeHandler(SETUP_VERIFY_CHANNEL);
  };
}
