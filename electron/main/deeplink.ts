// Parsing of `phonghop://` deep links (invitation links opened from an e-mail, a chat, the OS).
// A link is hostile input from outside the app: everything not matching the two accepted shapes is refused with a
// reason, and the server it names must pass the same rule as a configured server (https, or http on this machine).
//
//   phonghop://join/<token>                                  join on the configured server
//   phonghop://join?server=<origin>&token=<token>            join on the named server
//
// Both become the web join URL `<origin>/join?token=<token>`; what the shell then does with it (hand it to the page
// that is showing, or ask before opening another server once) is decided in linkDecision.ts.

export const DEEP_LINK_SCHEME = 'phonghop';

/** Longest link accepted; the protocol caps tokens at 4096 characters and the server origin adds a little. */
const MAX_LINK_LENGTH = 6000;
/** Same bounds as the server's `join` request; the characters are those of base64url and JWT-style tokens. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{10,4096}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface JoinLink {
  token: string;
  /** Origin named by the link, or null when the link means "the server already in use". */
  server: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/**
 * Validates a server address and returns its origin (`https://host[:port]`). Accepts https anywhere and plain http only
 * on the loopback interface: WebRTC capture needs a secure context, and a meeting token must not cross a network in
 * clear text. A path, query, fragment or credentials are refused rather than dropped, so nothing is silently ignored.
 */
export function parseServerOrigin(value: string): Parsed<string> {
  if (value.length === 0 || value.length > 2048) return fail('server address is empty or too long');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('server address is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`server scheme ${url.protocol} not allowed`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return fail('plain http is only allowed for localhost');
  }
  if (url.username !== '' || url.password !== '') return fail('server address must not carry credentials');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return fail('server address must be an origin, without path, query or fragment');
  }
  return { ok: true, value: url.origin };
}

export function parseDeepLink(raw: string): Parsed<JoinLink> {
  if (typeof raw !== 'string') return fail('link is not a string');
  if (raw.length > MAX_LINK_LENGTH) return fail('link is too long');
  // Control characters and spaces have no business in a link; refusing them early avoids parser disagreements.
  if (/[\u0000-\u0020\u007f]/.test(raw)) return fail('link contains control characters or spaces');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('link is not a URL');
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return fail(`scheme ${url.protocol} is not ${DEEP_LINK_SCHEME}:`);
  if (url.username !== '' || url.password !== '' || url.port !== '') return fail('link has an unexpected authority');
  if (url.host.toLowerCase() !== 'join') return fail(`unknown action "${url.host}"`);
  if (url.hash !== '') return fail('link must not have a fragment');

  const pathToken = url.pathname.replace(/^\//, '').replace(/\/$/, '');
  if (pathToken !== '') {
    if (url.search !== '') return fail('a path token link takes no query');
    if (!TOKEN_PATTERN.test(pathToken)) return fail('token has an invalid length or characters');
    return { ok: true, value: { token: pathToken, server: null } };
  }

  const params = [...url.searchParams.entries()];
  const seen = new Set<string>();
  for (const [key] of params) {
    if (key !== 'server' && key !== 'token') return fail(`unknown parameter "${key}"`);
    if (seen.has(key)) return fail(`parameter "${key}" given twice`);
    seen.add(key);
  }
  const token = url.searchParams.get('token');
  if (token === null) return fail('token is missing');
  if (!TOKEN_PATTERN.test(token)) return fail('token has an invalid length or characters');
  const server = url.searchParams.get('server');
  if (server === null) return { ok: true, value: { token, server: null } };
  const origin = parseServerOrigin(server);
  if (!origin.ok) return fail(`server: ${origin.reason}`);
  return { ok: true, value: { token, server: origin.value } };
}

/** The web page that joins a meeting; the renderer's router handles `/join`. */
export function joinUrlFor(origin: string, token: string): string {
  return `${origin}/join?token=${encodeURIComponent(token)}`;
}

/**
 * Windows and Linux deliver a deep link as a command-line argument (first launch and `second-instance`); macOS uses
 * `open-url` instead. Only an argument that starts with the scheme counts, never a flag that merely contains it.
 */
export function findDeepLinkInArgv(argv: readonly string[]): string | null {
  const prefix = `${DEEP_LINK_SCHEME}:`;
  for (const arg of argv) {
    if (arg.slice(0, prefix.length).toLowerCase() === prefix) return arg;
  }
  return null;
}
