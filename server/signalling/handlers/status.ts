// The connection status board and its inputs: clients report WebRTC stats; the chair and secretary read the board,
// attendance (roll call) and the audit log.
import { reportNetwork, statusBoard } from '../../live/presence.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext } from '../meetingContext.ts';

export const statusHandlers: Pick<HandlerMap, 'reportStats' | 'statusBoard' | 'attendance' | 'auditLog'> = {
  async reportStats(session, stats, services) {
    const ctx = meetingContext(session, services);
    return { quality: reportNetwork(ctx.live, ctx.peer, stats) };
  },

  async statusBoard(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return { entries: statusBoard(ctx.live, ctx.meeting()) };
  },

  async attendance(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return { records: services.meetings.attendance.records(ctx.meetingId, ctx.meeting().participants) };
  },

  async auditLog(session, { limit }, services) {
    const ctx = meetingContext(session, services);
    return { entries: services.meetings.audit.list(ctx.meetingId, limit ?? 200) };
  },
};
