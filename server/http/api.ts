// The small HTTP API beside socket.io: health, and what an invitation link is for (checked before the lobby shows).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import { resolveGuestLink, resolveInvitation } from '../meetings/invitations.ts';
import { verifyToken } from '../meetings/tokens.ts';
import type { Services } from '../services.ts';
import type { WorkerPool } from '../sfu/WorkerPool.ts';
import { sendFailure, sendJson } from './respond.ts';

export const VERSION = '0.1.0';

export function handleApi(req: IncomingMessage, res: ServerResponse, services: Services, pool: WorkerPool): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/healthz') {
    sendJson(res, 200, { status: 'ok', version: VERSION, sfuWorkers: pool.size, rooms: services.rooms.count });
    return true;
  }
  if (url.pathname === '/api/invite' && req.method === 'GET') {
    try {
      const token = url.searchParams.get('token');
      if (!token) throw new AppFailure('invalid_message', 'token is required');
      if (verifyToken(services.tokenSecret, token).guestLink) {
        // A guest link names nobody: the lobby asks for a name and knocks at the waiting room.
        const { meeting } = resolveGuestLink(services.meetings, services.tokenSecret, token);
        sendJson(res, 200, {
          meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, place: meeting.place },
          waitingRoom: true,
          locked: meeting.locked,
        });
        return true;
      }
      const { meeting, participant } = resolveInvitation(services.meetings, services.tokenSecret, token);
      sendJson(res, 200, {
        meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, place: meeting.place },
        name: participant.name,
        role: participant.role,
        connectionPoint: participant.connectionPoint,
        // The same as the meeting's router will offer at join: the lobby prepares the media stack meanwhile.
        routerRtpCapabilities: pool.routerRtpCapabilities,
      });
    } catch (error) {
      sendFailure(res, error, `[api] GET ${url.pathname}`);
    }
    return true;
  }
  if (url.pathname.startsWith('/api/')) {
    sendJson(res, 404, { error: { code: 'not_found', detail: `no API at ${url.pathname}` } });
    return true;
  }
  return false;
}
