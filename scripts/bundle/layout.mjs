// What the air-gapped bundle holds and where (docs/install.md), in one place for the builder (scripts/bundle.mjs),
// its unit test and the install test: the bundle's name, the application files copied from the checkout, and the
// files every bundle must have.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** phonghop-server-<version>-linux-<arch> (x64 on the machines this product targets). */
export function bundleName(version, arch = os.arch()) {
  return `phonghop-server-${version}-linux-${arch}`;
}

/** Checkout paths copied into app/: the server, what it imports, and the scripts the installed command runs. */
export const APP_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'server',
  'common',
  'scripts/sfu-worker.mjs',
  'scripts/sfu-worker',
  'scripts/backup.mjs',
  'scripts/backup',
  'scripts/bundle/health.mjs',
];

/** Templates in scripts/bundle/files/ and where they go in the bundle (mode). */
export const TEMPLATES = [
  { from: 'install.sh', to: 'install.sh', mode: 0o755 },
  { from: 'phonghop', to: 'bin/phonghop', mode: 0o755 },
  { from: 'phonghop.service', to: 'etc/phonghop.service', mode: 0o644 },
  { from: 'phonghop.env', to: 'etc/phonghop.env', mode: 0o644 },
  { from: 'README.txt', to: 'README.txt', mode: 0o644 },
];

/** Documentation copied from docs/ into the bundle's docs/ (the unit's Documentation= points at install.md). */
export const DOCS = ['install.md', 'deployment.md'];

/** Where the mediasoup worker lives inside the bundle: mediasoup's own location, which it finds without settings. */
export const WORKER_IN_APP = 'node_modules/mediasoup/worker/out/Release/mediasoup-worker';

/** Files and folders every bundle has (relative to its top folder); the bundle's self-check and tests use it. */
export const REQUIRED = [
  'install.sh',
  'README.txt',
  'VERSION',
  'SHA256SUMS',
  'bin/phonghop',
  'etc/phonghop.service',
  'etc/phonghop.env',
  'node/bin/node',
  'lib/PACKAGES.txt',
  'lib/libuv.so.1',
  'lib/libsrtp2.so.1',
  'lib/libnss3.so',
  'lib/libsoftokn3.so',
  'fonts/LiberationSerif-Regular.ttf',
  'fonts/LiberationSerif-Bold.ttf',
  'fonts/LiberationSerif-Italic.ttf',
  'fonts/LiberationSerif-BoldItalic.ttf',
  'docs/install.md',
  'app/server/main.ts',
  'app/dist/renderer/index.html',
  `app/${WORKER_IN_APP}`,
  'app/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  'app/node_modules/tsx/package.json',
  'app/scripts/backup.mjs',
  'app/scripts/bundle/health.mjs',
];

/** Every regular file under `dir`, relative, sorted (symbolic links are listed by the files they point into). */
export function listFiles(dir, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, child));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}

/** The problems of an unpacked bundle's layout: required files missing, executables not executable. */
export function layoutProblems(top) {
  const problems = REQUIRED.filter((rel) => !fs.existsSync(path.join(top, rel))).map((rel) => `missing ${rel}`);
  for (const rel of ['install.sh', 'bin/phonghop', 'node/bin/node', `app/${WORKER_IN_APP}`]) {
    const file = path.join(top, rel);
    if (fs.existsSync(file) && (fs.statSync(file).mode & 0o111) === 0) problems.push(`${rel} is not executable`);
  }
  return problems;
}
