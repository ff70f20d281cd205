// The setup's Debian package step (scripts/setup/systemPackages.mjs): what it decides for root, for another user and
// under PHONGHOP_NO_APT=1, and the real setup run where a package really is missing — the fonts hidden by an empty
// tmpfs in a mount namespace of the test's — as a real non-root user and as root with apt refused. (Installing for
// real, as root on a fresh Debian, is `npm run test:bundle`'s: it must not change this machine.) The Node version
// guard is checked with an older version reported to the script.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { aptDecision, EXIT_MISSING_PACKAGES, type MissingPackage } from '../../../scripts/setup/systemPackages.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fonts: MissingPackage = { pkg: 'fonts-liberation2', why: ['the minutes PDF'] };
const compiler: MissingPackage = { pkg: 'g++', why: ['the worker'] };
const isRoot = process.getuid?.() === 0;

/** Runs the setup's package step with the system's TrueType fonts hidden, as nobody (65534) or as root. */
function setupWithoutFonts(env: Record<string, string>, asNobody: boolean) {
  const run = asNobody
    ? 'setpriv --reuid=65534 --regid=65534 --clear-groups node scripts/setup.mjs --system-packages'
    : 'node scripts/setup.mjs --system-packages';
  return spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs none /usr/share/fonts/truetype && ${run}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: '/tmp', ...env } },
  );
}

describe('the setup decides about missing Debian packages', () => {
  it('does nothing when nothing is missing', () => {
    assert.deepEqual(aptDecision([], { uid: 1000 }), { action: 'none' });
  });

  it('installs as root: apt-get update, then the missing packages without recommends', () => {
    assert.deepEqual(aptDecision([fonts, compiler], { uid: 0, env: {} }), {
      action: 'install',
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'fonts-liberation2', 'g++'],
      ],
    });
  });

  it('as another user prints the one sudo line and stops with its own status', () => {
    const decision = aptDecision([fonts, compiler], { uid: 1000, env: {} });
    assert.equal(decision.action, 'refuse');
    if (decision.action !== 'refuse') return;
    assert.equal(decision.line, 'sudo apt-get install -y fonts-liberation2 g++');
    assert.equal(decision.status, EXIT_MISSING_PACKAGES);
    assert.notEqual(EXIT_MISSING_PACKAGES, 0);
  });

  it('as root with PHONGHOP_NO_APT=1, or without apt-get, prints the line instead of installing', () => {
    const refused = aptDecision([fonts], { uid: 0, env: { PHONGHOP_NO_APT: '1' } });
    assert.deepEqual(refused.action === 'refuse' && [refused.line, refused.reason], [
      'apt-get install -y fonts-liberation2',
      'PHONGHOP_NO_APT=1 asks not to run apt-get',
    ]);
    const noApt = aptDecision([fonts], { uid: 0, env: {}, hasAptGet: false });
    assert.equal(noApt.action, 'refuse');
  });
});

describe('the setup run where the fonts are missing', { skip: !isRoot && 'needs root for a mount namespace' }, () => {
  it('as a non-root user: names the package and why, prints the sudo line, exits with its status', () => {
    const run = setupWithoutFonts({}, true);
    assert.equal(run.status, EXIT_MISSING_PACKAGES, run.stderr);
    assert.match(run.stderr, /fonts-liberation2 — Liberation Serif with the Vietnamese letters/);
    assert.match(run.stderr, /^sudo apt-get install -y fonts-liberation2$/m);
  });

  it('as root with PHONGHOP_NO_APT=1: runs no apt-get and prints the line to run', () => {
    const run = setupWithoutFonts({ PHONGHOP_NO_APT: '1' }, false);
    assert.equal(run.status, EXIT_MISSING_PACKAGES, run.stderr);
    assert.match(run.stderr, /^apt-get install -y fonts-liberation2$/m);
    assert.doesNotMatch(run.stderr, /\[setup\] apt-get update/);
  });
});

describe('the Node version guard', () => {
  it('stops an older Node with one clear message before loading anything', () => {
    const run = spawnSync(
      process.execPath,
      ['-e', "Object.defineProperty(process.versions, 'node', { value: '18.19.0' }); import('./scripts/setup.mjs')"],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /needs Node\.js 20 or newer; this is Node\.js 18\.19\.0/);
  });
});
