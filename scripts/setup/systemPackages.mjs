// The Debian packages a checkout needs before `npm start` can run, and the setup step that provides them: as root it
// installs what is missing with apt-get (saying what and why), otherwise — or with PHONGHOP_NO_APT=1 — it prints the
// one apt-get line to run and stops with EXIT_MISSING_PACKAGES. Which packages depends on what is still to be done
// here: the fonts always, a compiler for better-sqlite3 only while its binding is missing, the worker's build
// libraries only while no mediasoup worker binary exists. Package names are Debian 12's (the same on Ubuntu 24.04).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { missingBuildRequirements } from '../sfu-worker/requirements.mjs';
import { findCachedOpenSSL } from '../sfu-worker/openssl.mjs';
import { which } from '../sfu-worker/util.mjs';

/** Exit status of the setup when packages are missing and it may not install them: documented in docs/install.md. */
export const EXIT_MISSING_PACKAGES = 3;

const FONT_FILE = 'LiberationSerif-Regular.ttf';
// Where Debian and Ubuntu put Liberation 2.x (server/minutes/pdf/fonts.ts looks in the same places).
const FONT_DIRS = ['/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/truetype/liberation'];
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

const WHY = {
  fonts: 'Liberation Serif with the Vietnamese letters: the minutes PDF and the demo documents are set in it',
  native: 'compiles better-sqlite3 (node-gyp), whose binding is not built yet',
  worker: 'builds the mediasoup worker from source (no usable prebuilt worker, docs/sfu-worker.md)',
  keyring: "verifies Debian's OpenSSL 3.5 source package for the worker build",
};

function fontsPresent(env) {
  // With MINUTES_FONT_DIR the fonts are the administrator's choice, and no package would put them there.
  if (env.MINUTES_FONT_DIR) return true;
  return FONT_DIRS.some((dir) => fs.existsSync(path.join(dir, FONT_FILE)));
}

/**
 * The packages missing here for what remains to be done, each once with the reasons it is needed:
 * [{ pkg, why: [reason…] }]. `needNativeBuild`: a native module must be compiled; `needWorkerBuild`: no worker yet.
 */
export function missingSystemPackages({ needNativeBuild, needWorkerBuild, cacheRoot, env = process.env }) {
  const wanted = [];
  if (!fontsPresent(env)) wanted.push({ pkg: 'fonts-liberation2', why: WHY.fonts });
  if (needNativeBuild) {
    if (!which('python3')) wanted.push({ pkg: 'python3', why: WHY.native });
    if (!which('make')) wanted.push({ pkg: 'make', why: WHY.native });
    if (!which('g++')) wanted.push({ pkg: 'g++', why: WHY.native });
  }
  if (needWorkerBuild) {
    for (const { pkg } of missingBuildRequirements()) wanted.push({ pkg, why: WHY.worker });
    if (!findCachedOpenSSL(cacheRoot) && !fs.existsSync(DEBIAN_KEYRING)) {
      wanted.push({ pkg: 'debian-archive-keyring', why: WHY.keyring });
    }
  }
  const byPackage = new Map();
  for (const { pkg, why } of wanted) {
    const entry = byPackage.get(pkg) ?? { pkg, why: [] };
    if (!entry.why.includes(why)) entry.why.push(why);
    byPackage.set(pkg, entry);
  }
  return [...byPackage.values()];
}

/**
 * What to do about the missing packages: nothing, install them (root, apt-get present, not refused), or stop and
 * print the line to run. Pure, so that every case is tested without being root or lacking anything.
 */
export function aptDecision(missing, { uid, env = process.env, hasAptGet = true }) {
  if (missing.length === 0) return { action: 'none' };
  const packages = missing.map((m) => m.pkg);
  const install = ['apt-get', 'install', '-y', ...packages];
  if (uid === 0 && env.PHONGHOP_NO_APT !== '1' && hasAptGet) {
    return {
      action: 'install',
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', ...packages],
      ],
    };
  }
  const reason =
    uid !== 0
      ? 'installing them needs root'
      : !hasAptGet
        ? 'apt-get is not available on this system'
        : 'PHONGHOP_NO_APT=1 asks not to run apt-get';
  return {
    action: 'refuse',
    reason,
    line: uid === 0 ? install.join(' ') : `sudo ${install.join(' ')}`,
    status: EXIT_MISSING_PACKAGES,
  };
}

function describe(missing) {
  return missing.map((m) => `  ${m.pkg} — ${m.why.join('; ')}`).join('\n');
}

/**
 * Runs the decision: returns when nothing is missing any more; otherwise prints the line to run and exits with
 * EXIT_MISSING_PACKAGES (or exits 1 when apt-get failed). Progress and apt's own output go to stderr.
 */
export function ensureSystemPackages(missing, { recheck, uid = process.getuid?.() ?? -1, env = process.env }) {
  const decision = aptDecision(missing, { uid, env, hasAptGet: !!which('apt-get') });
  if (decision.action === 'none') return;
  if (decision.action === 'refuse') {
    process.stderr.write(
      `[setup] missing Debian packages (${decision.reason}):\n${describe(missing)}\n` +
        `[setup] run this once, then the same command again:\n${decision.line}\n`,
    );
    process.exit(decision.status);
  }
  process.stderr.write(
    `[setup] installing Debian packages as root (PHONGHOP_NO_APT=1 would only print the command):\n` +
      `${describe(missing)}\n`,
  );
  for (const command of decision.commands) {
    process.stderr.write(`[setup] ${command.join(' ')}\n`);
    const res = spawnSync(command[0], command.slice(1), {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (res.status !== 0) {
      process.stderr.write(`[setup] ${command.join(' ')} failed (exit ${res.status ?? res.signal})\n`);
      process.exit(1);
    }
  }
  const still = recheck();
  if (still.length > 0) {
    process.stderr.write(`[setup] still missing after apt-get:\n${describe(still)}\n`);
    process.exit(1);
  }
}
