// Errors as values on the client side: the server's codes plus the few that only the client can observe
// (a request timing out, the socket being down, a camera refusing to open), each mapped to a UI string.
import { ERROR_CODES, isAppError, type ErrorCode } from '../../common/errors.ts';
import type { MessageKey } from '../i18n/vi.ts';

export const CLIENT_ONLY_CODES = ['timeout', 'disconnected', 'device', 'network', 'unsupported'] as const;
export type ClientErrorCode = ErrorCode | (typeof CLIENT_ONLY_CODES)[number];

export const ALL_CLIENT_ERROR_CODES: readonly ClientErrorCode[] = [...ERROR_CODES, ...CLIENT_ONLY_CODES];

export class ClientError extends Error {
  readonly code: ClientErrorCode;
  constructor(code: ClientErrorCode, detail: string) {
    super(detail);
    this.name = 'ClientError';
    this.code = code;
  }

  /** Wraps anything thrown (a server error value, a DOMException, a plain Error) into a ClientError. */
  static from(value: unknown, fallback: ClientErrorCode = 'internal'): ClientError {
    if (value instanceof ClientError) return value;
    if (isAppError(value)) return new ClientError(value.code, value.detail);
    if (value instanceof Error) return new ClientError(fallback, `${value.name}: ${value.message}`);
    return new ClientError(fallback, String(value));
  }
}

/** Codes after which retrying the same invite cannot succeed: the user needs a new link. */
export const FATAL_JOIN_CODES: readonly ClientErrorCode[] = [
  'token_expired',
  'token_invalid',
  'meeting_not_found',
  'unauthorized',
  'forbidden',
];

/** Codes that mean the invitation link itself is unusable. */
export const LINK_ERRORS: readonly ClientErrorCode[] = ['token_expired', 'token_invalid', 'meeting_not_found'];

export function errorMessageKey(code: ClientErrorCode): MessageKey {
  return `error.${code}`;
}

export function errorPageTitleKey(code: ClientErrorCode): MessageKey {
  switch (code) {
    case 'token_expired':
    case 'token_invalid':
    case 'meeting_not_found':
      return `errorPage.${code}`;
    default:
      return 'errorPage.generic';
  }
}
