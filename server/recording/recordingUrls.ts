// Short-lived signed URLs for playing a recording in the meeting (a <video> element cannot send an Authorization
// header): an HMAC over the recording, the participant, the invitation they joined with and the expiry, under a
// label of its own so that it can never pass for an invitation token or a document link.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';

export interface RecordingGrant {
  recordingId: string;
  participantId: string;
  invitationId: string;
  /** Seconds since the epoch. */
  exp: number;
}

/** Long enough to watch a long meeting through: the player fetches ranges as it plays. */
export const RECORDING_URL_TTL_SECONDS = 6 * 3600;

function signature(secret: string, grant: RecordingGrant): string {
  const message = ['phonghop-recording', grant.recordingId, grant.participantId, grant.invitationId, grant.exp];
  return createHmac('sha256', secret).update(message.join('\n')).digest('base64url');
}

export function recordingPath(recordingId: string): string {
  return `/api/recordings/${encodeURIComponent(recordingId)}/file`;
}

export function signedRecordingUrl(secret: string, grant: RecordingGrant): string {
  const query = new URLSearchParams({
    p: grant.participantId,
    i: grant.invitationId,
    exp: String(grant.exp),
    sig: signature(secret, grant),
  });
  return `${recordingPath(grant.recordingId)}?${query}`;
}

export function verifyRecordingUrl(
  secret: string,
  recordingId: string,
  query: URLSearchParams,
  now = Date.now(),
): RecordingGrant {
  const participantId = query.get('p');
  const invitationId = query.get('i');
  const exp = Number(query.get('exp'));
  const given = query.get('sig');
  if (!participantId || !invitationId || !given || !Number.isSafeInteger(exp)) {
    throw new AppFailure('unauthorized', 'a recording is fetched with a signed URL or by a signed-in person');
  }
  const grant = { recordingId, participantId, invitationId, exp };
  const expected = Buffer.from(signature(secret, grant));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AppFailure('token_invalid', 'the recording link is not valid');
  }
  if (exp * 1000 <= now) throw new AppFailure('token_expired', 'the recording link has expired');
  return grant;
}
