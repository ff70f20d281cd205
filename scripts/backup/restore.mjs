// `phonghop restore FILE`: puts a backup made by snapshot.mjs back as the data folder. The backup is unpacked and
// checked beside the data folder first (manifest, each database copy's SHA-256 and SQLite integrity check); only then
// is the current data folder moved aside (kept as <DATA_DIR>.before-restore-<time>, never deleted) and the restored
// one renamed into its place, so that a failed restore leaves the current data as it was. The server must be stopped:
// the bundle's `phonghop restore` stops and starts the service around this.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BACKUP_FORMAT, META_DIR, dataLocations, databaseFiles, serverHolding, sha256File, stamp } from './layout.mjs';

const require = createRequire(import.meta.url);

function readManifest(dir) {
  const file = path.join(dir, META_DIR, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error('this file is not a Phòng họp số backup (no manifest)');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (manifest.product !== 'phonghop' || manifest.format !== BACKUP_FORMAT) {
    throw new Error(`unknown backup format ${manifest.format} of ${manifest.product}`);
  }
  return manifest;
}

function checkDatabase(file, expected) {
  if (sha256File(file) !== expected.sha256) throw new Error(`${expected.path}: the copy in the backup is damaged`);
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${expected.path} fails SQLite's integrity check: ${result}`);
  } finally {
    db.close();
  }
}

/** Moves `dir` aside as `<dir>.before-restore-<time>` if it exists; returns where it went (or null). */
function moveAside(dir, when) {
  if (!fs.existsSync(dir)) return null;
  const aside = `${dir}.before-restore-${when}`;
  fs.renameSync(dir, aside);
  return aside;
}

/**
 * Restores `file` into `env`'s DATA_DIR (and ARCHIVE_DIR when the backup carried an outside archive). Returns what
 * was restored and where the previous data went.
 */
export function restoreBackup(file, { env = process.env, log = () => {} } = {}) {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new Error(`${source} does not exist`);
  const { dataDir, archiveDir, archiveOutside } = dataLocations(env);
  const holder = serverHolding(dataDir);
  if (holder) {
    const who = holder.pid ? ` (pid ${holder.pid} on ${holder.host})` : '';
    throw new Error(`the server is running on ${dataDir}${who}: stop it first (systemctl stop phonghop)`);
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const unpacked = fs.mkdtempSync(path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.restore-`));
  try {
    log(`unpacking ${source}`);
    const tar = spawnSync('tar', ['--extract', '--gzip', '--file', source, '--no-same-owner', '-C', unpacked], {
      encoding: 'utf8',
    });
    if (tar.status !== 0) throw new Error(`tar failed (${tar.status ?? tar.signal}): ${tar.stderr.trim()}`);
    const manifest = readManifest(unpacked);
    for (const db of manifest.databases) {
      const copy = path.join(unpacked, META_DIR, 'db', db.path);
      checkDatabase(copy, db);
      // No stale -wal/-shm beside the restored file (a backup never has them; this is belt and braces).
      for (const companion of databaseFiles(db.path).slice(1))
        fs.rmSync(path.join(unpacked, companion), { force: true });
      fs.mkdirSync(path.dirname(path.join(unpacked, db.path)), { recursive: true });
      fs.renameSync(copy, path.join(unpacked, db.path));
      log(`database ${db.path}: checked`);
    }
    const when = stamp();
    const archiveInBackup = path.join(unpacked, META_DIR, 'archive');
    let archiveAside = null;
    if (fs.existsSync(archiveInBackup)) {
      // Made with ARCHIVE_DIR outside the data folder: back to this server's outside archive, or into the data
      // folder's default place when this server keeps its archive inside.
      const destination = archiveOutside ?? archiveDir;
      if (archiveOutside) archiveAside = moveAside(destination, when);
      else fs.rmSync(path.join(unpacked, path.relative(dataDir, destination)), { recursive: true, force: true });
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      if (archiveOutside) fs.renameSync(archiveInBackup, destination);
      else fs.renameSync(archiveInBackup, path.join(unpacked, path.relative(dataDir, destination)));
    }
    fs.rmSync(path.join(unpacked, META_DIR), { recursive: true, force: true });
    fs.chmodSync(unpacked, 0o750);
    const dataAside = moveAside(dataDir, when);
    fs.renameSync(unpacked, dataDir);
    return { manifest, dataDir, dataAside, archiveAside };
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
}
