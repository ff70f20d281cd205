// Errors are values at the edges: a stable code the UI translates, plus an English detail for logs.
export const ERROR_CODES = [
  'invalid_message',
  'too_large',
  'unknown_request',
  'rate_limited',
  'unauthorized',
  'token_expired',
  'token_invalid',
  'meeting_not_found',
  'forbidden',
  'not_joined',
  'already_joined',
  'not_found',
  'media_error',
  'internal',
  // minutes and filing (issue 5)
  'minutes_invalid_transition',
  'minutes_incomplete',
  'minutes_locked',
  'signing_failed',
  'signature_invalid',
  'archive_unavailable',
  'archive_rejected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  detail: string;
}

/** Thrown inside server handlers; converted to an `Ack` error at the edge. */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail: string) {
    super(detail);
    this.code = code;
  }
  toValue(): AppError {
    return { code: this.code, detail: this.message };
  }
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as AppError).code)
  );
}
