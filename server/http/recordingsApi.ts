// HTTP API for meeting recordings:
//   GET /api/recordings/<id>/file?p=&i=&exp=&sig=           the file, with a signed URL from `recordingUrl` (in the room)
//   GET /api/meetings/<id>/recordings                        the meeting's recordings (signed-in person who sees it)
//   GET /api/meetings/<id>/recordings/<recordingId>/file     the file, for that person (history)
// Files are served with Range requests, so the player seeks (by chapter) without fetching what lies before.
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import { can } from '../../common/permissions.ts';
import { recordingFileName, type RecordingInfo } from '../../common/recording.ts';
import { checkInvitationActive } from '../meetings/invitations.ts';
import { verifyRecordingUrl } from '../recording/recordingUrls.ts';
import type { Services } from '../services.ts';
import { signedIn } from './authApi.ts';
import { sendRange } from './ranges.ts';
import { sendFailure, sendJson } from './respond.ts';

function readyRecording(services: Services, recordingId: string, meetingId?: string): RecordingInfo {
  const recording = services.recordings.store.get(recordingId);
  if (!recording || (meetingId !== undefined && recording.meetingId !== meetingId)) {
    throw new AppFailure('not_found', `no recording ${recordingId}`);
  }
  if (recording.status !== 'ready') throw new AppFailure('not_found', `recording ${recordingId} is not ready yet`);
  return recording;
}

function bySignedUrl(services: Services, recordingId: string, query: URLSearchParams): RecordingInfo {
  const grant = verifyRecordingUrl(services.tokenSecret, recordingId, query);
  const recording = readyRecording(services, recordingId);
  const participant = services.meetings.participant(recording.meetingId, grant.participantId);
  if (!participant || !can(participant.role, 'recording.view')) {
    throw new AppFailure('unauthorized', 'the link was issued to someone who may not watch this recording');
  }
  checkInvitationActive(services.meetings, { ...grant, meetingId: recording.meetingId });
  return recording;
}

function visibleMeeting(req: IncomingMessage, services: Services, meetingId: string): void {
  const { user } = signedIn(req, services);
  if (!services.office.planner.row(meetingId)) throw new AppFailure('meeting_not_found', `no meeting ${meetingId}`);
  if (!services.office.planner.canSee(meetingId, user)) throw new AppFailure('forbidden', 'not your meeting', 'role');
}

async function sendRecording(req: IncomingMessage, res: ServerResponse, services: Services, recording: RecordingInfo) {
  const path = services.recordings.fileOf(recording);
  const size = await stat(path).then(
    (s) => s.size,
    () => -1,
  );
  if (size < 0) throw new AppFailure('not_found', `the file of recording ${recording.id} is missing`);
  const headers: Record<string, string> = {
    'content-type': recording.contentType,
    'x-content-type-options': 'nosniff',
    'content-disposition': `inline; filename="${recordingFileName(recording.startedAt)}"`,
    'cache-control': 'private, max-age=3600',
    'cross-origin-resource-policy': 'same-site',
    'referrer-policy': 'no-referrer',
    'accept-ranges': 'bytes',
    etag: `"${recording.sha256 ?? recording.id}"`,
  };
  sendRange(req, res, path, size, headers);
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
  const signed = /^\/api\/recordings\/([^/]{1,100})\/file$/.exec(url.pathname);
  if (signed) {
    const recording = bySignedUrl(services, decodeURIComponent(signed[1]!), url.searchParams);
    return sendRecording(req, res, services, recording);
  }
  const office = /^\/api\/meetings\/([^/]{1,100})\/recordings(?:\/([^/]{1,100})\/file)?$/.exec(url.pathname);
  if (office) {
    const meetingId = decodeURIComponent(office[1]!);
    visibleMeeting(req, services, meetingId);
    if (!office[2]) return sendJson(res, 200, { recordings: services.recordings.list(meetingId) });
    return sendRecording(req, res, services, readyRecording(services, decodeURIComponent(office[2]), meetingId));
  }
  throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
}

/** Handles /api/recordings/… and /api/meetings/<id>/recordings…; returns false for other paths. */
export function handleRecordingsApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  const mine =
    url.pathname.startsWith('/api/recordings/') || /^\/api\/meetings\/[^/]+\/recordings(\/|$)/.test(url.pathname);
  if (!mine) return false;
  route(req, res, services, url).catch((error: unknown) =>
    sendFailure(res, error, `[recordings] ${req.method} ${url.pathname}`),
  );
  return true;
}
