// Errors as values on the client side: the server's codes plus the few that only the client can observe
// (a request timing out, the socket being down, a camera refusing to open), each mapped to a UI string.
import { ERROR_CODES, isAppError, type ErrorCode, type ErrorReason } from '../../common/errors.ts';
import type { MessageKey } from '../i18n/vi.ts';

export const CLIENT_ONLY_CODES = [
  'timeout',
  'disconnected',
  'device',
  'network',
  'unsupported',
  // The server ended our part in the meeting (told by a notification, not an error response).
  'removed',
  'meeting_ended',
] as const;
export type ClientErrorCode = ErrorCode | (typeof CLIENT_ONLY_CODES)[number];

export const ALL_CLIENT_ERROR_CODES: readonly ClientErrorCode[] = [...ERROR_CODES, ...CLIENT_ONLY_CODES];

export class ClientError extends Error {
  readonly code: ClientErrorCode;
  /** The server's finer reason, when it gave one (e.g. `forbidden` because `muted_by_chair`). */
  readonly reason: ErrorReason | undefined;
  constructor(code: ClientErrorCode, detail: string, reason?: ErrorReason) {
    super(detail);
    this.name = 'ClientError';
    this.code = code;
    this.reason = reason;
  }

  /** Wraps anything thrown (a server error value, a DOMException, a plain Error) into a ClientError. */
  static from(value: unknown, fallback: ClientErrorCode = 'internal'): ClientError {
    if (value instanceof ClientError) return value;
    if (isAppError(value)) return new ClientError(value.code, value.detail, value.reason);
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

/** Reasons worth a message of their own; any other reason falls back to its code's message. */
const REASON_MESSAGES: Partial<Record<ErrorReason, MessageKey>> = {
  muted_by_chair: 'reason.muted_by_chair',
  share_not_allowed: 'reason.share_not_allowed',
  recording_forbidden: 'reason.recording_forbidden',
  recording_not_allowed: 'reason.recording_not_allowed',
  disk_low: 'reason.disk_low',
  recorder_missing: 'reason.recorder_missing',
  disk_full: 'reason.disk_full',
};

/** The message for an error: its reason's when there is one, else its code's. */
export function messageKeyFor(error: Pick<ClientError, 'code' | 'reason'>): MessageKey {
  return (error.reason && REASON_MESSAGES[error.reason]) || errorMessageKey(error.code);
}

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
    case 'removed':
    case 'meeting_ended':
      return `errorPage.${code}`;
    default:
      return 'errorPage.generic';
  }
}
