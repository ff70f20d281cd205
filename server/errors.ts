// How the server turns a thrown value into the typed error a client is answered with, over signalling and HTTP alike.
// A known failure (AppFailure, with its code) is answered as it is; anything else is a fault of ours, answered as
// `internal` with a generic message, its details kept for the log — unless it is a full disk, which is said plainly
// (`unavailable` + disk_full) since only the administrator can help. Failures of mediasoup become `media_error` where
// they happen, at the room's guarded call (server/rooms/Room.ts), not here by guessing from an error's class.
import { AppFailure, type AppError } from '../common/errors.ts';

/** What a client is told of a failure that is not a known one: nothing of its details. */
export const INTERNAL_ERROR: AppError = Object.freeze({ code: 'internal', detail: 'unexpected failure' });

/** Whether `error` is a known failure with a code, rather than a fault to log. */
export function isKnownFailure(error: unknown): error is AppFailure {
  return error instanceof AppFailure;
}

/** The disk is full: nothing of the request was saved, and only the administrator can help. Said plainly. */
export const DISK_FULL_ERROR: AppError = Object.freeze({
  code: 'unavailable',
  reason: 'disk_full',
  detail: "the server's disk is full: nothing was saved; the administrator must free space",
});

/** A write refused for want of space (ENOSPC, a quota's EDQUOT, SQLite's SQLITE_FULL), or caused by one. */
export function isDiskFull(error: unknown): boolean {
  let cause = error;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

export function toAppError(error: unknown): AppError {
  if (isKnownFailure(error)) return error.toValue();
  return isDiskFull(error) ? { ...DISK_FULL_ERROR } : { ...INTERNAL_ERROR };
}
