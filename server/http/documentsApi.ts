// HTTP API for agenda documents, authorised by a participant's invitation token (`Authorization: Bearer <token>`,
// the token the participant joins with) or, for downloads, by a short-lived signed URL from `documentUrl`:
//   GET  /api/documents                                   the token's meeting's documents and the upload limits
//   POST /api/documents?agendaItemId=&fileName=[&title=][&documentId=]   body: the PDF (chair, secretary)
//   GET  /api/documents/<id>/versions/<n>/file            the PDF (Range requests for pdf.js)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import { can } from '../../common/permissions.ts';
import type { DocumentInfo, DocumentVersionInfo } from '../../common/documents.ts';
import type { Services } from '../services.ts';
import { verifyDownload } from '../documents/downloadUrls.ts';
import { checkInvitationActive } from '../meetings/invitations.ts';
import { invitationCaller } from './invitationCaller.ts';
import { invitationBearer } from './request.ts';
import { withUploadedFile } from './uploadBody.ts';
import { sendFailure, sendJson } from './respond.ts';
import { sendRange } from './ranges.ts';

async function upload(req: IncomingMessage, res: ServerResponse, services: Services, query: URLSearchParams) {
  const { meeting, participant } = invitationCaller(req, services);
  const agendaItemId = query.get('agendaItemId');
  const fileName = query.get('fileName');
  if (!agendaItemId || !fileName) throw new AppFailure('invalid_message', 'agendaItemId and fileName are required');
  // Checked before reading the body, so that a delegate's 50 MB upload is refused at once.
  if (!can(participant.role, 'document.manage')) {
    throw new AppFailure('forbidden', `the ${participant.role} role may not upload documents`, 'role');
  }
  const document = await withUploadedFile(
    req,
    services.documents,
    `participant:${meeting.id}/${participant.id}`,
    (file) =>
      services.documents.upload({
        meetingId: meeting.id,
        agendaItemId,
        documentId: query.get('documentId') ?? undefined,
        title: query.get('title') ?? undefined,
        fileName,
        file,
        uploader: { id: participant.id, name: participant.name, role: participant.role },
      }),
  );
  services.live.peek(meeting.id)?.toAll('documentsChanged', { document });
  services.meetings.audit.append(
    meeting.id,
    { id: participant.id, name: participant.name },
    'uploadDocument',
    document.id,
    { version: document.versions.length, fileName },
  );
  sendJson(res, 201, document);
}

/** The document version a download may fetch: the caller must be a participant of the document's meeting. */
function authorisedVersion(
  req: IncomingMessage,
  services: Services,
  documentId: string,
  versionNumber: number,
  query: URLSearchParams,
): { document: DocumentInfo; version: DocumentVersionInfo } {
  const document = services.documents.store.get(documentId);
  const notFound = new AppFailure('not_found', `no document ${documentId} version ${versionNumber}`);
  if (invitationBearer(req)) {
    const { meeting } = invitationCaller(req, services);
    if (!document || document.meetingId !== meeting.id) throw notFound;
  } else {
    const grant = verifyDownload(services.tokenSecret, documentId, versionNumber, query);
    if (!document) throw notFound;
    if (!services.meetings.participant(document.meetingId, grant.participantId)) {
      throw new AppFailure('unauthorized', 'the link was issued to someone no longer in the meeting');
    }
    // A revoked (or expired) invitation takes the links given under it along.
    checkInvitationActive(services.meetings, { ...grant, meetingId: document.meetingId });
  }
  const version = document.versions[versionNumber - 1];
  if (!version) throw notFound;
  return { document, version };
}

function asciiFallback(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
}

function download(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  match: RegExpExecArray,
  query: URLSearchParams,
) {
  const documentId = decodeURIComponent(match[1]!);
  const versionNumber = Number(match[2]);
  const { version } = authorisedVersion(req, services, documentId, versionNumber, query);
  const path = services.documents.blobs.path(version.sha256);
  const size = version.size;
  const etag = `"${version.sha256}"`;
  const headers: Record<string, string> = {
    'content-type': 'application/pdf',
    'x-content-type-options': 'nosniff',
    // Opened directly in a browser tab, the PDF is a sandboxed document: no scripts, no same-origin access.
    'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    'content-disposition': `inline; filename="${asciiFallback(version.fileName)}"; filename*=UTF-8''${encodeURIComponent(version.fileName)}`,
    'cache-control': 'private, max-age=31536000, immutable',
    'cross-origin-resource-policy': 'same-site',
    'referrer-policy': 'no-referrer',
    'accept-ranges': 'bytes',
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  sendRange(req, res, path, size, headers);
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/api/documents') {
    if (method === 'GET') {
      const { meeting } = invitationCaller(req, services);
      return sendJson(res, 200, { documents: services.documents.list(meeting.id), limits: services.documents.limits });
    }
    if (method === 'POST') return upload(req, res, services, url.searchParams);
  }
  const file = /^\/api\/documents\/([^/]{1,200})\/versions\/(\d{1,7})\/file$/.exec(url.pathname);
  if (file && (method === 'GET' || method === 'HEAD')) return download(req, res, services, file, url.searchParams);
  throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
}

/** Handles /api/documents…; returns false for other paths. */
export function handleDocumentsApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname !== '/api/documents' && !url.pathname.startsWith('/api/documents/')) return false;
  route(req, res, services, url).catch((error: unknown) => {
    const unreadBody = req.method === 'POST' && !req.readableEnded;
    // An upload refused before its body was read: answer, then close rather than drain what is left of it.
    if (unreadBody) res.setHeader('connection', 'close');
    sendFailure(res, error, `[documents] ${req.method} ${url.pathname}`);
    if (unreadBody) res.once('finish', () => req.destroy());
  });
  return true;
}
