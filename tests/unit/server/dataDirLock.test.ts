// One server per data folder, within a process: a second lock on a held folder is refused at once with a message
// that names the holder; released, the folder can be taken again. (Across processes, and after a SIGKILL:
// tests/integration/dataDirLock.test.ts.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from '../../../server/storage/dataDirLock.ts';

describe('the data folder lock', () => {
  it('refuses a second holder at once, naming the first, and lets the folder go on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonghop-lock-'));
    try {
      const first = lockDataDir(dir);
      const started = Date.now();
      assert.throws(
        () => lockDataDir(dir),
        (error: unknown) =>
          error instanceof DataDirInUseError &&
          error.owner?.pid === process.pid &&
          error.message.includes(dir) &&
          error.message.includes(`pid ${process.pid}`) &&
          error.message.includes('DATA_DIR'),
      );
      assert.ok(Date.now() - started < 1000, 'refused without waiting');
      first.release();
      first.release();
      lockDataDir(dir).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the folder it locks', () => {
    const parent = mkdtempSync(join(tmpdir(), 'phonghop-lock-'));
    try {
      lockDataDir(join(parent, 'new', 'data')).release();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
