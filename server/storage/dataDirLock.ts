// One server per data folder. Two servers on the same DATA_DIR would each keep their own live state over one SQLite
// file, one blob folder and one filing queue, and file or sign the same record twice. The lock is an SQLite
// `BEGIN EXCLUSIVE` held for the server's lifetime on a small file of its own (`phonghop.lock`): SQLite takes it with
// POSIX advisory locks, which the kernel drops the moment the owning process ends, however it ends — a SIGKILLed or
// crashed server leaves no stale lock behind, and no pid (which the system may hand to another process) is trusted.
// The owner's pid is written beside it (`phonghop.lock.json`) only to name it in the refusal.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export const LOCK_FILE = 'phonghop.lock';
export const LOCK_OWNER_FILE = 'phonghop.lock.json';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** Thrown when another server holds the data folder; its message says which and what to do. */
export class DataDirInUseError extends Error {
  readonly dataDir: string;
  readonly owner: LockOwner | null;
  constructor(dataDir: string, owner: LockOwner | null) {
    const who = owner ? ` (pid ${owner.pid} trên ${owner.host}, từ ${owner.since})` : '';
    const whoEn = owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : '';
    super(
      `Thư mục dữ liệu ${dataDir} đang được một máy chủ Phòng họp số khác dùng${who}: mỗi thư mục dữ liệu chỉ một ` +
        `máy chủ. Hãy dừng máy chủ kia hoặc đặt DATA_DIR khác.\n` +
        `DATA_DIR ${dataDir} is in use by another Phòng họp số server${whoEn}; stop it or choose another DATA_DIR.`,
    );
    this.name = 'DataDirInUseError';
    this.dataDir = dataDir;
    this.owner = owner;
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Lets another server take the folder (a server stopped in a process that goes on, as in tests). */
  release(): void;
}

/**
 * Held locks. The connection must stay referenced for as long as the lock is held: a collected connection closes
 * its file, and closing any descriptor of a file drops the process's POSIX locks on it.
 */
const held = new Set<BetterSqlite3.Database>();

function readOwner(dataDir: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(join(dataDir, LOCK_OWNER_FILE), 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/** Takes the data folder for this server, or throws DataDirInUseError at once (no waiting) if another holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  // timeout 0: a held lock is answered at once rather than after SQLite's busy wait.
  const db = new BetterSqlite3(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    // Nothing is written inside the transaction: no hot journal is left behind by a killed owner.
    db.exec('CREATE TABLE IF NOT EXISTS server_lock (id INTEGER PRIMARY KEY)');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new DataDirInUseError(dataDir, readOwner(dataDir));
    throw error;
  }
  held.add(db);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const ownerFile = join(dataDir, LOCK_OWNER_FILE);
  writeFileSync(`${ownerFile}.tmp`, `${JSON.stringify(owner)}\n`);
  renameSync(`${ownerFile}.tmp`, ownerFile);
  return {
    dataDir,
    release() {
      if (!held.delete(db)) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

/** For the server's entry point: the lock, or the refusal on stderr and exit status 3. */
export function lockDataDirOrExit(dataDir: string): DataDirLock {
  try {
    return lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.error(error.message);
    process.exit(3);
  }
}
