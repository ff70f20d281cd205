#!/usr/bin/env node
// `npm run bundle`: builds the server bundle for machines without network access, on a connected Debian 12 machine
// (one that can run `npm start`):
//   dist/bundle/phonghop-server-<version>-linux-x64.tar.gz (+ .sha256)
// It holds this machine's Node, the production node_modules (`npm ci --omit=dev`, better-sqlite3's binding built),
// the mediasoup worker (scripts/sfu-worker.mjs) with the shared libraries it loads, the renderer built by Vite, the
// Liberation Serif fonts, the systemd unit, the `phonghop` command, install.sh and SHA256SUMS. What goes where:
// scripts/bundle/layout.mjs; how it is installed: docs/install.md. Progress on stderr; the tarball's path on stdout.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWorker } from './sfu-worker.mjs';
import { APP_FILES, DOCS, TEMPLATES, WORKER_IN_APP, bundleName, layoutProblems, listFiles } from './bundle/layout.mjs';
import { copyWorkerLibraries } from './bundle/sharedLibs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FONT_DIRS = ['/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/truetype/liberation'];
const FONTS = ['Regular', 'Bold', 'Italic', 'BoldItalic'].map((s) => `LiberationSerif-${s}.ttf`);

const say = (line) => process.stderr.write(`[bundle] ${line}\n`);

