// The renderer built into the shell (dist/renderer, packaged with it), served to the window that checks signatures
// where no meeting server can be reached. It is served under an https origin of the reserved `.invalid` domain, which
// no resolver answers, by the offline window's own session (Electron's protocol.handle for 'https' there): the page is
// a secure context with a normal origin, so the shell's origin rules (security.ts) apply to it unchanged. Only the
// verification screen and its static files are served; nothing else of the app runs there.
import { statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { buildContentSecurityPolicy } from './security.ts';

export const BUILTIN_ORIGIN = 'https://verify.phonghop.invalid';
/** The one screen of the built-in renderer. */
export const BUILTIN_VERIFY_URL = `${BUILTIN_ORIGIN}/verify`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface BuiltinAnswer {
  status: number;
  /** The file to send (200 only). */
  file: string | null;
  headers: Record<string, string>;
}

function answer(status: number, file: string | null, extra: Record<string, string> = {}): BuiltinAnswer {
  return {
    status,
    file,
    headers: {
      'content-security-policy': buildContentSecurityPolicy(BUILTIN_ORIGIN),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      ...extra,
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * What to answer to a request in the offline window: a file of the built renderer under `root`, the app's page for
 * /verify, a redirect there for the other pages of the app (they need the server), 404 for anything else — another
 * host, a path outside `root`, a file that is not there — and 405 for anything but GET/HEAD.
 */
export function resolveBuiltinRequest(root: string, method: string, url: string): BuiltinAnswer {
  if (method !== 'GET' && method !== 'HEAD') return answer(405, null, { allow: 'GET, HEAD' });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return answer(404, null);
  }
  if (parsed.origin !== BUILTIN_ORIGIN) return answer(404, null);
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return answer(404, null);
  }
  if (path.includes('\0')) return answer(404, null);
  if (extname(path) === '') {
    if (path === '/verify' || path === '/verify/')
      return answer(200, join(root, 'index.html'), { 'content-type': TYPES['.html']! });
    return answer(302, null, { location: BUILTIN_VERIFY_URL });
  }
  const base = normalize(root + sep);
  const file = normalize(join(root, path));
  if (!file.startsWith(base) || !isFile(file)) return answer(404, null);
  return answer(200, file, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
}
