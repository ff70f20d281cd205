// Exports for download: the record (or one of its saved versions) rendered as PDF or DOCX, with progress, and held
// in the export cache behind a short-lived signed URL. A read: the PDF of a final or signed record is the stored one,
// anything else is rendered from the content and stored nowhere but the cache; a meeting without a record exports
// the draft it would start with. Rendering costs CPU: each participant of a meeting has an allowance of exports,
// whichever route asks (signalling or HTTP).
import { readFileSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import { KeyedRateLimiter } from '../rateLimits.ts';
import { isEditable, type Minutes } from '../../common/minutes.ts';
import type { MinutesExportFormat, MinutesExportProgress, MinutesExportResponse } from '../../common/minutesView.ts';
import { slug } from '../archive/DocumentArchive.ts';
import { sha256Hex, type BlobStore } from '../documents/BlobStore.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import { exportMinutesDocx } from './exportDocx.ts';
import { exportMinutesPdf } from './exportPdf.ts';
import { CONTENT_TYPES, type ExportCache } from './exports.ts';
import type { MinutesRecords } from './records.ts';

/** "bien-ban-15-BB-VPB.pdf"; a draft "bien-ban-du-thao-2026-11-23.pdf"; a version gets "-v3". */
export function exportFileName(minutes: Minutes, format: MinutesExportFormat, version?: number): string {
  const h = minutes.header;
  const base =
    h.number && !isEditable(minutes.lifecycle.state)
      ? `bien-ban-${slug(`${h.number}-${h.notation}`)}`
      : `bien-ban-du-thao-${h.date || 'khong-ngay'}`;
  return `${base}${version ? `-v${version}` : ''}.${format}`;
}

export interface MinutesExporterOptions {
  records: MinutesRecords;
  blobs: BlobStore;
  cache: ExportCache;
  fontDir?: string;
}

export class MinutesExporter {
  /** Exports a participant may make in a row; then one every INTERVAL_S seconds. */
  static readonly BURST = 4;
  static readonly INTERVAL_S = 5;
  readonly #o: MinutesExporterOptions;
  readonly #allowance = new KeyedRateLimiter(1 / MinutesExporter.INTERVAL_S, MinutesExporter.BURST);

  constructor(options: MinutesExporterOptions) {
    this.#o = options;
  }

  async export(
    meetingId: string,
    participant: Pick<Participant, 'id'>,
    format: MinutesExportFormat,
    versionNumber: number | undefined,
    onProgress: (progress: MinutesExportProgress) => void,
  ): Promise<MinutesExportResponse> {
    const { records, blobs, cache } = this.#o;
    if (!this.#allowance.take(`${meetingId}\n${participant.id}`)) {
      throw new AppFailure(
        'rate_limited',
        `too many exports of the minutes; wait ${MinutesExporter.INTERVAL_S} seconds and export again`,
      );
    }
    const { record, stored } = records.read(meetingId);
    let minutes = records.minutes(record, stored);
    let storedPdf = record.pdfSha256;
    if (versionNumber !== undefined) {
      const version = stored ? records.store.version(record.id, versionNumber) : undefined;
      if (!version) throw new AppFailure('not_found', `the minutes have no version ${versionNumber}`);
      minutes = { ...minutes, ...version.content, lifecycle: { ...minutes.lifecycle, state: version.state } };
      storedPdf = version.pdfSha256;
    }
    const id = cache.newId();
    const progress = (phase: MinutesExportProgress['phase'], done: number, total: number) =>
      onProgress({ exportId: id, format, phase, done, total });
    let data: Buffer;
    if (format === 'pdf' && storedPdf && blobs.has(storedPdf)) {
      data = readFileSync(blobs.path(storedPdf));
    } else if (format === 'pdf') {
      data = (
        await exportMinutesPdf(minutes, {
          onProgress: (p) => progress(p.phase, p.done, p.total),
          ...(this.#o.fontDir ? { fontDir: this.#o.fontDir } : {}),
        })
      ).pdf;
    } else {
      data = await exportMinutesDocx(minutes, { onProgress: (p) => progress(p.phase, p.done, p.total) });
    }
    const { file, url } = cache.put({
      id,
      meetingId,
      participantId: participant.id,
      format,
      fileName: exportFileName(minutes, format, versionNumber),
      contentType: CONTENT_TYPES[format],
      data,
      sha256: sha256Hex(data),
    });
    progress('done', 1, 1);
    return {
      exportId: id,
      url,
      fileName: file.fileName,
      sha256: file.sha256,
      size: data.byteLength,
      expiresAt: new Date(file.exp * 1000).toISOString(),
    };
  }
}
