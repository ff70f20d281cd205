// An upload's body, streamed into a temporary file in the blob store's folder (DATA_DIR) rather than held whole in
// memory: its size checked as it arrives (refused past the limit, with the request left for the edge to answer), its
// SHA-256 computed on the way. Whatever happens, no temporary file is left behind unless it is handed to the caller,
// whose it then is (DocumentService moves it into the store, or the edge removes it).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { AppFailure } from '../../common/errors.ts';
import { DISK_FULL_ERROR, isDiskFull } from '../errors.ts';

export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
}

export function receiveToFile(
  req: IncomingMessage,
  dir: string,
  max: number,
  tooLarge: (size: number) => AppFailure,
): Promise<ReceivedFile> {
  const announced = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(announced) && announced > max) return Promise.reject(tooLarge(announced));
  const path = join(dir, `${randomUUID()}.upload`);
  return new Promise((resolve, reject) => {
    const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    const hash = createHash('sha256');
    let size = 0;
    let done = false;
    const fail = (error: AppFailure) => {
      if (done) return;
      done = true;
      // The request is paused, not destroyed: the edge still answers (and then closes the connection).
      req.removeListener('data', onData);
      req.pause();
      file.once('close', () => rmSync(path, { force: true }));
      file.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) return fail(tooLarge(size));
      hash.update(chunk);
      if (!file.write(chunk)) {
        req.pause();
        file.once('drain', () => req.resume());
      }
    };
    req.on('data', onData);
    req.once('end', () => {
      if (done) return;
      done = true;
      file.end(() => resolve({ path, size, sha256: hash.digest('hex') }));
    });
    req.once('close', () => fail(new AppFailure('invalid_message', 'the upload was interrupted')));
    req.once('error', () => fail(new AppFailure('invalid_message', 'the upload was interrupted')));
    file.once('error', (error) =>
      fail(
        isDiskFull(error)
          ? new AppFailure(DISK_FULL_ERROR.code, DISK_FULL_ERROR.detail, DISK_FULL_ERROR.reason)
          : new AppFailure('internal', `the upload could not be written: ${error.message}`),
      ),
    );
  });
}
