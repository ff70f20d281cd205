// The agenda documents of a meeting as attachments of its filed record (ARCHIVE_ATTACH_AGENDA=1): the current
// version of each, in agenda order, read from the content-addressed blob folder and checked against its hash.
import { readFileSync } from 'node:fs';
import { currentVersion } from '../../common/documents.ts';
import type { BlobStore } from '../documents/BlobStore.ts';
import { DocumentStore } from '../documents/DocumentStore.ts';
import type { Database } from '../storage/database.ts';
import { rejected, sha256, type ArchiveAttachment } from './DocumentArchive.ts';

export function agendaAttachments(db: Database, blobs: BlobStore): (meetingId: string) => ArchiveAttachment[] {
  const documents = new DocumentStore(db);
  return (meetingId) =>
    documents.list(meetingId).map((document) => {
      const version = currentVersion(document);
      const data = readFileSync(blobs.path(version.sha256));
      if (sha256(data) !== version.sha256) throw rejected(`agenda document ${document.id} does not match its hash`);
      return {
        name: version.fileName,
        contentType: 'application/pdf',
        description: `Tài liệu họp: ${document.title} (phiên bản ${version.version})`,
        data,
      };
    });
}
