#!/usr/bin/env node
// Provides the mediasoup worker binary on machines without internet access (install scripts are
// off, see .npmrc): an explicit MEDIASOUP_WORKER_BIN, mediasoup's own build location, or a cached
// binary (~/.cache/phonghop/mediasoup-worker/<version>-<platform>-<arch>/), obtained from the
// upstream prebuilt download when reachable, else built from source against Debian's libraries
// with a static OpenSSL 3.5. Why and how: docs/sfu-worker.md.
//
//   node scripts/sfu-worker.mjs [ensure|path|rebuild|verify] [--quiet]
//
// Progress goes to stderr; the binary's path is the only thing printed on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkerFromSource } from './sfu-worker/build.mjs';
import { downloadPrebuiltWorker, prebuiltUrl } from './sfu-worker/prebuilt.mjs';
import { formatSeconds, say, withLock, writeFileAtomic } from './sfu-worker/util.mjs';
import {
  binaryProblems,
  embeddedOpenSSLVersion,
  exitStatusWithoutEnv,
  hasRequiredOpenSSL,
  mediasoupSmokeTest,
  verifyWithMediasoup,
} from './sfu-worker/verify.mjs';

const THIS_FILE = fileURLToPath(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(THIS_FILE), '..');

/** node_modules/mediasoup of this checkout (searched upwards, like Node's resolution). */
export function mediasoupDir() {
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'mediasoup');
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error('node_modules/mediasoup not found: run `npm install` (or `npm ci`) first');
}

function mediasoupPackage() {
  return JSON.parse(fs.readFileSync(path.join(mediasoupDir(), 'package.json'), 'utf8'));
}

export function mediasoupVersion() {
  return mediasoupPackage().version;
}

/** Root of this project's build cache: $PHONGHOP_CACHE_DIR or ~/.cache/phonghop. */
export function cacheRoot() {
  return process.env.PHONGHOP_CACHE_DIR || path.join(os.homedir(), '.cache', 'phonghop');
}

/** <cache>/mediasoup-worker/<mediasoupVersion>-<platform>-<arch> */
export function workerCacheDir() {
  return path.join(cacheRoot(), 'mediasoup-worker', `${mediasoupVersion()}-${os.platform()}-${os.arch()}`);
}

export function cachedWorkerBin() {
  return path.join(workerCacheDir(), 'mediasoup-worker');
}

/** Where mediasoup's own postinstall would have put the binary. */
export function upstreamWorkerBin() {
  return path.join(mediasoupDir(), 'worker', 'out', 'Release', 'mediasoup-worker');
}

/**
 * The worker binary to use, or null: $MEDIASOUP_WORKER_BIN if it exists, else the upstream
 * location in node_modules if present, else the cached one if present.
 */
