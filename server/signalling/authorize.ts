// Authorisation at the edge, for every request: a joined session, a role allowed by the permission table
// (common/permissions.ts), and for requests people might flood (raising hands, chat, stats, knocking) a tighter
// rate limit of their own on top of the connection's general one.
import { AppFailure } from '../../common/errors.ts';
import { can } from '../../common/permissions.ts';
import { REQUEST_ACTIONS } from '../../common/requestActions.ts';
import type { RequestName } from '../../common/protocol.ts';
import { touch } from '../live/presence.ts';
import { joined, sessionSlot, type HandlerMap, type Session } from './context.ts';
import type { Services } from '../services.ts';
import { RateLimiter } from './RateLimiter.ts';

/** Requests sharing a bucket, and the bucket's sustained rate per second and burst. */
const LIMITS: Partial<Record<RequestName, { bucket: string; rate: number; burst: number }>> = {
  raiseHand: { bucket: 'hand', rate: 0.5, burst: 3 },
  lowerHand: { bucket: 'hand', rate: 0.5, burst: 3 },
  requestUnmute: { bucket: 'unmute', rate: 0.2, burst: 2 },
  sendChat: { bucket: 'chat', rate: 1, burst: 5 },
  reportStats: { bucket: 'stats', rate: 1, burst: 3 },
  knock: { bucket: 'knock', rate: 0.2, burst: 3 },
  createGuestLink: { bucket: 'links', rate: 0.5, burst: 5 },
  // Rendering a record costs CPU: a few in a row, then one every few seconds.
  minutesExport: { bucket: 'export', rate: 0.3, burst: 4 },
  minutesComment: { bucket: 'comment', rate: 1, burst: 5 },
};

/** The connection's buckets, by name: made as the connection first sends a limited request. */
const BUCKETS = sessionSlot('rate buckets', () => new Map<string, RateLimiter>());

function limit(session: Session, name: RequestName): void {
  const rule = LIMITS[name];
  if (!rule) return;
  const mine = session.get(BUCKETS);
  let limiter = mine.get(rule.bucket);
  if (!limiter) mine.set(rule.bucket, (limiter = new RateLimiter(rule.rate, rule.burst)));
  if (!limiter.take()) throw new AppFailure('rate_limited', `too many ${name} requests; wait a moment`);
}

export function authorize(session: Session, name: RequestName, services: Services): void {
  const action = REQUEST_ACTIONS[name];
  if (action !== 'public') {
    const { peer, room } = joined(session);
    const role = peer.participant.role;
    if (!can(role, action)) throw new AppFailure('forbidden', `the ${role} role may not ${name}`, 'role');
    const live = services.live.peek(room.meeting.id);
    if (live) touch(live, peer.id);
  }
  limit(session, name);
}

type AnyHandler = (session: Session, payload: unknown, services: Services) => Promise<unknown>;

/** Wraps every handler with the authorisation check, so that no handler can forget it. */
export function authorized(handlers: HandlerMap): HandlerMap {
  const wrapped: Partial<Record<RequestName, AnyHandler>> = {};
  for (const name of Object.keys(handlers) as RequestName[]) {
    const handler = handlers[name] as AnyHandler;
    wrapped[name] = async (session, payload, services) => {
      authorize(session, name, services);
      return handler(session, payload, services);
    };
  }
  return wrapped as unknown as HandlerMap;
}
