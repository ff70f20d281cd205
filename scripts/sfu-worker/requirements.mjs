// Checks, before any build starts, that every Debian package the from-source build needs is
// present, and fails with one message naming the exact `apt-get install` line for what is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { which } from './util.mjs';

/** Debian packages the from-source build uses (also what `.ci/run` installs on fresh machines). */
export const BUILD_PACKAGES = [
  'g++',
  'make',
  'perl',
  'pkg-config',
  'ninja-build',
  'dpkg-dev',
  'xz-utils',
  'libuv1-dev',
  'libsrtp2-dev',
  'libusrsctp-dev',
  'libabsl-dev',
  'libflatbuffers-dev',
  'flatbuffers-compiler',
];

// System directories with multiarch subdirectories (e.g. /usr/lib/x86_64-linux-gnu).
function withMultiarch(base) {
  const dirs = [base];
  try {
    for (const name of fs.readdirSync(base)) if (/-linux-gnu/.test(name)) dirs.push(path.join(base, name));
  } catch {
    // missing
  }
  return dirs;
}

// When pkg-config or g++ itself is missing, these fall back to looking for the files, so that the
// message names only the packages that are really absent.
function hasPkgConfig(module) {
  if (which('pkg-config')) return spawnSync('pkg-config', ['--exists', module]).status === 0;
  const dirs = [...withMultiarch('/usr/lib').map((d) => path.join(d, 'pkgconfig')), '/usr/share/pkgconfig'];
  return dirs.some((dir) => fs.existsSync(path.join(dir, `${module}.pc`)));
}

function hasHeader(header) {
  if (!which('g++')) return withMultiarch('/usr/include').some((dir) => fs.existsSync(path.join(dir, header)));
  const res = spawnSync('g++', ['-std=c++17', '-E', '-x', 'c++', '-'], {
    input: `#include <${header}>\n`,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return res.status === 0;
}

function perlHasConfigureModules() {
  // OpenSSL's Configure needs modules from the full `perl` package, not only perl-base.
  const res = spawnSync('perl', ['-MIPC::Cmd', '-MFile::Compare', '-MFile::Copy', '-MData::Dumper', '-e', '1'], {
    stdio: 'ignore',
  });
  return res.status === 0;
}

const CHECKS = [
  { pkg: 'g++', what: 'C++ compiler g++', ok: () => !!which('g++') },
  { pkg: 'make', what: 'make', ok: () => !!which('make') },
  {
    pkg: 'perl',
    what: 'perl with IPC::Cmd (OpenSSL Configure)',
    ok: () => !!which('perl') && perlHasConfigureModules(),
  },
  { pkg: 'pkg-config', what: 'pkg-config', ok: () => !!which('pkg-config') },
  { pkg: 'ninja-build', what: 'ninja', ok: () => !!which('ninja') },
  { pkg: 'dpkg-dev', what: 'dpkg-source', ok: () => !!which('dpkg-source') },
  { pkg: 'xz-utils', what: 'xz (unpacks the Debian source package)', ok: () => !!which('xz') },
  { pkg: 'libuv1-dev', what: 'libuv (uv.h, pkg-config libuv)', ok: () => hasPkgConfig('libuv') && hasHeader('uv.h') },
  {
    pkg: 'libsrtp2-dev',
    what: 'libsrtp2 (srtp2/srtp.h, pkg-config libsrtp2)',
    ok: () => hasPkgConfig('libsrtp2') && hasHeader('srtp2/srtp.h'),
  },
  {
    pkg: 'libusrsctp-dev',
    what: 'usrsctp (usrsctp.h, pkg-config usrsctp)',
    ok: () => hasPkgConfig('usrsctp') && hasHeader('usrsctp.h'),
  },
  {
    pkg: 'libabsl-dev',
    what: 'abseil (absl/container/flat_hash_map.h, pkg-config absl_flat_hash_map)',
    ok: () => hasPkgConfig('absl_flat_hash_map') && hasHeader('absl/container/flat_hash_map.h'),
  },
  {
    pkg: 'libflatbuffers-dev',
    what: 'flatbuffers headers (flatbuffers/flatbuffers.h)',
    ok: () => hasHeader('flatbuffers/flatbuffers.h'),
  },
  { pkg: 'flatbuffers-compiler', what: 'flatc', ok: () => !!which('flatc') },
];

/** The requirements of the from-source build that are absent here: { pkg, what } each. */
export function missingBuildRequirements() {
  return CHECKS.filter((check) => !check.ok()).map(({ pkg, what }) => ({ pkg, what }));
}

/** Throws one Error naming every missing requirement and the apt-get line that installs them. */
export function checkBuildRequirements() {
  const missing = missingBuildRequirements();
  if (!missing.length) return;
  const packages = [...new Set(missing.map((check) => check.pkg))];
  throw new Error(
    `cannot build mediasoup-worker from source, missing: ${missing.map((check) => check.what).join('; ')}.\n` +
      `Install them with:\n  apt-get install -y ${packages.join(' ')}`,
  );
}
