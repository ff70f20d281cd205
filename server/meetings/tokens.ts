// Invitation tokens: an HMAC-SHA256 signed claim of (meeting, participant, role, expiry, invitation). Nothing in a
// token is trusted until its signature and expiry are checked here; the invitation id is then checked against the
// database (invitations.ts), which is what makes a link revocable.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { MEETING_ROLES, type MeetingRole } from '../../common/roles.ts';
import { AppFailure } from '../../common/errors.ts';

export interface TokenClaims {
  meetingId: string;
  participantId: string;
  role: MeetingRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The invitation row this token stands for; required by the server to join (revocation). */
  invitationId?: string;
  /** A guest link admits nobody by itself: it lets a person knock at the waiting room. */
  guestLink?: boolean;
}

const claimsSchema = z
  .object({
    m: z.string().min(1).max(100),
    p: z.string().min(1).max(100),
    r: z.enum(MEETING_ROLES),
    exp: z.number().int().positive(),
    i: z.string().min(1).max(100).optional(),
    g: z.literal(1).optional(),
  })
  .strict();

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function issueToken(secret: string, claims: TokenClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      m: claims.meetingId,
      p: claims.participantId,
      r: claims.role,
      exp: claims.exp,
      ...(claims.invitationId ? { i: claims.invitationId } : {}),
      ...(claims.guestLink ? { g: 1 } : {}),
    }),
  ).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function verifyToken(secret: string, token: string, now = Date.now()): TokenClaims {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw new AppFailure('token_invalid', 'malformed token');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppFailure('token_invalid', 'bad token signature');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new AppFailure('token_invalid', 'token body is not JSON');
  }
  const claims = claimsSchema.safeParse(parsed);
  if (!claims.success) throw new AppFailure('token_invalid', 'token claims do not match the schema');
  if (claims.data.exp * 1000 <= now) throw new AppFailure('token_expired', 'token has expired');
  const { m, p, r, exp, i, g } = claims.data;
  return {
    meetingId: m,
    participantId: p,
    role: r,
    exp,
    ...(i ? { invitationId: i } : {}),
    ...(g ? { guestLink: true } : {}),
  };
}
