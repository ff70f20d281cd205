// The shared libraries the bundle carries for the mediasoup worker: it links libuv, libsrtp2, usrsctp and abseil
// from Debian (docs/sfu-worker.md), and libsrtp2 does its crypto through NSS, which loads its soft token and freebl
// with dlopen from its own folder at run time — ldd cannot see those two, so they are added by name. A fresh Debian 12
// has none of these; glibc, libstdc++ and libgcc_s are part of every Debian system and are not copied. Each copied
// library's Debian package is recorded with its version and copyright file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Present on every Debian 12 / Ubuntu 24.04 system (libc6, libstdc++6, libgcc-s1): never copied. */
const BASE = /^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libstdc\+\+|libgcc_s)\.so/;
/** Loaded by libnss3 with dlopen from its own folder (NSS_NoDB_Init → softoken → freebl). */
const NSS_MODULES = ['libsoftokn3.so', 'libfreeblpriv3.so', 'libfreebl3.so'];

/** `soname → path` of the libraries `file` loads that are not base libraries; throws on a missing one. */
function lddDependencies(file) {
  const res = spawnSync('ldd', [file], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`ldd ${file} failed: ${res.stderr}`);
  const found = new Map();
  for (const line of res.stdout.split('\n')) {
    const m = /^\s*(\S+)\s+=>\s+(\S+)/.exec(line);
    if (!m || BASE.test(m[1])) continue;
    if (m[2] === 'not') throw new Error(`${file} needs ${m[1]}, which is not installed here`);
    found.set(m[1], m[2]);
  }
  return found;
}

/** Every library the worker needs beyond the base system, dlopen'ed NSS modules included: Map soname → path. */
export function workerLibraries(worker) {
  const libs = lddDependencies(worker);
  const nss = libs.get('libnss3.so');
  if (nss) {
    for (const name of NSS_MODULES) {
      const candidate = path.join(path.dirname(fs.realpathSync(nss)), name);
      if (!fs.existsSync(candidate)) continue;
      libs.set(name, candidate);
      for (const [soname, file] of lddDependencies(candidate)) libs.set(soname, file);
      const chk = candidate.replace(/\.so$/, '.chk');
      if (fs.existsSync(chk)) libs.set(path.basename(chk), chk);
    }
  }
  return libs;
}

function owningPackage(file) {
  for (const candidate of [file, fs.realpathSync(file)]) {
    const res = spawnSync('dpkg-query', ['--search', candidate], { encoding: 'utf8' });
    if (res.status === 0) return res.stdout.split(':')[0].trim();
  }
  return null;
}

/**
 * Copies the worker's libraries into `libDir` under their sonames (symlinks resolved), with PACKAGES.txt (package,
 * version, libraries) and copyright/<package>. Returns the list of packages.
 */
export function copyWorkerLibraries(worker, libDir) {
  fs.mkdirSync(path.join(libDir, 'copyright'), { recursive: true });
  const packages = new Map();
  for (const [soname, file] of workerLibraries(worker)) {
    fs.copyFileSync(fs.realpathSync(file), path.join(libDir, soname));
    const pkg = owningPackage(file) ?? '(not from a Debian package)';
    const entry = packages.get(pkg) ?? [];
    entry.push(soname);
    packages.set(pkg, entry);
  }
  const lines = [];
  for (const [pkg, sonames] of [...packages].sort()) {
    const version = spawnSync('dpkg-query', ['--show', '--showformat=${Version}', pkg], { encoding: 'utf8' });
    lines.push(`${pkg} ${version.status === 0 ? version.stdout : '?'}: ${sonames.sort().join(' ')}`);
    const copyright = path.join('/usr/share/doc', pkg.replace(/:.*$/, ''), 'copyright');
    if (fs.existsSync(copyright)) fs.copyFileSync(copyright, path.join(libDir, 'copyright', pkg.replace(/:.*$/, '')));
  }
  fs.writeFileSync(
    path.join(libDir, 'PACKAGES.txt'),
    `# Libraries the mediasoup worker loads, copied from these Debian packages of the build machine.\n${lines.join('\n')}\n`,
  );
  return [...packages.keys()];
}