function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], ...options });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${res.status ?? res.signal})`);
}

function copy(from, to, mode) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, dereference: true });
  if (mode !== undefined) fs.chmodSync(to, mode);
}

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function stageApp(app) {
  for (const rel of APP_FILES) copy(path.join(ROOT, rel), path.join(app, rel));
  say('building the renderer (vite)');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  run(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      path.join(app, 'dist', 'renderer'),
      '--emptyOutDir',
    ],
    {
      cwd: ROOT,
    },
  );
  say('installing the production node_modules (npm ci --omit=dev)');
  run(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    {
      cwd: app,
    },
  );
}

/** better-sqlite3's binding: this checkout's (built by the setup for this Node), if it is the same version. */
function stageBetterSqlite(app) {
  const version = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const here = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const there = path.join(app, 'node_modules', 'better-sqlite3');
  const binding = path.join('build', 'Release', 'better_sqlite3.node');
  if (version(here) === version(there) && fs.existsSync(path.join(here, binding))) {
    copy(path.join(here, binding), path.join(there, binding));
  } else {
    say('building better-sqlite3 for the bundle (node-gyp)');
    run('npm', ['rebuild', 'better-sqlite3', '--ignore-scripts=false', '--foreground-scripts'], { cwd: app });
  }
  // Sources and intermediate objects are not needed once the binding exists.
  for (const rel of [
    'deps',
    'src',
    path.join('build', 'Release', 'obj'),
    path.join('build', 'Release', 'obj.target'),
  ]) {
    fs.rmSync(path.join(there, rel), { recursive: true, force: true });
  }
}

function stageWorker(app, worker) {
  // The worker's C++ sources (mediasoup's worker/) are replaced by the one binary mediasoup looks for there.
  fs.rmSync(path.join(app, 'node_modules', 'mediasoup', 'worker'), { recursive: true, force: true });
  copy(worker, path.join(app, WORKER_IN_APP), 0o755);
}

function stageNode(top) {
  copy(process.execPath, path.join(top, 'node', 'bin', 'node'), 0o755);
  const licenses = [
    path.join(path.dirname(process.execPath), '..', 'share', 'doc', 'node', 'LICENSE'),
    '/usr/share/doc/nodejs/LICENSE',
  ];
  const license = licenses.find((file) => fs.existsSync(file));
  if (license) copy(license, path.join(top, 'node', 'LICENSE'));
  fs.writeFileSync(path.join(top, 'node', 'VERSION'), `${process.version}\n`);
}

function stageFonts(top) {
  const dir = FONT_DIRS.find((d) => FONTS.every((f) => fs.existsSync(path.join(d, f))));
  if (!dir) throw new Error('Liberation Serif 2.x is not installed here: apt-get install fonts-liberation2');
  for (const font of FONTS) copy(path.join(dir, font), path.join(top, 'fonts', font), 0o644);
  const copyright = '/usr/share/doc/fonts-liberation2/copyright';
  if (fs.existsSync(copyright)) copy(copyright, path.join(top, 'fonts', 'COPYRIGHT'));
}

function stageFiles(top, version) {
  for (const t of TEMPLATES) copy(path.join(ROOT, 'scripts', 'bundle', 'files', t.from), path.join(top, t.to), t.mode);
  for (const doc of DOCS) copy(path.join(ROOT, 'docs', doc), path.join(top, 'docs', doc), 0o644);
  fs.writeFileSync(path.join(top, 'VERSION'), `${version}\n`);
}

/** The staged worker runs with the bundled libraries alone (exit 41: it started and asked for its settings). */
function checkStaged(top) {
  const problems = layoutProblems(top).filter((p) => p !== 'missing SHA256SUMS');
  const worker = spawnSync(path.join(top, 'app', WORKER_IN_APP), [], {
    env: { LD_LIBRARY_PATH: path.join(top, 'lib') },
    stdio: 'ignore',
  });
  if (worker.status !== 41) problems.push(`the bundled worker does not start (${worker.status ?? worker.signal})`);
  const sqlite = spawnSync(
    path.join(top, 'node', 'bin', 'node'),
    ['-e', "new (require('better-sqlite3'))(':memory:')"],
    {
      cwd: path.join(top, 'app'),
      env: {},
      encoding: 'utf8',
    },
  );
  if (sqlite.status !== 0) problems.push(`better-sqlite3 does not load with the bundled Node: ${sqlite.stderr}`);
  if (problems.length) throw new Error(`the staged bundle is not usable:\n  ${problems.join('\n  ')}`);
}

function writeChecksums(top) {
  const lines = listFiles(top).map((rel) => `${sha256(path.join(top, rel))}  ${rel}`);
  fs.writeFileSync(path.join(top, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}

export async function buildBundle({ outDir = path.join(ROOT, 'dist', 'bundle') } = {}) {
  const started = Date.now();
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const name = bundleName(version);
  say(`Phòng họp số ${version}: ${name}.tar.gz`);
  say('setup of this checkout (Debian packages, native modules, mediasoup worker)');
  run(process.execPath, [path.join(ROOT, 'scripts', 'setup.mjs'), '--quiet'], { cwd: ROOT });
  const worker = await ensureWorker({ quiet: true });
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(outDir, '.build-'));
  try {
    const top = path.join(work, name);
    const app = path.join(top, 'app');
    stageApp(app);
    stageBetterSqlite(app);
    stageWorker(app, worker);
    stageNode(top);
    say('copying the shared libraries the worker loads');
    const packages = copyWorkerLibraries(worker, path.join(top, 'lib'));
    say(`  from ${packages.join(', ')}`);
    stageFonts(top);
    stageFiles(top, version);
    checkStaged(top);
    writeChecksums(top);
    const tarball = path.join(outDir, `${name}.tar.gz`);
    say(`packing ${tarball}`);
    run('tar', [
      '--create',
      '--gzip',
      '--file',
      `${tarball}.partial`,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--sort=name',
      '-C',
      work,
      name,
    ]);
    fs.renameSync(`${tarball}.partial`, tarball);
    fs.writeFileSync(`${tarball}.sha256`, `${sha256(tarball)}  ${path.basename(tarball)}\n`);
    const mib = (fs.statSync(tarball).size / 1048576).toFixed(0);
    say(
      `done in ${Math.round((Date.now() - started) / 1000)} s: ${tarball} (${mib} MiB) and ${path.basename(tarball)}.sha256`,
    );
    return tarball;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (os.platform() !== 'linux') {
    say('the bundle is built on Linux (Debian 12), for Linux');
    process.exit(2);
  }
  buildBundle().then(
    (tarball) => process.stdout.write(`${tarball}\n`),
    (error) => {
      say(`error: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    },
  );
}
