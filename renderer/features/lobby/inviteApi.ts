// GET /api/invite: what the invitation token stands for, before any socket is opened.
// Types only from the protocol module: importing its values would bundle its zod schemas into the renderer.
import type { MeetingRole } from '../../../common/roles.ts';
import type { MeetingInfo } from '../../../common/meetingInfo.ts';
import { ClientError, type ClientErrorCode } from '../../app/clientErrors.ts';
import { isAppError } from '../../../common/errors.ts';

export interface Invite {
  token: string;
  meeting: MeetingInfo;
  name: string;
  role: MeetingRole;
  connectionPoint: string | null;
  /** A guest link: it names nobody; the lobby asks for a name and the guest knocks at the waiting room. */
  waitingRoom?: true;
  /** What the meeting's SFU router offers, to load the media device while the lobby is shown (checked at join). */
  routerRtpCapabilities?: Record<string, unknown>;
}

/** Every role once; a role added to the protocol without a label here is a type error. */
const KNOWN_ROLES: Record<MeetingRole, true> = { chair: true, secretary: true, delegate: true, guest: true };

export type InviteResult = { ok: true; invite: Invite } | { ok: false; code: ClientErrorCode };

function isMeetingInfo(value: unknown): value is MeetingInfo {
  const m = value as MeetingInfo | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.title === 'string' &&
    typeof m.startsAt === 'string' &&
    typeof m.place === 'string'
  );
}

/** Validates the response body; the server is trusted, but a proxy's error page is not an invite. */
export function parseInvite(token: string, body: unknown): Invite | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (b['waitingRoom'] === true && isMeetingInfo(b['meeting'])) {
    return { token, meeting: b['meeting'], name: '', role: 'guest', connectionPoint: null, waitingRoom: true };
  }
  if (!isMeetingInfo(b['meeting']) || typeof b['name'] !== 'string') return null;
  const role = b['role'];
  if (typeof role !== 'string' || !Object.hasOwn(KNOWN_ROLES, role)) return null;
  const point = b['connectionPoint'];
  const caps = b['routerRtpCapabilities'];
  return {
    token,
    meeting: b['meeting'],
    name: b['name'],
    role: role as MeetingRole,
    connectionPoint: typeof point === 'string' && point.trim() !== '' ? point : null,
    ...(typeof caps === 'object' && caps !== null ? { routerRtpCapabilities: caps as Record<string, unknown> } : {}),
  };
}

export function tokenFromLocation(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

export async function fetchInvite(token: string): Promise<InviteResult> {
  let response: Response;
  try {
    response = await fetch(`/api/invite?token=${encodeURIComponent(token)}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
  } catch (error) {
    console.warn('[phonghop] invite request failed', error);
    return { ok: false, code: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: unknown } | null)?.error;
    if (isAppError(error)) return { ok: false, code: error.code };
    return { ok: false, code: response.status === 404 ? 'meeting_not_found' : 'internal' };
  }
  const invite = parseInvite(token, body);
  if (!invite) {
    console.warn('[phonghop] malformed invite response', new ClientError('invalid_message', JSON.stringify(body)));
    return { ok: false, code: 'invalid_message' };
  }
  return { ok: true, invite };
}
