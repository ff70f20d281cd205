// Builds a static OpenSSL 3.5.x from Debian trixie's own source package, for linking into the
// mediasoup worker. Why: with bookworm's OpenSSL 3.0.x the worker passes ICE with current
// Chromium and then crashes in DTLS (see docs/sfu-worker.md). apt is pointed at a private
// sources list and state directory, so the system's apt state is never touched and nothing is
// installed; apt only downloads and verifies the source package.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capture, formatSeconds, progressReporter, runLogged, say, tryCapture, withLock } from './util.mjs';

export const MIN_OPENSSL = [3, 5, 0];
const DEFAULT_MIRROR = 'http://deb.debian.org/debian';
const DEFAULT_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
const SOURCE_SUITE = 'trixie';

function parseVersion(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(text || '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function isComplete(prefix) {
  return (
    fs.existsSync(path.join(prefix, 'lib', 'libssl.a')) &&
    fs.existsSync(path.join(prefix, 'lib', 'libcrypto.a')) &&
    fs.existsSync(path.join(prefix, 'include', 'openssl', 'ssl.h')) &&
    fs.existsSync(path.join(prefix, 'build-info.json'))
  );
}

/** The newest complete cached OpenSSL ≥ 3.5 under cacheRoot, or null. */
export function findCachedOpenSSL(cacheRoot) {
  let best = null;
  let entries = [];
  try {
    entries = fs.readdirSync(cacheRoot);
  } catch {
    return null;
  }
  for (const name of entries) {
    const m = /^openssl-(\d+\.\d+\.\d+)$/.exec(name);
    if (!m) continue;
    const version = parseVersion(m[1]);
    const prefix = path.join(cacheRoot, name);
    if (compareVersions(version, MIN_OPENSSL) < 0 || !isComplete(prefix)) continue;
    if (!best || compareVersions(version, best.versionParts) > 0) {
      const info = JSON.parse(fs.readFileSync(path.join(prefix, 'build-info.json'), 'utf8'));
      best = { prefix, version: m[1], versionParts: version, debianVersion: info.debianVersion };
    }
  }
  return best;
}

/**
 * Finds the Debian mirror this machine already uses (so the same proxy/mirror rules apply), from
 * /etc/apt/sources.list and sources.list.d (one-line and deb822 formats).
 */
export function detectDebianMirror() {
  if (process.env.PHONGHOP_DEBIAN_MIRROR) {
    return { uri: process.env.PHONGHOP_DEBIAN_MIRROR.replace(/\/+$/, ''), signedBy: null };
  }
  const files = ['/etc/apt/sources.list'];
  try {
    for (const name of fs.readdirSync('/etc/apt/sources.list.d').sort()) {
      files.push(path.join('/etc/apt/sources.list.d', name));
    }
  } catch {
    // no directory
  }
  const candidates = [];
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const fields = {};
        for (const line of stanza.split('\n')) {
          const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
          if (m) fields[m[1].toLowerCase()] = m[2].trim();
        }
        if (!fields.uris || !fields.suites) continue;
        for (const uri of fields.uris.split(/\s+/)) {
          candidates.push({ uri, suites: fields.suites.split(/\s+/), signedBy: fields['signed-by'] || null });
        }
      }
    } else if (file.endsWith('.list')) {
      for (const raw of text.split('\n')) {
        const line = raw.replace(/#.*/, '').trim();
        const m = /^deb(?:-src)?\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (!m) continue;
        const signed = /signed-by=(\S+)/.exec(m[1] || '');
        candidates.push({ uri: m[2], suites: [m[3]], signedBy: signed ? signed[1] : null });
      }
    }
  }
  // A Debian archive (not security, not a third-party repo): it serves a plain release suite.
  const plain = candidates.find(
    (c) =>
      /\/debian\/?$/.test(c.uri) &&
      c.suites.some((s) => /^(bookworm|trixie|forky|sid|stable|testing|unstable|oldstable)$/.test(s)),
  );
  if (plain) return { uri: plain.uri.replace(/\/+$/, ''), signedBy: plain.signedBy };
  return { uri: DEFAULT_MIRROR, signedBy: null };
}

