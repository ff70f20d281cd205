#!/usr/bin/env node
// Backup and restore of the server's data (DATA_DIR, and ARCHIVE_DIR when it lies outside), from a checkout or from
// the installed bundle (`phonghop backup` / `phonghop restore`, which also stop and start the service):
//
//   node scripts/backup.mjs backup [FILE.tar.gz]   while the server runs; default name in the current folder
//   node scripts/backup.mjs restore FILE.tar.gz    with the server stopped; the current data is kept aside
//
// Progress on stderr; the backup's path (backup) or the data folder (restore) alone on stdout. docs/install.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackup, defaultBackupName } from './backup/snapshot.mjs';
import { restoreBackup } from './backup/restore.mjs';

const say = (line) => process.stderr.write(`[backup] ${line}\n`);

export async function main(argv, env = process.env) {
  const [command, file] = argv;
  if (command === 'backup') {
    const output = path.resolve(file ?? defaultBackupName());
    const manifest = await createBackup(output, { env, log: say });
    say(`${manifest.databases.length} database(s) and the files of ${manifest.dataDir} saved to ${output}`);
    process.stdout.write(`${output}\n`);
    return 0;
  }
  if (command === 'restore' && file) {
    const result = restoreBackup(file, { env, log: say });
    say(
      `restored the backup of ${result.manifest.createdAt} (version ${result.manifest.version}) into ${result.dataDir}`,
    );
    if (result.dataAside) say(`the previous data folder is kept at ${result.dataAside}`);
    if (result.archiveAside) say(`the previous archive is kept at ${result.archiveAside}`);
    process.stdout.write(`${result.dataDir}\n`);
    return 0;
  }
  say('usage: backup.mjs backup [FILE.tar.gz] | restore FILE.tar.gz');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      say(`error: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    },
  );
}
