// Rendered exports waiting to be downloaded: an export is made over the signalling connection (with progress
// notifications), kept here for a few minutes, and fetched over HTTP with a short-lived signed URL that a plain
// <a download> can follow (no Authorization header needed). The signature covers the export, the participant it
// was made for and the expiry, under its own label so that it is never mistaken for another kind of token. Each
// participant's exports are held apart: exporting again and again pushes out only one's own.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { MinutesExportFormat } from '../../common/minutesView.ts';

export const EXPORT_TTL_SECONDS = 10 * 60;
/** Exports held for one participant of one meeting; their oldest goes first. */
export const MAX_HELD_PER_PARTICIPANT = 3;
/** Exports held at once; beyond it, the oldest of whoever holds the most goes. */
const MAX_HELD = 64;

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

const holder = (file: Pick<ExportedFile, 'meetingId' | 'participantId'>) => `${file.meetingId}\n${file.participantId}`;

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
    const mine = [...this.#held.values()].filter((f) => holder(f) === holder(held));
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_HELD_PER_PARTICIPANT))) this.#held.delete(old.id);
    while (this.#held.size > MAX_HELD) this.#held.delete(this.#oldestOfBusiest());
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

  /** Forgets an export (one sent at once over HTTP need not wait in memory for a second download). */
  drop(id: string): void {
    this.#held.delete(id);
  }

  #oldestOfBusiest(): string {
    const counts = new Map<string, number>();
    for (const f of this.#held.values()) counts.set(holder(f), (counts.get(holder(f)) ?? 0) + 1);
    const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    return [...this.#held.values()].find((f) => holder(f) === busiest)!.id;
  }

  #sweep(now: number): void {
    for (const [id, file] of this.#held) if (file.exp * 1000 <= now) this.#held.delete(id);
  }
}
