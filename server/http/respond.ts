// What every HTTP API of the server answers with: JSON that is never cached, and one HTTP status per error code
// (the same code a socket request gets), so that each API does not decide it again.
import type { ServerResponse } from 'node:http';
import type { AppError, ErrorCode, ErrorReason } from '../../common/errors.ts';
import { toAppError } from '../errors.ts';
import { logger } from '../log.ts';

const log = logger('http');

const STATUS: Record<ErrorCode, number> = {
  invalid_message: 400,
  too_large: 413,
  unknown_request: 404,
  rate_limited: 429,
  unauthorized: 401,
  token_expired: 401,
  token_invalid: 401,
  meeting_not_found: 404,
  forbidden: 403,
  not_joined: 403,
  already_joined: 409,
  not_found: 404,
  media_error: 500,
  internal: 500,
  minutes_invalid_transition: 409,
  minutes_incomplete: 422,
  minutes_locked: 409,
  signing_failed: 422,
  signature_invalid: 422,
  archive_unavailable: 503,
  archive_rejected: 502,
  unavailable: 503,
};

/** Reasons that change the status of their code: a file that is not a usable PDF, a link that was revoked. */
const REASON_STATUS: Partial<Record<ErrorReason, number>> = {
  not_a_pdf: 422,
  pdf_empty: 422,
  pdf_truncated: 422,
  pdf_damaged: 422,
  pdf_unreadable: 422,
  // The token is genuine; its holder is known and refused.
  invitation_revoked: 403,
};

export function httpStatus(error: Pick<AppError, 'code' | 'reason'>): number {
  return (error.reason && REASON_STATUS[error.reason]) || STATUS[error.code];
}

export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/**
 * A request that failed: a refusal goes back as `{ error }` with its status; anything unexpected is logged (with
 * `where`, e.g. "[documents] POST /api/documents") and answered as a bare `internal` error, without its details.
 */
export function sendFailure(res: ServerResponse, failure: unknown, where: string): void {
  const error = toAppError(failure);
  if (error.code === 'media_error' || error.code === 'internal') {
    log.error(`${where} failed`, failure);
    sendJson(res, 500, { error: { code: 'internal', detail: 'unexpected failure' } });
  } else {
    sendJson(res, httpStatus(error), { error });
  }
}
