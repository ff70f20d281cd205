// How the server turns a thrown value into the typed error a client is answered with, over signalling and HTTP alike.
// A known failure (AppFailure, with its code) is answered as it is; anything else is a fault of ours, answered as
// `internal` with a generic message, its details kept for the log. Failures of mediasoup become `media_error` where
// they happen, at the room's guarded call (server/rooms/Room.ts), not here by guessing from an error's class.
import { AppFailure, type AppError } from '../common/errors.ts';

/** What a client is told of a failure that is not a known one: nothing of its details. */
export const INTERNAL_ERROR: AppError = Object.freeze({ code: 'internal', detail: 'unexpected failure' });

/** Whether `error` is a known failure with a code, rather than a fault to log. */
export function isKnownFailure(error: unknown): error is AppFailure {
  return error instanceof AppFailure;
}

export function toAppError(error: unknown): AppError {
  return isKnownFailure(error) ? error.toValue() : { ...INTERNAL_ERROR };
}
