// HTTP API for accounts and scheduling: sign in and out (bearer session tokens), administrators create users,
// signed-in users schedule meetings, issue and revoke invitation links, make guest links. Errors are typed values.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  createUserSchema,
  guestLinkSchema,
  issueInvitationsSchema,
  loginSchema,
  MAX_API_BODY_BYTES,
  scheduleMeetingSchema,
  type IssuedInvitation,
  type MeetingDetails,
} from '../../common/api.ts';
import { AppFailure } from '../../common/errors.ts';
import { expel } from '../live/moderation.ts';
import { guestLinkToken, participantToken } from '../meetings/invitations.ts';
import type { Meeting } from '../meetings/MeetingStore.ts';
import { meetingFromRequest } from '../meetings/schedule.ts';
import type { Services } from '../services.ts';
import { sendFailure, sendJson } from './respond.ts';
import { RateLimiter } from '../signalling/RateLimiter.ts';
import type { User } from '../storage/AccountStore.ts';

async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_API_BODY_BYTES)
      throw new AppFailure('too_large', `request body exceeds ${MAX_API_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
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

function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  if (!match) throw new AppFailure('unauthorized', 'sign in first (Authorization: Bearer <token>)');
  return match[1]!;
}

const publicUser = (u: User) => ({ id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin });

function details(meeting: Meeting): MeetingDetails {
  return {
    id: meeting.id,
    title: meeting.title,
    startsAt: meeting.startsAt,
    place: meeting.place,
    participants: meeting.participants.map(({ id, name, role, connectionPoint }) => ({
      id,
      name,
      role,
      connectionPoint,
    })),
    agenda: meeting.agenda,
    locked: meeting.locked,
    endedAt: meeting.endedAt,
  };
}

/** Only an administrator or the person who scheduled the meeting manages it. */
function managedMeeting(services: Services, user: User, meetingId: string): Meeting {
  const meeting = services.meetings.get(meetingId);
  if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
  if (!user.isAdmin && meeting.createdBy !== user.id) throw new AppFailure('forbidden', 'not your meeting', 'role');
  return meeting;
}

// Password guessing is slowed per client address; the map is bounded so that it cannot grow without end.
const loginLimiters = new Map<string, RateLimiter>();
function loginAllowed(req: IncomingMessage): boolean {
  const key = req.socket.remoteAddress ?? 'unknown';
  let limiter = loginLimiters.get(key);
  if (!limiter) {
    if (loginLimiters.size > 10_000) loginLimiters.clear();
    loginLimiters.set(key, (limiter = new RateLimiter(0.2, 5)));
  }
  return limiter.take();
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/api/login' && method === 'POST') {
    if (!loginAllowed(req)) throw new AppFailure('rate_limited', 'too many sign-in attempts; wait a minute');
    const { username, password } = await readJson(req, loginSchema);
    const result = await services.accounts.login(username, password);
    if (!result) throw new AppFailure('unauthorized', 'wrong username or password');
    return sendJson(res, 200, { token: result.token, expiresAt: result.expiresAt, user: publicUser(result.user) });
  }
  const token = bearer(req);
  const user = services.accounts.session(token);
  if (path === '/api/logout' && method === 'POST') {
    services.accounts.logout(token);
    return sendJson(res, 204);
  }
  if (path === '/api/me' && method === 'GET') return sendJson(res, 200, publicUser(user));
  if (path === '/api/users') {
    if (!user.isAdmin) throw new AppFailure('forbidden', 'administrators only', 'role');
    if (method === 'GET') return sendJson(res, 200, { users: services.accounts.listUsers().map(publicUser) });
    if (method === 'POST') {
      const body = await readJson(req, createUserSchema);
      return sendJson(res, 201, publicUser(await services.accounts.createUser(body)));
    }
  }
  if (path === '/api/meetings') {
    if (method === 'GET')
      return sendJson(res, 200, { meetings: services.meetings.list(user.isAdmin ? undefined : user.id) });
    if (method === 'POST') {
      const body = await readJson(req, scheduleMeetingSchema);
      return sendJson(res, 201, details(services.meetings.add(meetingFromRequest(body, user.id))));
    }
  }
  const meetingPath = /^\/api\/meetings\/([^/]{1,100})(\/.*)?$/.exec(path);
  if (meetingPath) {
    const meeting = managedMeeting(services, user, decodeURIComponent(meetingPath[1]!));
    const rest = meetingPath[2] ?? '';
    if (rest === '' && method === 'GET') return sendJson(res, 200, details(meeting));
    if (rest === '/invitations' && method === 'POST') {
      const body = await readJson(req, issueInvitationsSchema);
      const expiresAt = new Date(Date.now() + (body.ttlHours ?? 7 * 24) * 3600_000);
      const wanted = body.participantIds ? new Set(body.participantIds) : null;
      const issued: IssuedInvitation[] = meeting.participants
        .filter((p) => (wanted ? wanted.has(p.id) : p.role !== 'guest'))
        .map((p) => {
          const { token, invitation } = participantToken(
            services.tokenSecret,
            services.meetings,
            meeting.id,
            p,
            expiresAt,
          );
          return {
            participantId: p.id,
            name: p.name,
            role: p.role,
            connectionPoint: p.connectionPoint,
            invitationId: invitation.id,
            url: `${services.config.publicUrl}/join?token=${token}`,
            expiresAt: invitation.expiresAt,
          };
        });
      return sendJson(res, 201, { invitations: issued });
    }
    if (rest === '/guest-links' && method === 'POST') {
      const { ttlMinutes } = await readJson(req, guestLinkSchema);
      const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
      const { token } = guestLinkToken(services.tokenSecret, services.meetings, meeting.id, expiresAt);
      return sendJson(res, 201, {
        url: `${services.config.publicUrl}/join?token=${token}`,
        expiresAt: expiresAt.toISOString(),
      });
    }
    const revoke = /^\/invitations\/([^/]{1,100})\/revoke$/.exec(rest);
    if (revoke && method === 'POST') {
      const participantId = decodeURIComponent(revoke[1]!);
      if (!meeting.participants.some((p) => p.id === participantId)) {
        throw new AppFailure('not_found', `no participant ${participantId} in this meeting`);
      }
      const revoked = services.meetings.invitations.revokeParticipant(meeting.id, participantId);
      const live = services.live.peek(meeting.id);
      const peer = live?.peer(participantId);
      if (live && peer) expel(services, live, peer, 'invitation_revoked');
      services.meetings.audit.append(
        meeting.id,
        { id: `user:${user.id}`, name: user.displayName },
        'revokeInvitation',
        participantId,
        { revoked },
      );
      return sendJson(res, 200, { revoked });
    }
  }
  throw new AppFailure('not_found', `no API at ${method} ${path}`);
}

const PREFIXES = ['/api/login', '/api/logout', '/api/me', '/api/users', '/api/meetings'];

/** Handles the accounts and scheduling API; returns false for paths that are not its own. */
export function handleAccountsApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (!PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return false;
  route(req, res, services, path).catch((error: unknown) => sendFailure(res, error, `[api] ${req.method} ${path}`));
  return true;
}
