// What a backup of the server's data is and where it comes from: the data folder (DATA_DIR, as server/config.ts
// resolves it), the embedded archive when ARCHIVE_DIR lies outside it, the SQLite files in it, and the manifest that
// a backup carries at `.phonghop-backup/manifest.json` beside the data folder's own files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const BACKUP_FORMAT = 1;
/** The folder inside a backup that holds the manifest, the database copies and an outside archive. */
export const META_DIR = '.phonghop-backup';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];
/** The server's lock on its data folder and the note naming its holder: belong to a running server, never backed up. */
export const LOCK_FILES = ['phonghop.lock', 'phonghop.lock.json'];

const require = createRequire(import.meta.url);
const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function appVersion() {
  return JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')).version;
}

/** DATA_DIR and the embedded archive's folder, resolved as the server resolves them. */
export function dataLocations(env = process.env) {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(os.homedir(), '.local', 'share', 'phonghop'));
  const archiveDir = path.resolve(env.ARCHIVE_DIR ?? path.join(dataDir, 'archive'));
  const inside = archiveDir === dataDir || archiveDir.startsWith(dataDir + path.sep);
  return { dataDir, archiveDir, archiveOutside: inside ? null : archiveDir };
}

function isSqlite(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Every SQLite database under `dir` (relative paths), found by its header, without their -wal/-shm companions. */
export function findDatabases(dir, rel = '') {
  const found = [];
  let entries = [];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const child = path.join(rel, entry.name);
    if (LOCK_FILES.includes(child)) continue;
    if (entry.isDirectory()) found.push(...findDatabases(dir, child));
    else if (
      entry.isFile() &&
      !SQLITE_COMPANIONS.some((s) => entry.name.endsWith(s)) &&
      isSqlite(path.join(dir, child))
    )
      found.push(child);
  }
  return found.sort();
}

/** The live files of a database that a backup must not copy as files (the online copy replaces them). */
export function databaseFiles(rel) {
  return [rel, ...SQLITE_COMPANIONS.map((s) => `${rel}${s}`)];
}

export function sha256File(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * The running server's lock on the data folder (server/storage/dataDirLock.ts: an SQLite `BEGIN EXCLUSIVE` held on
 * phonghop.lock for the server's life): who holds it ({ pid, host, since }, or {} when unnamed), or null when free.
 */
export function serverHolding(dataDir) {
  const lock = path.join(dataDir, LOCK_FILES[0]);
  if (!fs.existsSync(lock)) return null;
  const Database = require('better-sqlite3');
  const db = new Database(lock, { fileMustExist: true, timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return null;
  } catch (error) {
    if (error?.code !== 'SQLITE_BUSY') throw error;
    try {
      return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILES[1]), 'utf8'));
    } catch {
      return {};
    }
  } finally {
    db.close();
  }
}

/** A timestamp usable in file names: 20260115-093000. */
export function stamp(date = new Date()) {
  return date.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
}
