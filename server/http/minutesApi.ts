// HTTP API of the minutes, for what fits HTTP better than the signalling connection: binary downloads. Authorised
// by the participant's invitation token (`Authorization: Bearer <token>`), or, for an
// export made over signalling (`minutesExport`), by its short-lived signed URL:
//   GET  /api/minutes/exports/<id>?p=&exp=&sig=     an export, as an attachment
//   GET  /api/minutes/current.pdf | current.docx     the record now (a final record: its stored, signed PDF)
//   GET  /api/minutes/versions/<n>.pdf | .docx      a saved version
//   GET  /api/minutes/identity                       the caller's signing certificate (null when none)
// The server takes no signing keys: certificates are registered by signed-in accounts (signingApi.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import type { MinutesExportFormat } from '../../common/minutesView.ts';
import { can } from '../../common/permissions.ts';
import type { Services } from '../services.ts';
import { invitationCaller } from './invitationCaller.ts';
import { sendFailure, sendJson } from './respond.ts';

function sendFile(res: ServerResponse, file: { data: Buffer; fileName: string; contentType: string; sha256: string }) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.data.byteLength),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    etag: `"${file.sha256}"`,
  });
  res.end(file.data);
}

async function download(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  format: MinutesExportFormat,
  version?: number,
) {
  const { meeting, participant } = invitationCaller(req, services);
  if (!can(participant.role, 'minutes.export')) {
    throw new AppFailure('forbidden', `the ${participant.role} role may not download the minutes`, 'role');
  }
  const made = await services.minutes.export(meeting.id, participant, format, version, () => {});
  sendFile(res, services.minutes.exports.take(made.exportId, new URL(made.url, 'http://local').searchParams));
  services.minutes.exports.drop(made.exportId);
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const exported = /^\/api\/minutes\/exports\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
  if (exported && method === 'GET') {
    const file = services.minutes.exports.take(exported[1]!, url.searchParams);
    // The link dies with the participant's invitations (revoked, or a guest removed), whatever its own expiry says.
    if (!services.meetings.invitations.hasActive(file.meetingId, file.participantId)) {
      throw new AppFailure('unauthorized', 'the invitation this link was given under is revoked', 'invitation_revoked');
    }
    return sendFile(res, file);
  }
  const current = /^\/api\/minutes\/current\.(pdf|docx)$/.exec(url.pathname);
  if (current && method === 'GET') return download(req, res, services, current[1] as MinutesExportFormat);
  const version = /^\/api\/minutes\/versions\/(\d{1,6})\.(pdf|docx)$/.exec(url.pathname);
  if (version && method === 'GET') {
    return download(req, res, services, version[2] as MinutesExportFormat, Number(version[1]));
  }
  if (url.pathname === '/api/minutes/identity' && method === 'GET') {
    const { meeting, participant } = invitationCaller(req, services);
    return sendJson(res, 200, { identity: services.minutes.identities.info(meeting.id, participant) });
  }
  throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
}

/** Handles /api/minutes…; returns false for other paths. */
export function handleMinutesApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  if (!url.pathname.startsWith('/api/minutes/')) return false;
  route(req, res, services, url).catch((error: unknown) =>
    sendFailure(res, error, `[minutes] ${req.method} ${url.pathname}`),
  );
  return true;
}
