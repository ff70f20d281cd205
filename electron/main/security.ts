// The shell's security decisions as plain functions, so that each rule is tested without a window.
// The app origin is the meeting server's origin: the renderer is served by that server and nothing else is trusted.

/** Parses a URL and returns its origin, or null for anything unparseable or opaque (`about:blank`, `data:`...). */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Content-Security-Policy for every response from the app origin.
 * - scripts only from the app origin; 'wasm-unsafe-eval' lets pdf.js compile its WebAssembly image decoders but
 *   still forbids eval of JavaScript (pdf.js runs with `isEvalSupported: false`);
 * - styles from the app origin, inline allowed (the renderer's own policy allows it): CSS cannot run code, and with
 *   images and connections held to the app origin it cannot carry data out either;
 * - media and images may be blob:/data: (thumbnails, rendered pages) and mediastream: (WebRTC);
 * - connections only back to the app origin, over http(s) and the matching websocket scheme (socket.io);
 * - no plugins, no frames, no <base> rewriting, and the app cannot be framed by anyone.
 */
export function buildContentSecurityPolicy(appOrigin: string): string {
  const url = new URL(appOrigin);
  const socketOrigin = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['connect-src', ["'self'", socketOrigin]],
    ['worker-src', ["'self'", 'blob:']],
    ['frame-src', ["'none'"]],
    ['child-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The main frame may only ever show pages of the app origin. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/**
 * Links to elsewhere (a ministry's web page in a document, a help link) open in the OS browser, never in the app,
 * and only https links without credentials: no file:, no custom schemes that would launch other programs.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && url.length <= 2048;
}

export interface SenderFrame {
  url: string;
  /** True for the top-level frame of the window; the preload only runs there, so IPC from a subframe is suspicious. */
  isMainFrame: boolean;
}

/** An IPC message is honoured only from the main frame of a page on the app origin. */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (frame == null || !frame.isMainFrame) return false;
  return originOf(frame.url) === appOrigin;
}

/** Permissions the meeting needs: camera and microphone (`media`) and screen sharing (`display-capture`). */
const GRANTED_PERMISSIONS = new Set(['media', 'display-capture']);

export function isAllowedPermission(permission: string, requestingUrl: string | undefined, appOrigin: string): boolean {
  if (!GRANTED_PERMISSIONS.has(permission)) return false;
  return requestingUrl !== undefined && originOf(requestingUrl) === appOrigin;
}

/**
 * Adds the CSP to a response from the app origin. Header names are case-insensitive, so a server's own CSP under any
 * spelling is replaced rather than left beside ours (two policies would both apply, which is confusing to debug).
 */
export function withContentSecurityPolicy(
  responseUrl: string,
  headers: Record<string, string[]> | undefined,
  appOrigin: string,
): Record<string, string[]> | undefined {
  if (originOf(responseUrl) !== appOrigin) return headers;
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [buildContentSecurityPolicy(appOrigin)];
  return out;
}
