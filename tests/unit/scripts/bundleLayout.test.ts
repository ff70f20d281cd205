// The air-gapped bundle's pieces, checked quickly without building it (`npm run test:bundle` builds and installs it
// on a fresh Debian): everything the server imports is in what the bundle copies and in the production dependencies
// that `npm ci --omit=dev` installs; the worker's libraries include the NSS modules it loads with dlopen and no
// base-system library; the systemd unit passes `systemd-analyze verify`; the shell scripts parse under dash, the
// /bin/sh of Debian; every template is a required file of the bundle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_FILES, REQUIRED, TEMPLATES, bundleName, layoutProblems } from '../../../scripts/bundle/layout.mjs';
import { workerLibraries } from '../../../scripts/bundle/sharedLibs.mjs';
import { resolveWorkerBin } from '../../../scripts/sfu-worker.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = join(root, 'scripts', 'bundle', 'files');

/** Every .ts/.mjs file under the bundled folders, with the specifiers it imports at run time (not `import type`). */
function runtimeImports(): { file: string; specifier: string }[] {
  const out: { file: string; specifier: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.mts')) {
        const text = readFileSync(path, 'utf8');
        const statics = text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gm);
        const dynamics = text.matchAll(/\bimport\('([^']+)'\)/g);
        const required = text.matchAll(/\brequire(?:\.resolve)?\('([^']+)'/g);
        for (const m of [...statics, ...dynamics, ...required]) out.push({ file: path, specifier: m[1]! });
      }
    }
  };
  for (const dir of APP_FILES.map((rel) => join(root, rel)).filter((p) => existsSync(p) && !/\.\w+$/.test(p))) {
    walk(dir);
  }
  return out;
}

describe('the bundle', () => {
  it('is named phonghop-server-<version>-linux-x64 on this machine', () => {
    assert.equal(bundleName('0.1.0', 'x64'), 'phonghop-server-0.1.0-linux-x64');
  });

  it('copies every file the server imports', () => {
    const outside = runtimeImports()
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ file, specifier }) => ({ file, target: relative(root, resolve(dirname(file), specifier)) }))
      .filter(({ target }) => !APP_FILES.some((rel) => target === rel || target.startsWith(`${rel}/`)));
    assert.deepEqual(outside, [], 'imports of files the bundle does not copy');
  });

  it('installs every package the server imports with npm ci --omit=dev (dependencies, not devDependencies)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const imports = runtimeImports();
    for (const name of ['better-sqlite3', 'socket.io', 'mediasoup']) {
      assert.ok(
        imports.some((i) => i.specifier === name),
        `the scan sees ${name}`,
      );
    }
    const missing = imports
      .filter(({ specifier }) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
      .map(({ file, specifier }) => ({
        file: relative(root, file),
        name: specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!,
      }))
      .filter(({ name }) => !builtins.has(name) && !(name in pkg.dependencies));
    assert.deepEqual(missing, [], 'run-time imports of packages that are not production dependencies');
  });

  it("carries the worker's libraries, with the NSS modules libsrtp2 loads at run time, and no base library", () => {
    const worker = resolveWorkerBin();
    assert.ok(worker, 'a worker exists (npm test runs the setup first)');
    const libs = [...workerLibraries(worker).keys()];
    for (const name of [
      'libuv.so.1',
      'libsrtp2.so.1',
      'libusrsctp.so.2',
      'libnss3.so',
      'libsoftokn3.so',
      'libfreeblpriv3.so',
    ]) {
      assert.ok(libs.includes(name), `${name} in ${libs.join(', ')}`);
    }
    for (const name of ['libuv.so.1', 'libnss3.so', 'libsoftokn3.so']) assert.ok(REQUIRED.includes(`lib/${name}`));
    assert.deepEqual(
      libs.filter((l) => /^(libc|libm|libstdc\+\+|libgcc_s|ld-linux)\.so/.test(l)),
      [],
      'glibc, libstdc++ and libgcc_s are every Debian system’s',
    );
  });

  it('has a systemd unit that systemd-analyze verify accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonghop-unit-'));
    try {
      // verify wants the programs to exist: the unit as installed, pointed at the bundle's own command.
      const unit = readFileSync(join(files, 'phonghop.service'), 'utf8').replaceAll('/opt/phonghop/current/bin', files);
      writeFileSync(join(dir, 'phonghop.service'), unit);
      const run = spawnSync('systemd-analyze', ['verify', join(dir, 'phonghop.service')], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr.trim(), '', 'no unknown or malformed setting');
      assert.match(unit, /^User=phonghop$/m);
      assert.match(unit, /^StateDirectory=phonghop$/m);
      assert.match(unit, /^Environment=DATA_DIR=\/var\/lib\/phonghop$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has an installer and a command that parse under dash, and every template among its required files', () => {
    for (const script of ['install.sh', 'phonghop']) {
      const run = spawnSync('dash', ['-n', join(files, script)], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${script}: ${run.stderr}`);
    }
    for (const t of TEMPLATES) assert.ok(REQUIRED.includes(t.to), `${t.to} is required`);
    const empty = mkdtempSync(join(tmpdir(), 'phonghop-layout-'));
    try {
      assert.equal(layoutProblems(empty).length, REQUIRED.length, 'an empty folder lacks every required file');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
