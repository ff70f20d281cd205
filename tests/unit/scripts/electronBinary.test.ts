// Obtaining the Electron binary (scripts/desktop/electronBinary.mjs) through Electron's own downloader against a
// mirror the test serves on loopback (ELECTRON_MIRROR) with a small fake zip — never the real binary, which this
// machine cannot download. Each case installs into a temporary copy of the electron package (its package.json, its
// index.js, a checksums.json naming the fake zip), never into node_modules/electron: a mirror's zip is checked,
// unpacked and made what require('electron') returns; a zip that fails the checksums or lacks the binary installs
// nothing and leaves an existing install as it was; with no mirror the message names the exact file and folder, and
// a file placed there is used without any network.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ElectronUnavailableError,
  electronArtifact,
  electronPackageDir,
  ensureElectron,
  isElectronInstalled,
} from '../../../scripts/desktop/electronBinary.mjs';

const real = electronPackageDir();
const { version } = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as { version: string };
const fileName = `electron-v${version}-linux-x64.zip`;
let work = '';
let mirror: Server;
let mirrorUrl = '';
const served = new Map<string, Buffer>();
const requests: string[] = [];
const savedEnv = { ...process.env };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A zip like Electron's: `electron` (here a shell script) and `version`; `binary: false` leaves the binary out. */
function fakeZip(name: string, options: { zipVersion?: string; binary?: boolean } = {}): Buffer {
  const dir = join(work, `zip-${name}`);
  mkdirSync(dir, { recursive: true });
  const files = ['version'];
  writeFileSync(join(dir, 'version'), options.zipVersion ?? version);
  if (options.binary !== false) {
    writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "fake electron $*"\n', { mode: 0o755 });
    files.push('electron');
  }
  const zip = join(work, `${name}.zip`);
  execFileSync('python3', [
    '-c',
    'import os, sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  for n in sys.argv[3:]: z.write(os.path.join(sys.argv[2], n), n)',
    zip,
    dir,
    ...files,
  ]);
  return readFileSync(zip);
}

/** A copy of the electron package whose checksums.json trusts `zip` (or the real checksums with `realChecksums`). */
function electronPackage(name: string, zip: Buffer | null): string {
  const dir = join(work, `pkg-${name}`);
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'index.js']) copyFileSync(join(real, file), join(dir, file));
  if (zip) writeFileSync(join(dir, 'checksums.json'), JSON.stringify({ [fileName]: sha256(zip) }));
  else copyFileSync(join(real, 'checksums.json'), join(dir, 'checksums.json'));
  return dir;
}

