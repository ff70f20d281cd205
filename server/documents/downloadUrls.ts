// Short-lived signed download URLs: what pdf.js (or an <a download>) can fetch without an Authorization header.
// The signature covers the document version, the participant it was issued to, the invitation they joined with and
// the expiry; it is an HMAC with the server's token secret under its own label, so it can never be mistaken for an
// invitation token. Whoever serves the URL checks that the invitation is still active (revoked: the URL is dead).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';

export interface DownloadGrant {
  documentId: string;
  version: number;
  participantId: string;
  /** The invitation the participant joined with. */
  invitationId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export const DOWNLOAD_URL_TTL_SECONDS = 10 * 60;

function signature(secret: string, grant: DownloadGrant): string {
  const message = [
    'phonghop-document-download',
    grant.documentId,
    grant.version,
    grant.participantId,
    grant.invitationId,
    grant.exp,
  ];
  return createHmac('sha256', secret).update(message.join('\n')).digest('base64url');
}

export function documentPath(documentId: string, version: number): string {
  return `/api/documents/${encodeURIComponent(documentId)}/versions/${version}/file`;
}

export function signedDownloadUrl(secret: string, grant: DownloadGrant): string {
  const query = new URLSearchParams({
    p: grant.participantId,
    i: grant.invitationId,
    exp: String(grant.exp),
    sig: signature(secret, grant),
  });
  return `${documentPath(grant.documentId, grant.version)}?${query}`;
}

/** Checks a signed URL's query for this document version; returns who it was issued to (and under which invitation). */
export function verifyDownload(
  secret: string,
  documentId: string,
  version: number,
  query: URLSearchParams,
  now = Date.now(),
): DownloadGrant {
  const participantId = query.get('p');
  const invitationId = query.get('i');
  const exp = Number(query.get('exp'));
  const given = query.get('sig');
  if (!participantId || !invitationId || !given || !Number.isSafeInteger(exp)) {
    throw new AppFailure('unauthorized', 'a download needs an Authorization header or a signed URL');
  }
  const grant = { documentId, version, participantId, invitationId, exp };
  const expected = Buffer.from(signature(secret, grant));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AppFailure('token_invalid', 'the download link is not valid');
  }
  if (exp * 1000 <= now) throw new AppFailure('token_expired', 'the download link has expired');
  return grant;
}
