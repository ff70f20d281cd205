// The office's meetings over HTTP, for signed-in people (session cookie or bearer):
//   GET  /api/home | /api/history | /api/search?q= | /api/directory
//   POST /api/meetings                                    schedule (secretary, administrator)
//   GET | PUT /api/meetings/<id>                           detail / edit, reorder, reschedule
//   POST /api/meetings/<id>/cancel | /join                cancel / an invitation for my seat, then the lobby
//   POST /api/meetings/<id>/agenda/<item>/documents       an agenda PDF (raw body) through the document pipeline
//   GET  /api/meetings/<id>/invitation.ics | /record | /minutes.pdf
//   POST /api/meetings/<id>/invitations | /guest-links | /invitations/<participant>/revoke   (managers)
//   POST /api/meetings/<id>/invitations/<invitationId>/revoke-link   a guest link, by the id /guest-links gave
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { guestLinkSchema, issueInvitationsSchema, type IssuedInvitation } from '../../common/api.ts';
import { AppFailure } from '../../common/errors.ts';
import {
  meetingFormSchema,
  type AgendaDocument,
  type HomePage,
  type MeetingSummary,
  type SearchResponse,
} from '../../common/office.ts';
import { expel } from '../live/moderation.ts';
import { declineLink } from '../live/waitingRoom.ts';
import { guestLinkToken, participantToken } from '../meetings/invitations.ts';
import { mailInvitation, meetingIcs, type InvitationContext } from '../office/invitations.ts';
import type { Services } from '../services.ts';
import type { User } from '../storage/AccountStore.ts';
import { signedIn } from './authApi.ts';
import { sendFailure, sendJson } from './respond.ts';
import { readJson } from './request.ts';
import { withUploadedFile } from './uploadBody.ts';
import { logger } from '../log.ts';

const log = logger('office');

const byStart = (a: MeetingSummary, b: MeetingSummary) => a.startsAt.localeCompare(b.startsAt);

function mayPlan(user: User): void {
  if (user.agencyRole === 'member')
    throw new AppFailure('forbidden', 'only secretaries and administrators schedule', 'role');
}

function visible(services: Services, user: User, meetingId: string): void {
  if (!services.office.planner.row(meetingId)) throw new AppFailure('meeting_not_found', `no meeting ${meetingId}`);
  if (!services.office.planner.canSee(meetingId, user)) throw new AppFailure('forbidden', 'not your meeting', 'role');
}

/**
 * The record and its PDF: whoever sees the meeting, and the agency's văn thư for the records they sign for the agency
 * (waiting for that signature, or carrying it) though they have no seat in the meeting.
 */
async function readable(services: Services, user: User, meetingId: string): Promise<void> {
  const planner = services.office.planner;
  if (planner.row(meetingId) && !planner.canSee(meetingId, user)) {
    if (await services.minutes.agency.handles(meetingId, user)) return;
  }
  visible(services, user, meetingId);
}

function managed(services: Services, user: User, meetingId: string): void {
  visible(services, user, meetingId);
  if (!services.office.planner.canManage(meetingId, user))
    throw new AppFailure('forbidden', 'not yours to manage', 'role');
}

const actor = (user: User) => ({ id: `user:${user.id}`, name: user.displayName });

function invitationContext(services: Services): InvitationContext {
  return {
    accounts: services.accounts,
    publicUrl: services.config.publicUrl,
    agencyName: services.office.agency.agency()?.name ?? 'Phòng họp số',
    fromAddress: services.mailer?.from ?? `phonghop@${new URL(services.config.publicUrl).hostname}`,
  };
}

/** After a change: search, everyone's home, and (with SMTP) the invitation by e-mail, in the background. */
function afterChange(services: Services, user: User, meetingId: string): void {
  services.office.reindex(meetingId);
  services.office.changed(meetingId);
  const mailer = services.mailer;
  if (!mailer) return;
  const detail = services.office.detail(meetingId, user);
  const revision = services.office.planner.row(meetingId)?.revision ?? 0;
  mailInvitation(invitationContext(services), mailer, detail, revision)
    .then((sent) => services.meetings.audit.append(meetingId, actor(user), 'mailInvitation', null, sent))
    .catch((error: unknown) => {
      log.warn(`invitation mail for ${meetingId} not sent:`, error instanceof Error ? error.message : error);
      services.meetings.audit.append(meetingId, actor(user), 'mailInvitationFailed', null, String(error));
    });
}