function useMirror(url: string, cache: string): void {
  process.env.ELECTRON_MIRROR = url;
  process.env.ELECTRON_CACHE = cache;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'phonghop-electron-'));
  mirror = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as { port: number }).port}/`;
});
beforeEach(() => {
  served.clear();
  requests.length = 0;
  process.env = { ...savedEnv };
});
after(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => mirror.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('the Electron binary', () => {
  it('comes from ELECTRON_MIRROR into ELECTRON_CACHE, checked, and is what require("electron") returns', async () => {
    const zip = fakeZip('good');
    served.set(`/v${version}/${fileName}`, zip);
    const pkg = electronPackage('good', zip);
    const cache = join(work, 'cache-good');
    useMirror(mirrorUrl, cache);
    assert.equal(isElectronInstalled(pkg, 'linux'), false);
    const binary = await ensureElectron({ electronDir: pkg });
    assert.deepEqual(requests, [`/v${version}/${fileName}`]);
    assert.equal(binary, join(pkg, 'dist', 'electron'));
    assert.equal(createRequire(import.meta.url)(pkg), binary, 'require("electron") gives the binary');
    assert.equal(execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim(), 'fake electron --version');
    assert.equal(isElectronInstalled(pkg, 'linux'), true);
    const { cachePath } = await electronArtifact({ electronDir: pkg, platform: 'linux', arch: 'x64' });
    assert.equal(dirname(dirname(cachePath)), cache);
    assert.equal(sha256(readFileSync(cachePath)), sha256(zip), 'the zip stays in ELECTRON_CACHE');
    await ensureElectron({ electronDir: pkg });
    assert.equal(requests.length, 1, 'installed: nothing is fetched again');
  });

  it('refuses a zip that does not match the checksums the electron package ships, installing nothing', async () => {
    served.set(`/v${version}/${fileName}`, fakeZip('impostor'));
    const pkg = electronPackage('real-checksums', null);
    useMirror(mirrorUrl, join(work, 'cache-impostor'));
    await assert.rejects(ensureElectron({ electronDir: pkg }), ElectronUnavailableError);
    assert.deepEqual(readdirSync(pkg).sort(), ['checksums.json', 'index.js', 'package.json']);
    const cache = join(work, 'cache-impostor');
    assert.deepEqual(existsSync(cache) ? readdirSync(cache, { recursive: true }) : [], [], 'nothing is cached');
  });

  it('keeps the installed version when the new zip lacks the binary', async () => {
    const old = fakeZip('old');
    served.set(`/v${version}/${fileName}`, old);
    const pkg = electronPackage('upgrade', old);
    useMirror(mirrorUrl, join(work, 'cache-upgrade'));
    await ensureElectron({ electronDir: pkg });
    // A newer electron package whose zip turns out to have no binary.
    const next = `${version.split('.')[0]}.99.0`;
    const broken = fakeZip('broken', { zipVersion: next, binary: false });
    const nextName = `electron-v${next}-linux-x64.zip`;
    served.set(`/v${next}/${nextName}`, broken);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, version: next }));
    writeFileSync(join(pkg, 'checksums.json'), JSON.stringify({ [nextName]: sha256(broken) }));
    await assert.rejects(ensureElectron({ electronDir: pkg }), /has no electron/);
    assert.equal(readFileSync(join(pkg, 'path.txt'), 'utf8'), 'electron', 'the old install is untouched');
    assert.equal(readFileSync(join(pkg, 'dist', 'version'), 'utf8'), version);
    assert.deepEqual(
      readdirSync(pkg).filter((f) => f.includes('partial')),
      [],
      'no half-unpacked folder is left',
    );
  });

  it('without a mirror says which file to place where, and uses it once placed, offline', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const zip = fakeZip('placed');
    const pkg = electronPackage('placed', zip);
    useMirror(`http://127.0.0.1:${port}/`, join(work, 'cache-placed'));
    const failure = await ensureElectron({ electronDir: pkg }).then(
      () => assert.fail('no mirror, nothing in the cache'),
      (error: unknown) => error as ElectronUnavailableError,
    );
    assert.ok(failure instanceof ElectronUnavailableError);
    const { cachePath, sha256: expected } = failure.artifact;
    assert.equal(expected, sha256(zip));
    assert.match(failure.message, /ECONNREFUSED/);
    assert.ok(failure.message.includes(`place the file ${fileName} (SHA-256 ${sha256(zip)}) at\n      ${cachePath}\n`));
    assert.ok(failure.message.includes(`serves v${version}/${fileName}`));
    assert.equal(existsSync(join(pkg, 'path.txt')), false);
    mkdirSync(dirname(cachePath), { recursive: true });
    writeFileSync(cachePath, zip);
    assert.equal(await ensureElectron({ electronDir: pkg }), join(pkg, 'dist', 'electron'));
  });

  it(
    'npm run desktop: with no Electron to be had, prints the instruction and exits 4',
    { skip: isElectronInstalled() },
    async () => {
      const run = spawnSync(process.execPath, ['scripts/desktop.mjs', '--fetch-only'], {
        cwd: new URL('../../../', import.meta.url),
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_CACHE: join(work, 'cache-cli') },
      });
      assert.equal(run.status, 4, run.stderr);
      const { sha256: realSha } = await electronArtifact();
      assert.match(
        run.stderr,
        new RegExp(`place the file ${fileName.replace(/\./g, '\\.')} \\(SHA-256 ${realSha}\\) at`),
      );
      assert.ok(run.stderr.includes(join(work, 'cache-cli')), 'the folder named is ELECTRON_CACHE');
      assert.equal(isElectronInstalled(), false);
    },
  );
});
