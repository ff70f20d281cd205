// `phonghop backup`: one .tar.gz of everything the server keeps, taken while it runs. Each SQLite database is copied
// with SQLite's online backup API (a consistent snapshot even while the server writes), then the other files of the
// data folder are archived as they are — documents and blobs are content-addressed and never change once written,
// and the database is copied first, so every file it refers to is already there. An embedded archive outside the
// data folder (ARCHIVE_DIR) is included under .phonghop-backup/archive/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  BACKUP_FORMAT,
  LOCK_FILES,
  META_DIR,
  appVersion,
  dataLocations,
  databaseFiles,
  findDatabases,
  sha256File,
  stamp,
} from './layout.mjs';

const require = createRequire(import.meta.url);

/** Copies one database with the online backup API; -wal/-shm files it had to create get the database's owner. */
async function copyDatabase(source, target) {
  const Database = require('better-sqlite3');
  const companions = ['-wal', '-shm'].map((s) => `${source}${s}`);
  const existed = companions.map((f) => fs.existsSync(f));
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    await db.backup(target);
  } finally {
    db.close();
  }
  // The copy inherits write-ahead logging; as a single file it carries no -wal/-shm (the server turns WAL on again).
  const copy = new Database(target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  // Run as root beside a server running as its own user, SQLite may have created the shared-memory file as root,
  // which would lock the server out of its own database: hand such files to the database's owner.
  const { uid, gid } = fs.statSync(source);
  companions.forEach((file, i) => {
    if (!existed[i] && fs.existsSync(file) && fs.statSync(file).uid !== uid) fs.chownSync(file, uid, gid);
  });
  const check = new Database(target, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the copy of ${source} fails SQLite's integrity check: ${result}`);
  } finally {
    check.close();
  }
}

/**
 * Writes the backup of `env`'s data folder to `output` (a .tar.gz, mode 0600: it holds the CA key and the token
 * secret). Returns the manifest written into it.
 */
export async function createBackup(output, { env = process.env, log = () => {} } = {}) {
  const { dataDir, archiveOutside } = dataLocations(env);
  if (!fs.existsSync(dataDir)) throw new Error(`the data folder ${dataDir} does not exist (DATA_DIR)`);
  const target = path.resolve(output);
  if (target.startsWith(dataDir + path.sep)) throw new Error(`write the backup outside the data folder ${dataDir}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.phonghop-backup-'));
  try {
    const meta = path.join(staging, META_DIR);
    const databases = [];
    for (const rel of findDatabases(dataDir)) {
      const copy = path.join(meta, 'db', rel);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      log(`database ${rel}: online copy`);
      await copyDatabase(path.join(dataDir, rel), copy);
      databases.push({ path: rel, bytes: fs.statSync(copy).size, sha256: sha256File(copy) });
    }
    const manifest = {
      format: BACKUP_FORMAT,
      product: 'phonghop',
      version: appVersion(),
      createdAt: new Date().toISOString(),
      host: os.hostname(),
      dataDir,
      archiveDir: archiveOutside,
      databases,
    };
    fs.writeFileSync(path.join(meta, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const excludes = databases.flatMap((d) => databaseFiles(d.path)).map((rel) => `--exclude=${rel}`);
    const entries = fs.readdirSync(dataDir).filter((name) => name !== META_DIR && !LOCK_FILES.includes(name));
    const args = ['--create', '--gzip', '--file', `${target}.partial`];
    // Only an outside archive's members start with "./" (the data folder's are named one by one): they go under
    // .phonghop-backup/archive/.
    if (archiveOutside)
      args.push(`--transform=s,^\\.$,${META_DIR}/archive,`, `--transform=s,^\\./,${META_DIR}/archive/,`);
    args.push('--anchored', '--no-wildcards', ...excludes, '-C', staging, META_DIR, '-C', dataDir);
    args.push(...entries.map((name) => `--add-file=${name}`));
    if (archiveOutside && fs.existsSync(archiveOutside)) args.push('-C', archiveOutside, '.');
    log(`archiving ${dataDir}${archiveOutside ? ` and ${archiveOutside}` : ''}`);
    const tar = spawnSync('tar', args, { encoding: 'utf8', umask: 0o077 });
    // GNU tar exits 1 when a file changed while it was read: a log the server appended to meanwhile. The databases
    // are the copies above either way; anything else that changed is named on stderr.
    if (tar.status === 1) log(`note: some files changed while they were read:\n${tar.stderr.trim()}`);
    else if (tar.status !== 0) throw new Error(`tar failed (${tar.status ?? tar.signal}): ${tar.stderr.trim()}`);
    fs.chmodSync(`${target}.partial`, 0o600);
    fs.renameSync(`${target}.partial`, target);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(`${target}.partial`, { force: true });
  }
}

export function defaultBackupName() {
  return `phonghop-backup-${os.hostname()}-${stamp()}.tar.gz`;
}
