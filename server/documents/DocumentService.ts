// Agenda documents: accepting an upload (who may, which agenda item, whether it is a PDF the clients can open),
// storing it by SHA-256 with a new version, listing, and resolving what a download may fetch. HTTP and signalling
// handlers are thin layers over this.
import type { DocumentInfo, DocumentLimits, DocumentVersionInfo } from '../../common/documents.ts';
import { AppFailure } from '../../common/errors.ts';
import { can } from '../../common/permissions.ts';
import type { MeetingRole } from '../../common/roles.ts';
import type { MeetingStore } from '../meetings/MeetingStore.ts';
import { BlobStore } from './BlobStore.ts';
import { DocumentStore } from './DocumentStore.ts';
import { DOWNLOAD_URL_TTL_SECONDS, signedDownloadUrl } from './downloadUrls.ts';
import { inspectPdf } from './inspectPdf.ts';
import type { ReceivedFile } from './receiveUpload.ts';
import { ConcurrencySlots } from '../rateLimits.ts';
import { readFile } from 'node:fs/promises';

/** Uploads in flight at once on the server, and per uploader (a participant, or an office account). */
export const UPLOADS_PER_SERVER = 4;
export const UPLOADS_PER_UPLOADER = 2;

export interface Uploader {
  id: string;
  name: string;
  role: MeetingRole;
}

interface UploadFields {
  meetingId: string;
  agendaItemId: string;
  /** A new version of this document; left out, a new document. */
  documentId?: string;
  title?: string;
  fileName: string;
  uploader: Uploader;
}

/** The file as bytes, or (an upload over HTTP) as a file received into the blob store's tmpDir, which it then owns. */
export type UploadRequest = UploadFields &
  ({ bytes: Uint8Array; file?: never } | { file: ReceivedFile; bytes?: never });

export interface DocumentServiceOptions {
  blobDir: string;
  limits: DocumentLimits;
  inspectTimeoutMs: number;
}

/** A file name as shown to people: no folders, no control characters, not endless. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .normalize('NFC')
    .slice(0, 200);
  return clean || 'tai-lieu.pdf';
}

export class DocumentService {
  readonly store: DocumentStore;
  readonly blobs: BlobStore;
  readonly limits: DocumentLimits;
  readonly #meetings: MeetingStore;
  readonly #inspectTimeoutMs: number;
  readonly #uploads = new ConcurrencySlots(UPLOADS_PER_SERVER, UPLOADS_PER_UPLOADER);

  constructor(meetings: MeetingStore, options: DocumentServiceOptions) {
    this.#meetings = meetings;
    this.store = new DocumentStore(meetings.db);
    this.blobs = new BlobStore(options.blobDir);
    this.limits = options.limits;
    this.#inspectTimeoutMs = options.inspectTimeoutMs;
  }

  /**
   * A place for one upload in flight, for `uploaderKey` (taken before its body is read, given back when it ends), or
   * a clear refusal: uploads are written to disk and inspected one at a time, and a few at once are plenty.
   */
  uploadSlot(uploaderKey: string): () => void {
    const slot = this.#uploads.acquire(uploaderKey);
    if ('release' in slot) return slot.release;
    throw slot.refused === 'key'
      ? new AppFailure(
          'rate_limited',
          `${UPLOADS_PER_UPLOADER} uploads of yours are under way; send the next when one has finished`,
        )
      : new AppFailure('rate_limited', `the server is receiving ${UPLOADS_PER_SERVER} uploads; try again in a moment`);
  }

  async upload(request: UploadRequest): Promise<DocumentInfo> {
    const { meetingId, agendaItemId, uploader } = request;
    if (!can(uploader.role, 'document.manage')) {
      throw new AppFailure('forbidden', `the ${uploader.role} role may not upload documents`, 'role');
    }
    const meeting = this.#meetings.get(meetingId);
    if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
    if (!meeting.agenda.some((item) => item.id === agendaItemId)) {
      throw new AppFailure('not_found', `the meeting has no agenda item ${agendaItemId}`);
    }
    const previous = request.documentId ? this.document(meetingId, request.documentId) : null;
    if (previous && previous.agendaItemId !== agendaItemId) {
      throw new AppFailure(
        'invalid_message',
        `document ${previous.id} belongs to agenda item ${previous.agendaItemId}`,
      );
    }
    const fileName = cleanFileName(request.fileName);
    const { file, bytes } = request;
    const source = file ? () => readFile(file.path) : bytes!;
    const report = await inspectPdf(source, { ...this.limits, timeoutMs: this.#inspectTimeoutMs });
    const blob = file ? this.blobs.adopt(file) : this.blobs.put(bytes!);
    const version = {
      sha256: blob.sha256,
      size: blob.size,
      fileName,
      pageCount: report.pageCount,
      passwordRequired: report.passwordRequired,
      flags: report.flags,
      uploadedBy: uploader.id,
      uploadedByName: uploader.name,
    };
    if (previous) return this.store.addVersion(previous.id, version);
    const title = (request.title?.trim() || fileName.replace(/\.pdf$/i, '')).slice(0, 300);
    const created = this.store.create(meetingId, agendaItemId, title, version);
    // The first document of an agenda item is the one clients open when the item starts.
    this.#meetings.db
      .prepare('UPDATE agenda_items SET document_id = ? WHERE meeting_id = ? AND id = ? AND document_id IS NULL')
      .run(created.id, meetingId, agendaItemId);
    return created;
  }

  list(meetingId: string): DocumentInfo[] {
    return this.store.list(meetingId);
  }

  /** A document of this meeting, or `not_found` (also for another meeting's document: no hint that it exists). */
  document(meetingId: string, documentId: string): DocumentInfo {
    const document = this.store.get(documentId);
    if (!document || document.meetingId !== meetingId) {
      throw new AppFailure('not_found', `no document ${documentId} in this meeting`);
    }
    return document;
  }

  /** One version (the current one when `version` is left out) of a document of this meeting. */
  version(
    meetingId: string,
    documentId: string,
    version?: number,
  ): { document: DocumentInfo; version: DocumentVersionInfo } {
    const document = this.document(meetingId, documentId);
    const found =
      version === undefined ? document.versions[document.versions.length - 1] : document.versions[version - 1];
    if (!found) throw new AppFailure('not_found', `document ${documentId} has no version ${version}`);
    return { document, version: found };
  }

  /** A signed URL for the participant, good while the invitation they joined with is (and for a few minutes). */
  downloadUrl(
    secret: string,
    meetingId: string,
    holder: { participantId: string; invitationId: string },
    documentId: string,
    version?: number,
    now = Date.now(),
  ): { url: string; expiresAt: string; version: number; sha256: string } {
    const found = this.version(meetingId, documentId, version);
    const exp = Math.floor(now / 1000) + DOWNLOAD_URL_TTL_SECONDS;
    return {
      url: signedDownloadUrl(secret, { documentId, version: found.version.version, ...holder, exp }),
      expiresAt: new Date(exp * 1000).toISOString(),
      version: found.version.version,
      sha256: found.version.sha256,
    };
  }
}
