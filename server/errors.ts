// How the server turns a thrown value into the typed error a client is answered with, over signalling and HTTP alike.
import { AppFailure, type AppError } from '../common/errors.ts';

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toValue();
  // mediasoup rejects bad parameters with TypeError; anything else from it is a media failure.
  if (error instanceof TypeError) return { code: 'invalid_message', detail: error.message };
  if (error instanceof Error) return { code: 'media_error', detail: error.message };
  return { code: 'internal', detail: 'unexpected failure' };
}
