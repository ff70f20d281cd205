// Sign-in and the session, over HTTP:
//   GET  /api/setup                 whether the server still needs its first-run setup (SetupStatus)
//   POST /api/setup                 the one-time setup link's form: the agency and the first administrator
//   POST /api/login                 username + password (local, else the directory) → session cookie
//   GET  /api/session | /api/me     who is signed in
//   POST /api/session/resume        (Authorization: Bearer) the desktop shell's kept session back into the cookie
//   POST /api/logout | /api/logout-all | /api/me/password
//   GET  /api/events                Server-Sent Events for the home page
// The session lives in an HttpOnly, Secure, SameSite=Strict cookie; scripts and the desktop shell may ask for the
// token (`bearer: true`) and send it as `Authorization: Bearer`. Every state change made with the cookie passes
// the CSRF rule (request.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import {
  changePasswordSchema,
  setupSchema,
  signInSchema,
  type Me,
  type SessionInfo,
  type SetupStatus,
} from '../../common/office.ts';
import { authenticate } from '../auth/ldap.ts';
import type { Services } from '../services.ts';
import type { User } from '../storage/AccountStore.ts';
import { sendFailure, sendJson } from './respond.ts';
import { checkCsrf, clearSessionCookie, clientAddress, credential, readJson, setSessionCookie } from './request.ts';

export function toMe(services: Services, user: User): Me {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    agencyRole: user.agencyRole,
    unitCode: user.unitCode,
    unitName: user.unitCode ? (services.office.agency.unit(user.unitCode)?.name ?? null) : null,
    email: user.email,
    source: user.source,
  };
}

export interface SignedIn {
  user: User;
  token: string;
}

/** The signed-in person behind a request (and the CSRF rule for state changes); 401 when nobody. */
export function signedIn(req: IncomingMessage, services: Services): SignedIn {
  const cred = credential(req);
  if (!cred) throw new AppFailure('unauthorized', 'sign in first');
  const user = services.accounts.session(cred.token);
  checkCsrf(req, cred.via);
  return { user, token: cred.token };
}

function sessionInfo(services: Services, user: User, expiresAt: string): SessionInfo {
  const agency = services.office.agency.agency() ?? { name: '', code: '', parent: '' };
  return { user: toMe(services, user), agency, expiresAt };
}

async function login(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  checkCsrf(req, null);
  const { username, password, bearer } = await readJson(req, signInSchema);
  const address = clientAddress(req, services.config.trustProxy);
  const wait = services.office.lockout.waitMs(username, address);
  if (wait > 0) {
    const retryAfterSeconds = Math.ceil(wait / 1000);
    res.setHeader('retry-after', String(retryAfterSeconds));
    throw new AppFailure('rate_limited', 'too many wrong passwords; try again later', 'locked_out', {
      retryAfterSeconds,
    });
  }
  let user = await services.accounts.verify(username, password);
  if (!user && services.ldap) {
    const known = services.accounts.byUsername(username);
    if (!known || known.source === 'ldap') {
      const entry = await authenticate(services.ldap, username, password);
      if (entry) user = await services.accounts.directoryAccount(entry);
    }
  }
  if (!user) {
    services.office.lockout.failed(username, address);
    throw new AppFailure('unauthorized', 'wrong username or password');
  }
  if (user.disabled) throw new AppFailure('forbidden', 'this account is disabled', 'account_disabled');
  services.office.lockout.succeeded(username);
  const session = services.accounts.openSession(user.id);
  setSessionCookie(res, session.token, session.expiresAt);
  const info = sessionInfo(services, session.user, session.expiresAt);
  sendJson(res, 200, bearer ? { ...info, token: session.token } : info);
}

async function setup(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  checkCsrf(req, null);
  const body = await readJson(req, setupSchema);
  // The password is hashed before the transaction (scrypt is asynchronous); the account is written inside it.
  const created = await services.office.agency.completeSetupAsync(body.token, body.agency, () =>
    services.accounts.createUser({
      username: body.admin.username,
      displayName: body.admin.displayName,
      password: body.admin.password,
      agencyRole: 'admin',
      email: body.admin.email ?? null,
    }),
  );
  services.office.agency.audit({ id: `user:${created.id}`, name: created.displayName }, 'setup', body.agency.name);
  const session = services.accounts.openSession(created.id);
  setSessionCookie(res, session.token, session.expiresAt);
  sendJson(res, 201, sessionInfo(services, session.user, session.expiresAt));
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/api/setup' && method === 'GET') {
    const agency = services.office.agency.agency();
    return sendJson(res, 200, { needsSetup: agency === null, agency } satisfies SetupStatus);
  }
  if (path === '/api/setup' && method === 'POST') return setup(req, res, services);
  if (path === '/api/login' && method === 'POST') return login(req, res, services);
  if (path === '/api/session/resume' && method === 'POST') {
    // The desktop shell keeps the session token in the OS keychain (secure-storage bridge) and, on a new start,
    // turns it back into this page's cookie: only with the token itself, as a bearer credential.
    const cred = credential(req);
    if (cred?.via !== 'bearer') throw new AppFailure('unauthorized', 'send the session token as a bearer credential');
    const user = services.accounts.session(cred.token);
    const expiresAt = services.accounts.sessionExpiry(cred.token);
    setSessionCookie(res, cred.token, expiresAt);
    return sendJson(res, 200, sessionInfo(services, user, expiresAt));
  }
  const { user, token } = signedIn(req, services);
  if ((path === '/api/session' || path === '/api/me') && method === 'GET') {
    const expiresAt = services.accounts.sessionExpiry(token);
    return sendJson(res, 200, path === '/api/me' ? toMe(services, user) : sessionInfo(services, user, expiresAt));
  }
  if (path === '/api/logout' && method === 'POST') {
    services.accounts.logout(token);
    clearSessionCookie(res);
    return sendJson(res, 204);
  }
  if (path === '/api/logout-all' && method === 'POST') {
    services.accounts.logoutAll(user.id);
    services.office.events.disconnect(user.id);
    clearSessionCookie(res);
    return sendJson(res, 204);
  }
  if (path === '/api/me/password' && method === 'POST') {
    if (user.source !== 'local') {
      throw new AppFailure('forbidden', 'change this password in the agency directory', 'directory_account');
    }
    const { current, next } = await readJson(req, changePasswordSchema);
    if (!(await services.accounts.verify(user.username, current))) {
      throw new AppFailure('unauthorized', 'the current password is wrong');
    }
    await services.accounts.setPassword(user.id, next);
    // Every other session ended with the old password; this one goes on with a new session.
    const session = services.accounts.openSession(user.id);
    setSessionCookie(res, session.token, session.expiresAt);
    services.office.agency.audit({ id: `user:${user.id}`, name: user.displayName }, 'changePassword', user.username);
    return sendJson(res, 200, sessionInfo(services, session.user, session.expiresAt));
  }
  if (path === '/api/events' && method === 'GET') return services.office.events.subscribe(user.id, res);
  throw new AppFailure('not_found', `no API at ${method} ${path}`);
}

const PATHS = new Set([
  '/api/setup',
  '/api/login',
  '/api/session',
  '/api/session/resume',
  '/api/me',
  '/api/logout',
  '/api/logout-all',
  '/api/me/password',
  '/api/events',
]);

/** Handles sign-in and session requests; returns false for paths that are not its own. */
export function handleAuthApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (!PATHS.has(path)) return false;
  route(req, res, services, path).catch((error: unknown) => sendFailure(res, error, `[auth] ${req.method} ${path}`));
  return true;
}