export function resolveWorkerBin() {
  const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
  if (fromEnv && fs.existsSync(fromEnv)) return path.resolve(fromEnv);
  for (const candidate of [upstreamWorkerBin(), cachedWorkerBin()]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function warnAboutOldOpenSSL(binary) {
  if (binary === cachedWorkerBin()) return; // checked when it was put there
  try {
    const version = embeddedOpenSSLVersion(binary);
    if (version && !hasRequiredOpenSSL(version)) {
      say(
        `warning: ${binary} contains OpenSSL ${version}; workers linked with OpenSSL 3.0 crash in DTLS ` +
          'with current Chromium (docs/sfu-worker.md). Unset MEDIASOUP_WORKER_BIN / remove it and run `npm run setup`.',
      );
    }
  } catch {
    // unreadable: mediasoup will report it
  }
}

/** Copies a verified binary into the cache (atomically) and writes build-info.json beside it. */
function installIntoCache(binary, info) {
  const dir = workerCacheDir();
  fs.mkdirSync(dir, { recursive: true });
  const target = cachedWorkerBin();
  const tmp = `${target}.tmp-${process.pid}`;
  fs.copyFileSync(binary, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, target);
  const stat = fs.statSync(target);
  writeFileAtomic(
    path.join(dir, 'build-info.json'),
    `${JSON.stringify({ ...info, binary: target, sizeBytes: stat.size, date: new Date().toISOString() }, null, 2)}\n`,
  );
  return target;
}

async function tryPrebuilt(pkg, quiet) {
  const workDir = path.join(workerCacheDir(), 'download');
  try {
    const extracted = await downloadPrebuiltWorker(pkg, workDir, { quiet });
    if (!extracted) return null;
    const status = exitStatusWithoutEnv(extracted);
    if (status !== 41) {
      say(`prebuilt worker does not run on this host (got ${status}, expected exit code 41)`);
      return null;
    }
    const openssl = embeddedOpenSSLVersion(extracted);
    if (!hasRequiredOpenSSL(openssl)) {
      // Upstream links OpenSSL 3.0.x: that is the DTLS crash described in docs/sfu-worker.md.
      say(`prebuilt worker contains OpenSSL ${openssl || '(unknown)'} (< 3.5), not using it: building from source`);
      return null;
    }
    verifyWithMediasoup(extracted, THIS_FILE);
    return installIntoCache(extracted, {
      method: 'prebuilt-download',
      url: prebuiltUrl(pkg),
      mediasoupVersion: pkg.version,
      platform: os.platform(),
      arch: os.arch(),
      openssl: { version: openssl, linkage: 'static (upstream build)' },
    });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function buildFromSource(pkg, quiet, clean) {
  const started = Date.now();
  const result = await buildWorkerFromSource({
    workerDir: path.join(mediasoupDir(), 'worker'),
    buildDir: path.join(workerCacheDir(), 'build'),
    cacheRoot: cacheRoot(),
    quiet,
    clean,
  });
  const problems = binaryProblems(result.binary);
  if (problems.length) throw new Error(`built worker ${result.binary} is not usable:\n  ${problems.join('\n  ')}`);
  say('checking the built worker with mediasoup (createWorker, createRouter, createWebRtcTransport)');
  verifyWithMediasoup(result.binary, THIS_FILE);
  const totalSeconds = (Date.now() - started) / 1000;
  const target = installIntoCache(result.binary, {
    method: 'built-from-source',
    mediasoupVersion: pkg.version,
    platform: os.platform(),
    arch: os.arch(),
    openssl: {
      version: result.openssl.version,
      debianSourceVersion: result.openssl.debianVersion,
      prefix: result.openssl.prefix,
      linkage: 'static',
    },
    ...result.details,
    timings: {
      opensslSeconds: Math.round(result.opensslSeconds),
      workerCompileSeconds: Math.round(result.compileSeconds),
      totalSeconds: Math.round(totalSeconds),
    },
  });
  say(`mediasoup-worker ready in ${formatSeconds(totalSeconds)}: ${target}`);
  return target;
}

/**
 * Returns the path of a usable worker binary, obtaining one if needed: resolveWorkerBin(), else
 * the upstream prebuilt download, else a build from source; the result is cached. Concurrent
 * callers are serialised by a lock file (the second one waits and reuses the first one's result).
 * `force` (CLI `rebuild`) ignores existing binaries and rebuilds from source, from scratch.
 */
export async function ensureWorker({ quiet = false, force = false } = {}) {
  if (process.env.MEDIASOUP_WORKER_BIN && !fs.existsSync(process.env.MEDIASOUP_WORKER_BIN)) {
    say(`warning: MEDIASOUP_WORKER_BIN=${process.env.MEDIASOUP_WORKER_BIN} does not exist; ignoring it`);
  }
  if (!force) {
    const existing = resolveWorkerBin();
    if (existing) {
      warnAboutOldOpenSSL(existing);
      return existing;
    }
  }
  const pkg = mediasoupPackage();
  const lock = `${workerCacheDir()}.lock`;
  return withLock(lock, `obtaining mediasoup-worker ${pkg.version}`, async () => {
    if (!force) {
      // Another process may have finished while we waited for the lock.
      const existing = resolveWorkerBin();
      if (existing) return existing;
      say(`no mediasoup-worker ${pkg.version} yet for ${os.platform()}-${os.arch()}`);
      const prebuilt = await tryPrebuilt(pkg, quiet);
      if (prebuilt) {
        say(`using the upstream prebuilt worker: ${prebuilt}`);
        return prebuilt;
      }
    }
    return buildFromSource(pkg, quiet, force);
  });
}

/** Checks the resolved binary; returns a summary object, throws on failure. */
export function verifyWorker(binary = resolveWorkerBin()) {
  if (!binary) throw new Error('no mediasoup-worker binary found: run `npm run setup` first');
  const problems = binaryProblems(binary);
  if (problems.length) throw new Error(`${binary}:\n  ${problems.join('\n  ')}`);
  const smoke = verifyWithMediasoup(binary, THIS_FILE);
  return { binary, openssl: embeddedOpenSSLVersion(binary), ...smoke };
}

async function main(argv) {
  const quiet = argv.includes('--quiet');
  const command = argv.find((a) => !a.startsWith('--')) || 'ensure';
  switch (command) {
    case 'ensure':
    case 'rebuild': {
      const binary = await ensureWorker({ quiet, force: command === 'rebuild' });
      process.stdout.write(`${binary}\n`);
      return 0;
    }
    case 'path': {
      const binary = resolveWorkerBin();
      if (!binary) {
        say('no mediasoup-worker binary yet: run `npm run setup` (or `node scripts/sfu-worker.mjs ensure`)');
        return 1;
      }
      process.stdout.write(`${binary}\n`);
      return 0;
    }
    case 'verify': {
      const summary = verifyWorker();
      say(
        `ok: ${summary.binary} (OpenSSL ${summary.openssl}, static) runs; mediasoup createWorker/createRouter ` +
          `(${summary.codecs.join(', ')})/createWebRtcTransport work`,
      );
      process.stdout.write(`${summary.binary}\n`);
      return 0;
    }
    case '__smoke-test': {
      // Internal: run by verifyWithMediasoup() in a fresh process with MEDIASOUP_WORKER_BIN set.
      const result = await mediasoupSmokeTest(mediasoupDir());
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    default:
      say(`unknown command ${command}; usage: node scripts/sfu-worker.mjs [ensure|path|rebuild|verify] [--quiet]`);
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      say(`error: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