function aptOptions(scratch) {
  const opts = [
    '-o',
    `Dir::Etc::SourceList=${path.join(scratch, 'sources.list')}`,
    '-o',
    'Dir::Etc::SourceParts=/dev/null',
    '-o',
    `Dir::State::Lists=${path.join(scratch, 'lists')}`,
    '-o',
    `Dir::Cache=${path.join(scratch, 'cache')}`,
    '-o',
    'Debug::NoLocking=1',
    '-o',
    'APT::Get::List-Cleanup=0',
  ];
  // As root apt would drop to the _apt user, who cannot write into our cache directory.
  if (process.getuid && process.getuid() === 0) opts.push('-o', 'APT::Sandbox::User=root');
  return opts;
}

function opensslTarget() {
  const arch = os.arch();
  if (arch === 'x64') return ['linux-x86_64'];
  if (arch === 'arm64') return ['linux-aarch64'];
  return []; // let ./Configure guess
}

/** Versions of the openssl source package known to the private apt lists, newest first. */
function listSourceVersions(scratch, env) {
  const text = capture('apt-cache', [...aptOptions(scratch), 'showsrc', 'openssl'], { env });
  const versions = [...text.matchAll(/^Version:\s*(\S+)/gm)].map((m) => m[1]);
  const unique = [...new Set(versions)];
  unique.sort((a, b) => {
    const r = tryCapture('dpkg', ['--compare-versions', a, 'gt', b]) !== null;
    return r ? -1 : 1;
  });
  return unique.filter((v) => {
    const parts = parseVersion(v.replace(/^\d+:/, ''));
    return parts && compareVersions(parts, MIN_OPENSSL) >= 0;
  });
}

async function downloadSource(scratch, env, quiet) {
  const mirror = detectDebianMirror();
  const keyring = mirror.signedBy || (fs.existsSync(DEFAULT_KEYRING) ? DEFAULT_KEYRING : null);
  const option = keyring ? `[signed-by=${keyring}] ` : '';
  fs.mkdirSync(path.join(scratch, 'lists', 'partial'), { recursive: true });
  fs.mkdirSync(path.join(scratch, 'cache', 'archives', 'partial'), { recursive: true });
  fs.writeFileSync(path.join(scratch, 'sources.list'), `deb-src ${option}${mirror.uri} ${SOURCE_SUITE} main\n`);
  say(`openssl: fetching the ${SOURCE_SUITE} source index from ${mirror.uri} (private apt state in ${scratch})`);
  const log = path.join(scratch, 'apt.log');
  await runLogged('apt-get', [...aptOptions(scratch), '-q', 'update'], { env, logFile: log });
  const versions = listSourceVersions(scratch, env);
  if (!versions.length) throw new Error(`no openssl >= ${MIN_OPENSSL.join('.')} source package in ${SOURCE_SUITE}`);
  const srcDir = path.join(scratch, 'src');
  const errors = [];
  // Mirrors occasionally list a version whose files are not (yet) there: try the next one.
  for (const version of versions) {
    fs.rmSync(srcDir, { recursive: true, force: true });
    fs.mkdirSync(srcDir, { recursive: true });
    try {
      if (!quiet) say(`openssl: downloading source package openssl=${version}`);
      await runLogged('apt-get', [...aptOptions(scratch), '-q', 'source', '--download-only', `openssl=${version}`], {
        cwd: srcDir,
        env,
        logFile: log,
      });
      const dsc = fs.readdirSync(srcDir).find((f) => f.endsWith('.dsc'));
      if (!dsc) throw new Error('no .dsc downloaded');
      await runLogged('dpkg-source', ['-x', dsc, 'openssl'], { cwd: srcDir, env, logFile: log });
      return { debianVersion: version, tree: path.join(srcDir, 'openssl') };
    } catch (error) {
      errors.push(`openssl=${version}: ${error.message.split('\n')[0]}`);
      say(`openssl: source package openssl=${version} unavailable, trying an older one`);
    }
  }
  throw new Error(`could not download Debian's openssl source package:\n  ${errors.join('\n  ')}`);
}

