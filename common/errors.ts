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
  // minutes and filing
  'minutes_invalid_transition',
  'minutes_incomplete',
  'minutes_locked',
  'signing_failed',
  'signature_invalid',
  'archive_unavailable',
  'archive_rejected',
  // a service beyond the server (mail, directory) cannot be reached; the action around it still stands
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why, more precisely than the code: a UI may show a specific message per reason and fall back to the code's.
 * Reasons refine codes (e.g. `forbidden` + `meeting_locked`) so that clients that know only the codes keep working.
 */
export const ERROR_REASONS = [
  'role',
  'meeting_locked',
  'meeting_ended',
  'invitation_revoked',
  'use_waiting_room',
  'not_a_guest_link',
  'muted_by_chair',
  'vote_already_open',
  'vote_closed',
  'already_voted',
  'chat_too_long',
  'chat_empty',
  'agenda_end',
  'not_in_queue',
  'not_waiting',
  // Agenda documents. An upload refused: `invalid_message` + not_a_pdf | pdf_empty | pdf_truncated |
  // pdf_damaged | pdf_unreadable; `too_large` + document_too_large | too_many_pages. `params` has the numbers.
  'not_a_pdf',
  'pdf_empty',
  'pdf_truncated',
  'pdf_damaged',
  'pdf_unreadable',
  'document_too_large',
  'too_many_pages',
  'sync_update_too_large',
  'awareness_too_large',
  'not_presenter',
  'private_layer',
  // Annotation sync. `forbidden` + not_your_mark: a mark is changed or deleted by someone other than its author (the
  // chair or presenter only clear), or added in someone else's name (`params.markId`); `invalid_message` +
  // sync_out_of_order: the update builds on one the server lacks (send that first); `too_large` +
  // sync_document_full: the document reached its stored size limit (`params.maxBytes`); deleting still works.
  'not_your_mark',
  'sync_out_of_order',
  'sync_document_full',
  // Minutes. `forbidden` + not_minutes_editor: the caller is not among the record's editors;
  // `signing_failed` + no_signing_identity | signing_password: no identity to sign with, or its password is wrong.
  'not_minutes_editor',
  'no_signing_identity',
  'signing_password',
  // Signing certificates and signers. `signing_failed` + signing_needs_account (only a signed-in account registers
  // and signs), certificate_not_registered (the certificate is not one the signer's account registered),
  // certificate_untrusted | certificate_expired | certificate_key_usage | certificate_revoked (refused before
  // signing), revocation_unavailable (no OCSP/CRL answer: nothing is signed), timestamp_unavailable (the TSA did not
  // answer), signature_mismatch (the signer's answer does not verify with the registered certificate),
  // signing_expired (the prepared signature waited too long or was replaced), pkcs12_no_mac (a PKCS#12 without
  // integrity MAC); token_pin_incorrect | token_pin_locked | token_removed (the desktop's token).
  'signing_needs_account',
  'certificate_not_registered',
  'certificate_untrusted',
  'certificate_expired',
  'certificate_key_usage',
  'certificate_revoked',
  'revocation_unavailable',
  'timestamp_unavailable',
  'signature_mismatch',
  'signing_expired',
  'pkcs12_no_mac',
  'token_pin_incorrect',
  'token_pin_locked',
  'token_removed',
  // The office: `forbidden` + csrf (a cross-site state change), account_disabled; `rate_limited` + locked_out (too
  // many wrong passwords: `params.retryAfterSeconds`); `forbidden` + directory_account (change it in the directory).
  'csrf',
  'account_disabled',
  'locked_out',
  'directory_account',
  // The waiting room: `rate_limited` + waiting_room_full (`params.max`) or too_many_knocks (from one address, with
  // one guest link, or too fast).
  'waiting_room_full',
  'too_many_knocks',
  // A PKCS#12 asking for more key-derivation iterations than accepted (`invalid_message`, `params.max`).
  'pkcs12_iterations',
  // Screen sharing: `forbidden` + share_not_allowed (the meeting's policy keeps connection points from sharing);
  // `forbidden` + not_sharing (producing a screen without holding the share). Recording: `forbidden` +
  // recording_forbidden (this meeting is never recorded) or recording_not_allowed (the secretary without the chair's
  // leave); `invalid_message` + recording_running | not_recording; `unavailable` + disk_low (less free space than
  // `params.minBytes`) or recorder_missing (ffmpeg is not installed on the server).
  'share_not_allowed',
  'not_sharing',
  'recording_forbidden',
  'recording_not_allowed',
  'recording_running',
  'not_recording',
  'disk_low',
  'recorder_missing',
  // `unavailable` + disk_full: the server's disk is full, so nothing of the request was saved (server/errors.ts).
  'disk_full',
  // A filed record's follow-ups (update, replace, recall): `minutes_invalid_transition` + not_filed (not filed yet),
  // follow_up_pending (a package still waits in the queue) or recalled; `archive_rejected` + follow_up_archive (the
  // archive takes no follow-ups).
  'not_filed',
  'follow_up_pending',
  'recalled',
  'follow_up_archive',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

export interface AppError {
  code: ErrorCode;
  detail: string;
  reason?: ErrorReason;
  /** Values a translated message may quote (a limit, a count, a file type), e.g. `{ pages: 812, maxPages: 500 }`. */
  params?: Record<string, string | number>;
}

/** Thrown inside server handlers; converted to an `Ack` error at the edge. */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly reason: ErrorReason | undefined;
  readonly params: Record<string, string | number> | undefined;
  constructor(code: ErrorCode, detail: string, reason?: ErrorReason, params?: Record<string, string | number>) {
    super(detail);
    this.code = code;
    this.reason = reason;
    this.params = params;
  }
  toValue(): AppError {
    const value: AppError = this.reason
      ? { code: this.code, detail: this.message, reason: this.reason }
      : { code: this.code, detail: this.message };
    if (this.params) value.params = this.params;
    return value;
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