async function home(services: Services, user: User): Promise<HomePage> {
  const all = services.office.planner.meetingIdsFor(user).map((id) => services.office.summary(id, user));
  const dayStart = new Date();
  dayStart.setHours(0, 0, 0, 0);
  const upcoming = all.filter(
    (m) => m.state === 'live' || (m.state === 'scheduled' && Date.parse(m.endsAt ?? m.startsAt) >= dayStart.getTime()),
  );
  const past = all.filter((m) => !upcoming.includes(m) && m.state !== 'cancelled');
  const page: HomePage = { upcoming: upcoming.sort(byStart), past: past.sort(byStart).reverse() };
  if (user.agencyRole !== 'secretary') return page;
  const waiting = await services.minutes.agency.awaiting();
  return { ...page, agencySigning: waiting.map((id) => services.office.summary(id, user)).sort(byStart) };
}

function history(services: Services, user: User) {
  const ids =
    user.agencyRole === 'admin' ? services.office.planner.allMeetingIds() : services.office.planner.meetingIdsFor(user);
  const meetings = ids.map((id) => services.office.summary(id, user)).filter((m) => m.state === 'ended');
  return { meetings: meetings.sort(byStart).reverse() };
}

function search(services: Services, user: User, query: string): SearchResponse {
  const q = query.trim().slice(0, 200);
  const hits = services.office.search.search(q, (id) => services.office.planner.canSee(id, user));
  return {
    query: q,
    results: hits.map((h) => {
      const row = services.office.planner.row(h.meetingId)!;
      return { ...h, meetingTitle: row.title, startsAt: row.starts_at };
    }),
  };
}

async function uploadDocument(
  req: IncomingMessage,
  services: Services,
  user: User,
  meetingId: string,
  itemId: string,
  query: URLSearchParams,
): Promise<AgendaDocument> {
  const fileName = query.get('fileName');
  if (!fileName) throw new AppFailure('invalid_message', 'fileName is required');
  const document = await withUploadedFile(req, services.documents, `user:${user.id}`, (file) =>
    services.documents.upload({
      meetingId,
      agendaItemId: itemId,
      documentId: query.get('documentId') ?? undefined,
      title: query.get('title') ?? undefined,
      fileName,
      file,
      uploader: { id: `user:${user.id}`, name: user.displayName, role: 'secretary' },
    }),
  );
  services.live.peek(meetingId)?.toAll('documentsChanged', { document });
  services.meetings.audit.append(meetingId, actor(user), 'uploadDocument', document.id, {
    version: document.versions.length,
    fileName,
  });
  services.office.changed(meetingId);
  const latest = document.versions[document.versions.length - 1]!;
  return { id: document.id, title: document.title, version: latest.version, pageCount: latest.pageCount };
}

