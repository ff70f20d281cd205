// Where signed records are filed: one interface, one small module per target (embedded, webdav, edxml). Filing is
// idempotent by key — the same key never produces a second copy — so a queue can retry after any failure, even one
// where it cannot tell whether the target stored the document.
import { createHash } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { ReceiverStatus } from '../../common/minutesView.ts';

export interface ArchiveSigner {
  name: string;
  position: string | null;
  /** Thẩm quyền ký, e.g. "Chủ trì", "Thư ký". */
  competence: string;
}

/** What document systems index a record by (the header of a Decree 30 document). */
export interface ArchiveMetadata {
  /** Trích yếu: the record's summary, e.g. the meeting's name. */
  subject: string;
  /** Tên loại văn bản, e.g. "Biên bản". */
  documentType: string;
  number: string;
  notation: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  place: string;
  agency: string;
  parentAgency: string | null;
  /** Mã định danh of the issuing agency on the interconnection axis. */
  agencyCode: string | null;
  signers: ArchiveSigner[];
  pages: number;
  /** Nơi nhận as the record lists them (edXML ToPlaces); absent: the receivers' names. */
  recipients?: string[];
  /** Our ids, for tracing back. */
  minutesId: string;
  meetingId: string;
  /** What this filing does to a document filed before (update, replace, recall); absent: a new document. */
  business?: ArchiveBusiness;
}

/** A follow-up to an earlier filing: the archive's id of that filing, what is done to it, and why. */
export interface ArchiveBusiness {
  kind: 'update' | 'replace' | 'recall';
  /** The archive's id of the original (FilingReceipt.id; for edXML its DocumentId). */
  originalId: string;
  reason: string | null;
}

interface AttachmentInfo {
  /** File name as filed, e.g. "01-bao-cao-thang-11.pdf". */
  name: string;
  contentType: string;
  /** What it is, e.g. "Tài liệu họp: Báo cáo tháng 11". */
  description: string;
}

/** A small file filed with the record (an agenda document), in memory: kept beside it and checked by its hash. */
export interface BytesAttachment extends AttachmentInfo {
  data: Buffer;
}

/**
 * A file filed with the record that stays on disk (a meeting's recording: gigabytes for a long briefing). Every
 * archive streams it from `path` and hashes it as it streams; a file that does not hash to `sha256` is refused.
 */
export interface FileAttachment extends AttachmentInfo {
  path: string;
  sha256: string;
  size: number;
}

export type ArchiveAttachment = BytesAttachment | FileAttachment;

export interface ArchiveDocument {
  pdf: Buffer;
  meta: ArchiveMetadata;
  /** Files filed with the record, in order; none by default. */
  attachments?: ArchiveAttachment[];
}

/** A status a receiving system reported for a filed document (edXML status messages), as the archive read it. */
export interface ArchiveStatusReport extends ReceiverStatus {
  /** The filed document's id in that archive (FilingReceipt.id). */
  documentId: string;
}

export interface FilingReceipt {
  /** The adapter that filed it: "embedded", "webdav", "edxml". */
  archive: string;
  /** The document's id or location in that archive. */
  id: string;
  idempotencyKey: string;
  sha256: string;
  filedAt: string;
  /** Version of this number/notation in archives that keep versions. */
  version?: number;
  /** A URL or path a person can open. */
  location?: string;
}

export interface DocumentArchive {
  readonly name: string;
  /**
   * Files the document under the key and resolves with a receipt once the target holds it (verified). Filing the
   * same key again returns the first receipt and stores nothing new. Throws AppFailure `archive_unavailable` for
   * failures worth retrying (target down, timeouts, 5xx) and `archive_rejected` for those that are not.
   */
  file(document: ArchiveDocument, idempotencyKey: string): Promise<FilingReceipt>;
  /** The receipt for a key if the target holds that document, else null. */
  status(idempotencyKey: string): Promise<FilingReceipt | null>;
  /**
   * For targets whose receivers report back (the edXML axis): starts reading their status messages and calls
   * `onReport` for each one, a message counting as read once that resolves; resolves with a function that stops
   * reading. Reading goes on past malformed messages.
   */
  watchStatuses?(onReport: (report: ArchiveStatusReport) => Promise<void>): Promise<() => Promise<void>>;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** "01-bao-cao-thang-11.pdf": a file-name-safe name for an attachment, numbered to keep the record's order. */
export function attachmentFileName(index: number, name: string): string {
  const dot = name.lastIndexOf('.');
  const extension =
    dot > 0
      ? name
          .slice(dot + 1)
          .replace(/[^A-Za-z0-9]/g, '')
          .slice(0, 8)
      : '';
  const base = slug(dot > 0 ? name.slice(0, dot) : name) || 'tep';
  return `${String(index + 1).padStart(2, '0')}-${base}${extension ? `.${extension.toLowerCase()}` : ''}`;
}

/** "15/BB-VPB". */
export function numberNotation(meta: Pick<ArchiveMetadata, 'number' | 'notation'>): string {
  return `${meta.number}/${meta.notation}`;
}

/** A file-name-safe ASCII slug: Vietnamese letters lose their marks, đ becomes d. */
export function slug(text: string): string {
  return foldVietnamese(text)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Lowercase without diacritics, for search that finds "Hội nghị" when typing "hoi nghi". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

export const unavailable = (detail: string): AppFailure => new AppFailure('archive_unavailable', detail);
export const rejected = (detail: string): AppFailure => new AppFailure('archive_rejected', detail);

export function isRetryable(error: unknown): boolean {
  return !(error instanceof AppFailure && error.code === 'archive_rejected');
}