/** Version of an unpacked OpenSSL tree, from its VERSION.dat. */
function treeVersion(tree) {
  const dat = fs.readFileSync(path.join(tree, 'VERSION.dat'), 'utf8');
  const get = (key) => new RegExp(`^${key}=(\\d+)`, 'm').exec(dat)[1];
  return `${get('MAJOR')}.${get('MINOR')}.${get('PATCH')}`;
}

async function buildInto(tree, prefix, env, quiet) {
  const jobs = String(os.availableParallelism ? os.availableParallelism() : os.cpus().length);
  const log = path.join(path.dirname(tree), 'build.log');
  say(`openssl: configuring (log: ${log})`);
  await runLogged(
    'perl',
    [
      './Configure',
      ...opensslTarget(),
      'no-shared',
      'no-tests',
      'no-docs',
      'no-apps',
      '-fPIC',
      `--prefix=${prefix}`,
      // Private directory: the worker never reads a system openssl.cnf meant for OpenSSL 3.0.
      `--openssldir=${path.join(prefix, 'ssl')}`,
      '--libdir=lib',
    ],
    { cwd: tree, env, logFile: log },
  );
  // Progress: count compiled objects against the object rules in the generated Makefile.
  const makefile = fs.readFileSync(path.join(tree, 'Makefile'), 'utf8');
  const total = (makefile.match(/^\S+\.o: /gm) || []).length;
  let done = 0;
  const report = progressReporter('openssl: compiling', quiet);
  await runLogged('make', [`-j${jobs}`, 'build_libs'], {
    cwd: tree,
    env,
    logFile: log,
    onLine: (line) => {
      const m = / -c -o (\S+\.o) /.exec(line);
      if (!m) return;
      done += 1;
      if (quiet || done % 50 === 0 || done === total) report(Math.min(done, total), total, quiet ? '' : m[1]);
    },
  });
  say('openssl: installing headers and static libraries');
  await runLogged('make', ['install_dev'], { cwd: tree, env, logFile: log });
}

/**
 * Returns { prefix, version, debianVersion } of a static OpenSSL ≥ 3.5 in
 * <cacheRoot>/openssl-<version>/, building it from Debian trixie's source package if needed.
 */
export async function ensureOpenSSL(cacheRoot, { quiet = false } = {}) {
  const cached = findCachedOpenSSL(cacheRoot);
  if (cached) return cached;
  return withLock(path.join(cacheRoot, 'openssl.lock'), 'building OpenSSL', async () => {
    const again = findCachedOpenSSL(cacheRoot);
    if (again) return again;
    const started = Date.now();
    const scratch = path.join(cacheRoot, 'openssl-build');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch, { recursive: true });
    const env = { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' };
    const { debianVersion, tree } = await downloadSource(scratch, env, quiet);
    const version = treeVersion(tree);
    const prefix = path.join(cacheRoot, `openssl-${version}`);
    fs.rmSync(prefix, { recursive: true, force: true });
    say(`openssl: building ${version} (Debian ${debianVersion}) statically into ${prefix}`);
    await buildInto(tree, prefix, env, quiet);
    const seconds = (Date.now() - started) / 1000;
    const info = {
      version,
      debianVersion,
      source: `Debian ${SOURCE_SUITE} source package openssl=${debianVersion}`,
      configure: 'no-shared no-tests no-docs no-apps -fPIC',
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round(seconds),
    };
    // Written last: its presence marks the prefix as complete.
    fs.writeFileSync(path.join(prefix, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
    fs.rmSync(scratch, { recursive: true, force: true });
    say(`openssl: ${version} ready in ${formatSeconds(seconds)}`);
    return { prefix, version, versionParts: parseVersion(version), debianVersion };
  });
}
