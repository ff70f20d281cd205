// Reading HTTP requests, once for every API: bounded bodies, JSON checked against a schema, the session from its
// cookie or a bearer token, and the CSRF rule for state changes made with the cookie.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import { CSRF_HEADER } from '../../common/office.ts';

/** `__Host-`: only ever set by this origin, over HTTPS (or localhost), for the whole site. */
export const SESSION_COOKIE = '__Host-phonghop-session';

/** Reads the body, refusing it as soon as it passes `max` bytes (announced or actual). */
export function readBody(req: IncomingMessage, max: number, tooLarge?: (size: number) => AppFailure): Promise<Buffer> {
  const refuse =
    tooLarge ?? ((size: number) => new AppFailure('too_large', `the body has more than ${max} bytes (${size})`));
  const announced = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(announced) && announced > max) return Promise.reject(refuse(announced));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        reject(refuse(size));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/** The body as JSON, validated; every problem named (path: message) in one clear error. */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  max = 64 * 1024,
): Promise<z.infer<S>> {
  const body = await readBody(req, max);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new AppFailure('invalid_message', 'the body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppFailure(
      'invalid_message',
      parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')
        .slice(0, 500),
    );
  return parsed.data;
}

export function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

export function bearer(req: IncomingMessage): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/**
 * An invitation token sent as `Authorization: Bearer <token>` (the documents and minutes APIs). It is the signed token
 * a participant joins with, longer than a session token and not limited to its alphabet, hence its own pattern.
 */
export function invitationBearer(req: IncomingMessage): string | null {
  const match = /^Bearer (\S{10,4096})$/.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

export interface Credential {
  token: string;
  via: 'cookie' | 'bearer';
}

/** The session token a request carries; a bearer token wins (scripts, the desktop shell). */
export function credential(req: IncomingMessage): Credential | null {
  const token = bearer(req);
  if (token) return { token, via: 'bearer' };
  const cookie = cookies(req).get(SESSION_COOKIE);
  return cookie && /^[A-Za-z0-9_-]{20,200}$/.test(cookie) ? { token: cookie, via: 'cookie' } : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state change authorised by the cookie must come from this site's own page: the SameSite=Strict cookie is not
 * sent cross-site, a cross-site form cannot add the custom header, and a cross-site fetch that adds it needs a CORS
 * preflight that this server never grants. The Origin, when sent, must be this host.
 */
export function checkCsrf(req: IncomingMessage, via: Credential['via'] | null): void {
  if (SAFE_METHODS.has(req.method ?? 'GET') || via === 'bearer') return;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== req.headers.host) throw new AppFailure('forbidden', 'cross-site request refused', 'csrf');
  }
  if (req.headers['sec-fetch-site'] === 'cross-site' || req.headers[CSRF_HEADER] !== '1') {
    throw new AppFailure('forbidden', `cross-site request refused (send ${CSRF_HEADER}: 1)`, 'csrf');
  }
}

export function setSessionCookie(res: ServerResponse, token: string, expiresAt: string): void {
  const maxAge = Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
  res.setHeader(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Strict`,
  );
}

export function clearSessionCookie(res: ServerResponse): void {
  res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`);
}

/** The client's address for lockout; the proxy's X-Forwarded-For only when the operator says it is trusted. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')[0]
      ?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
