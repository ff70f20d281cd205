// Rendered exports waiting to be downloaded: an export is made over the signalling connection (with progress
// notifications), kept here for a few minutes, and fetched over HTTP with a short-lived signed URL that a plain
// <a download> can follow (no Authorization header needed). The signature covers the export, the participant it
// was made for and the expiry, under its own label so that it is never mistaken for another kind of token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { MinutesExportFormat } from '../../common/minutesView.ts';

export const EXPORT_TTL_SECONDS = 10 * 60;
/** Exports held at once; the oldest goes first. */
const MAX_HELD = 32;

export interface ExportedFile {
  id: string;
  meetingId: string;
  participantId: string;
  format: MinutesExportFormat;
  fileName: string;
  contentType: string;
  data: Buffer;
  sha256: string;
  /** Seconds since the epoch. */
  exp: number;
}

export const CONTENT_TYPES: Record<MinutesExportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function signature(secret: string, id: string, participantId: string, exp: number): string {
  return createHmac('sha256', secret)
    .update(['phonghop-minutes-export', id, participantId, exp].join('\n'))
    .digest('base64url');
}

export function exportPath(id: string): string {
  return `/api/minutes/exports/${encodeURIComponent(id)}`;
}

export class ExportCache {
  readonly #secret: string;
  readonly #held = new Map<string, ExportedFile>();

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** An id for the next export, so that its progress can be reported before it exists. */
  newId(): string {
    return randomBytes(12).toString('base64url');
  }

  put(file: Omit<ExportedFile, 'exp'>, now = Date.now()): { file: ExportedFile; url: string } {
    this.#sweep(now);
    const id = file.id;
    const exp = Math.floor(now / 1000) + EXPORT_TTL_SECONDS;
    const held: ExportedFile = { ...file, id, exp };
    this.#held.set(id, held);
    while (this.#held.size > MAX_HELD) this.#held.delete(this.#held.keys().next().value!);
    const query = new URLSearchParams({
      p: file.participantId,
      exp: String(exp),
      sig: signature(this.#secret, id, file.participantId, exp),
    });
    return { file: held, url: `${exportPath(id)}?${query}` };
  }

  /** The export a signed URL names, after checking its signature and expiry. */
  take(id: string, query: URLSearchParams, now = Date.now()): ExportedFile {
    const participantId = query.get('p');
    const exp = Number(query.get('exp'));
    const given = query.get('sig');
    if (!participantId || !given || !Number.isSafeInteger(exp)) {
      throw new AppFailure('unauthorized', 'an export download needs its signed URL');
    }
    const expected = Buffer.from(signature(this.#secret, id, participantId, exp));
    const actual = Buffer.from(given);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new AppFailure('token_invalid', 'the download link is not valid');
    }
    if (exp * 1000 <= now) throw new AppFailure('token_expired', 'the download link has expired');
    const file = this.#held.get(id);
    if (!file || file.participantId !== participantId)
      throw new AppFailure('not_found', 'the export is gone; export again');
    return file;
  }

  #sweep(now: number): void {
    for (const [id, file] of this.#held) if (file.exp * 1000 <= now) this.#held.delete(id);
  }
}
