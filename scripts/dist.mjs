#!/usr/bin/env node
// `npm run dist`: the desktop shell's packages (deb and AppImage for Linux x64, an NSIS installer for Windows x64)
// with electron-builder and build/electron-builder.yml. Each target platform needs Electron's zip for it; they are
// obtained first with Electron's own downloader (ELECTRON_MIRROR, ELECTRON_CACHE; scripts/desktop/electronBinary.mjs)
// and handed to electron-builder as `electronDist`, so that it downloads no Electron of its own. When a zip cannot be
// had, the message says which file to place where, and nothing is built (exit 4). electron-builder still downloads
// its packaging tools (fpm, appimagetool, NSIS, rcedit) from ELECTRON_BUILDER_BINARIES_MIRROR (GitHub by default).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ElectronUnavailableError, fetchElectronZip } from './desktop/electronBinary.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = path.join(ROOT, 'build', 'electron-builder.yml');
const require = createRequire(import.meta.url);
const say = (line) => process.stderr.write(`[dist] ${line}\n`);

/** electron-builder's section per platform and the platform name Electron's zips use. */
const SECTIONS = [
  { section: 'linux', platform: 'linux', flag: '--linux' },
  { section: 'win', platform: 'win32', flag: '--win' },
  { section: 'mac', platform: 'darwin', flag: '--mac' },
];

export function readBuilderConfig(file = CONFIG) {
  return require('js-yaml').load(fs.readFileSync(file, 'utf8'));
}

/**
 * What to build from the configuration: per platform, the targets and their architectures (x64 unless a target
 * names others). macOS packages are built on macOS only (signing and dmg need it).
 */
export function packagingTargets(config, host = process.platform) {
  const out = [];
  for (const { section, platform, flag } of SECTIONS) {
    if (platform === 'darwin' && host !== 'darwin') continue;
    const targets = [config[section]?.target ?? []].flat();
    if (targets.length === 0) continue;
    const names = targets.map((t) => (typeof t === 'string' ? t : t.target));
    const arches = [...new Set(targets.flatMap((t) => (typeof t === 'string' ? ['x64'] : [t.arch ?? 'x64'].flat())))];
    out.push({ platform, flag, targets: names, arches });
  }
  return out;
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

async function main() {
  const plan = packagingTargets(readBuilderConfig());
  const zipsDir = path.join(ROOT, 'dist', 'electron-zips');
  fs.mkdirSync(zipsDir, { recursive: true });
  const missing = [];
  for (const { platform, arches } of plan) {
    for (const arch of arches) {
      try {
        const zip = await fetchElectronZip({ platform, arch });
        fs.copyFileSync(zip, path.join(zipsDir, path.basename(zip)));
        say(`Electron for ${platform}-${arch}: ${zip}`);
      } catch (error) {
        if (!(error instanceof ElectronUnavailableError)) throw error;
        missing.push(error.message);
      }
    }
  }
  if (missing.length > 0) {
    say(`nothing built: Electron's zip is missing for ${missing.length} platform(s).\n${missing.join('\n\n')}`);
    return 4;
  }
  run('npm', ['run', 'build:renderer']);
  run('npm', ['run', 'build:electron']);
  const builder = require.resolve('electron-builder/cli.js');
  const targets = plan.flatMap(({ flag, targets: names }) => [flag, ...names]);
  const arches = [...new Set(plan.flatMap((p) => p.arches))].map((a) => `--${a}`);
  run(process.execPath, [builder, '--config', CONFIG, ...targets, ...arches, `-c.electronDist=${zipsDir}`]);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => (process.exitCode = code));
}