function issueInvitations(
  services: Services,
  meetingId: string,
  ttlHours: number | undefined,
  ids: string[] | undefined,
): IssuedInvitation[] {
  const meeting = services.meetings.get(meetingId)!;
  const expiresAt = new Date(Date.now() + (ttlHours ?? 7 * 24) * 3600_000);
  const wanted = ids ? new Set(ids) : null;
  return meeting.participants
    .filter((p) => (wanted ? wanted.has(p.id) : p.role !== 'guest'))
    .map((p) => {
      const { token, invitation } = participantToken(services.tokenSecret, services.meetings, meeting.id, p, expiresAt);
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
}

/**
 * A guest link names nobody, so revoking participants never reaches it: it is revoked by its invitation id, and
 * whoever is still waiting with it is turned away. Admitted guests hold invitations of their own (revoked one by one).
 */
function revokeGuestLink(services: Services, user: User, meetingId: string, invitationId: string) {
  const invitation = services.meetings.invitations.get(invitationId);
  if (!invitation || invitation.meetingId !== meetingId) {
    throw new AppFailure('not_found', `no invitation ${invitationId} in this meeting`);
  }
  if (invitation.kind !== 'guest_link') {
    throw new AppFailure(
      'invalid_message',
      'this is a personal invitation: revoke it with POST /api/meetings/<id>/invitations/<participant>/revoke',
    );
  }
  const revoked = services.meetings.invitations.revoke(invitationId);
  const live = services.live.peek(meetingId);
  const declined = live ? declineLink(live, invitationId) : 0;
  services.meetings.audit.append(meetingId, actor(user), 'revokeGuestLink', invitationId, { revoked, declined });
  return { revoked, declined };
}

/**
 * The form changed whether the meeting may be recorded: a room in session hears of it as of the chair's change, and
 * a recording under way stops when it may no longer be recorded.
 */
async function recordingPolicyChanged(services: Services, meetingId: string): Promise<void> {
  const policy = services.recordings.policies.get(meetingId);
  services.live.peek(meetingId)?.toAll('mediaPolicyChanged', policy);
  if (!policy.recordingAllowed) await services.recordings.stopIfRunning(meetingId, 'stopped');
}

async function meetingRoute(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  user: User,
  id: string,
  rest: string,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const office = services.office;
  if (rest === '' && method === 'GET') {
    visible(services, user, id);
    return sendJson(res, 200, office.detail(id, user));
  }
  if (rest === '' && method === 'PUT') {
    managed(services, user, id);
    const form = await readJson(req, meetingFormSchema);
    office.planner.update(id, form);
    services.meetings.audit.append(id, actor(user), 'editMeeting');
    if (form.recordingAllowed !== undefined) await recordingPolicyChanged(services, id);
    afterChange(services, user, id);
    return sendJson(res, 200, office.detail(id, user));
  }
  if (rest === '/cancel' && method === 'POST') {
    managed(services, user, id);
    office.planner.cancel(id);
    services.meetings.audit.append(id, actor(user), 'cancelMeeting');
    afterChange(services, user, id);
    return sendJson(res, 200, office.detail(id, user));
  }
  if (rest === '/join' && method === 'POST') {
    visible(services, user, id);
    const state = office.state(id);
    if (state === 'cancelled') throw new AppFailure('forbidden', 'the meeting was cancelled', 'meeting_ended');
    if (state === 'ended') throw new AppFailure('forbidden', 'the meeting has ended', 'meeting_ended');
    const seat = office.planner.seatOf(id, user);
    const participant = seat && services.meetings.participant(id, seat.id);
    if (!participant) throw new AppFailure('forbidden', 'you are not invited to this meeting', 'role');
    const { token } = participantToken(
      services.tokenSecret,
      services.meetings,
      id,
      participant,
      new Date(Date.now() + 12 * 3600_000),
    );
    return sendJson(res, 200, { url: `/join?token=${token}` });
  }
  const doc = /^\/agenda\/([^/]{1,100})\/documents$/.exec(rest);
  if (doc && method === 'POST') {
    managed(services, user, id);
    return sendJson(
      res,
      201,
      await uploadDocument(req, services, user, id, decodeURIComponent(doc[1]!), url.searchParams),
    );
  }
  if (rest === '/invitation.ics' && method === 'GET') {
    visible(services, user, id);
    const ics = meetingIcs(invitationContext(services), office.detail(id, user), office.planner.row(id)!.revision);
    res.writeHead(200, {
      'content-type':
        'text/calendar; charset=utf-8; method=' + (office.state(id) === 'cancelled' ? 'CANCEL' : 'REQUEST'),
      'content-disposition': `attachment; filename="invitation.ics"`,
      'cache-control': 'no-store',
    });
    return void res.end(ics);
  }
  if (rest === '/record' && method === 'GET') {
    await readable(services, user, id);
    return sendJson(res, 200, office.record(id, user));
  }
  if (rest === '/minutes.pdf' && method === 'GET') {
    await readable(services, user, id);
    const row = services.meetings.db
      .prepare(`SELECT pdf_sha256 FROM minutes WHERE meeting_id = ? AND state IN ('signed', 'filed')`)
      .get(id) as { pdf_sha256: string | null } | undefined;
    if (!row?.pdf_sha256) throw new AppFailure('not_found', 'no signed minutes for this meeting');
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="bien-ban-${id.replace(/[^A-Za-z0-9-]/g, '_')}.pdf"`,
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
    });
    createReadStream(services.documents.blobs.path(row.pdf_sha256)).pipe(res);
    return;
  }
  if (rest === '/invitations' && method === 'POST') {
    managed(services, user, id);
    const body = await readJson(req, issueInvitationsSchema);
    return sendJson(res, 201, { invitations: issueInvitations(services, id, body.ttlHours, body.participantIds) });
  }
  if (rest === '/guest-links' && method === 'POST') {
    managed(services, user, id);
    const { ttlMinutes } = await readJson(req, guestLinkSchema);
    const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
    const { token, invitation } = guestLinkToken(services.tokenSecret, services.meetings, id, expiresAt);
    services.meetings.audit.append(id, actor(user), 'createGuestLink', invitation.id, {
      expiresAt: expiresAt.toISOString(),
    });
    return sendJson(res, 201, {
      url: `${services.config.publicUrl}/join?token=${token}`,
      expiresAt: expiresAt.toISOString(),
      invitationId: invitation.id,
    });
  }
  const revokeLink = /^\/invitations\/([^/]{1,100})\/revoke-link$/.exec(rest);
  if (revokeLink && method === 'POST') {
    managed(services, user, id);
    return sendJson(res, 200, revokeGuestLink(services, user, id, decodeURIComponent(revokeLink[1]!)));
  }
  const revoke = /^\/invitations\/([^/]{1,100})\/revoke$/.exec(rest);
  if (revoke && method === 'POST') {
    managed(services, user, id);
    const participantId = decodeURIComponent(revoke[1]!);
    if (!services.meetings.participant(id, participantId))
      throw new AppFailure('not_found', `no participant ${participantId} in this meeting`);
    const revoked = services.meetings.invitations.revokeParticipant(id, participantId);
    const live = services.live.peek(id);
    const peer = live?.peer(participantId);
    if (live && peer) expel(services, live, peer, 'invitation_revoked');
    services.meetings.audit.append(id, actor(user), 'revokeInvitation', participantId, { revoked });
    return sendJson(res, 200, { revoked });
  }
  throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services, url: URL): Promise<void> {
  const { user } = signedIn(req, services);
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (path === '/api/home' && method === 'GET') return sendJson(res, 200, await home(services, user));
  if (path === '/api/history' && method === 'GET') return sendJson(res, 200, history(services, user));
  if (path === '/api/search' && method === 'GET')
    return sendJson(res, 200, search(services, user, url.searchParams.get('q') ?? ''));
  if (path === '/api/directory' && method === 'GET') {
    mayPlan(user);
    const accounts = services.accounts.listUsers().filter((u) => !u.disabled);
    return sendJson(res, 200, {
      units: services.office.agency.units(false),
      accounts: accounts.map(({ id, username, displayName, unitCode, agencyRole }) => ({
        id,
        username,
        displayName,
        unitCode,
        agencyRole,
      })),
    });
  }
  if (path === '/api/meetings' && method === 'POST') {
    mayPlan(user);
    const id = services.office.planner.create(await readJson(req, meetingFormSchema), user);
    services.meetings.audit.append(id, actor(user), 'scheduleMeeting');
    afterChange(services, user, id);
    return sendJson(res, 201, services.office.detail(id, user));
  }
  const m = /^\/api\/meetings\/([^/]{1,100})(\/.*)?$/.exec(path);
  if (m) return meetingRoute(req, res, services, user, decodeURIComponent(m[1]!), m[2] ?? '', url);
  throw new AppFailure('not_found', `no API at ${method} ${path}`);
}

const PREFIXES = ['/api/home', '/api/history', '/api/search', '/api/directory', '/api/meetings'];

/** Handles the office's meeting API; returns false for paths that are not its own. */
export function handleOfficeApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  if (!PREFIXES.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return false;
  route(req, res, services, url).catch((error: unknown) => {
    const unreadBody = req.method !== 'GET' && !req.readableEnded;
    // A body refused before it was read (an upload over the limits): answer, then close rather than drain the rest.
    if (unreadBody) res.setHeader('connection', 'close');
    sendFailure(res, error, `[office] ${req.method} ${url.pathname}`);
    if (unreadBody) res.once('finish', () => req.destroy());
  });
  return true;
}
