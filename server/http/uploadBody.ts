// The body of an agenda-PDF upload, for the HTTP routes that take one (the invitation's and the office's): a place
// among the uploads in flight first (refused at once, before any byte is read, when there is none), then the body
// streamed to a temporary file in DATA_DIR, handed to `use`, and removed afterwards unless the store kept it.
import { rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import type { DocumentService } from '../documents/DocumentService.ts';
import { receiveToFile, type ReceivedFile } from '../documents/receiveUpload.ts';

export async function withUploadedFile<T>(
  req: IncomingMessage,
  documents: DocumentService,
  uploaderKey: string,
  use: (file: ReceivedFile) => Promise<T>,
): Promise<T> {
  const release = documents.uploadSlot(uploaderKey);
  let file: ReceivedFile | null = null;
  try {
    const maxBytes = documents.limits.maxBytes;
    file = await receiveToFile(
      req,
      documents.blobs.tmpDir,
      maxBytes,
      (size) =>
        new AppFailure('too_large', `the file has more than ${maxBytes} bytes`, 'document_too_large', {
          size,
          maxBytes,
        }),
    );
    return await use(file);
  } finally {
    if (file) rmSync(file.path, { force: true });
    release();
  }
}
