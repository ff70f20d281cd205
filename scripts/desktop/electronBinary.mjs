// The Electron binary for the desktop shell. `npm install` never fetches it (install scripts are off, .npmrc), so
// this does what electron's own install.js would, with Electron's own downloader (@electron/get): the zip comes from
// ELECTRON_MIRROR (or GitHub), is kept in ELECTRON_CACHE (or ~/.cache/electron), is checked against the SHA-256 that
// the electron package ships (checksums.json), and is unpacked into node_modules/electron/dist. Never half installed:
// it unpacks beside dist/, and path.txt — which `require('electron')` and `npx electron` need — is written last.
// When the zip cannot be had, the error says exactly which file to place where (or which mirror path to serve).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** node_modules/electron of this checkout. */
export function electronPackageDir() {
  return path.dirname(require.resolve('electron/package.json', { paths: [ROOT] }));
}

function loadGet(electronDir) {
  const from = { paths: [electronDir, ROOT] };
  return {
    get: require(require.resolve('@electron/get', from)),
    artifactUtils: require(require.resolve('@electron/get/dist/cjs/artifact-utils', from)),
    Cache: require(require.resolve('@electron/get/dist/cjs/Cache', from)).Cache,
    extractZip: require(require.resolve('extract-zip', from)),
  };
}

/** The executable inside the zip, as electron's install.js names it. */
export function platformPath(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The cache folder: ELECTRON_CACHE (or npm's electron_config_cache), else @electron/get's default. */
function cacheRoot(env) {
  return env.ELECTRON_CACHE || env.electron_config_cache || undefined;
}

/**
 * The zip for `platform`/`arch` of the installed electron package: its file name, the URL the downloader uses (after
 * ELECTRON_MIRROR and the like), where in the cache it is looked for, and its SHA-256 from checksums.json.
 */
export async function electronArtifact({ electronDir = electronPackageDir(), platform = process.platform, arch } = {}) {
  const { get, artifactUtils, Cache } = loadGet(electronDir);
  const { version } = readJson(path.join(electronDir, 'package.json'));
  const details = { version: `v${version}`, artifactName: 'electron', platform, arch: arch ?? get.getHostArch() };
  const fileName = artifactUtils.getArtifactFileName(details);
  const url = await artifactUtils.getArtifactRemoteURL(details);
  const cache = new Cache(cacheRoot(process.env));
  const checksums = readJson(path.join(electronDir, 'checksums.json'));
  return {
    version,
    platform,
    arch: details.arch,
    fileName,
    url,
    cachePath: cache.getCachePath(url, fileName),
    sha256: checksums[fileName] ?? null,
  };
}

/** Thrown when the zip can be neither found in the cache nor downloaded; its message is the instruction. */
export class ElectronUnavailableError extends Error {
  constructor(artifact, cause) {
    const mirrorPath = new URL(artifact.url).pathname.split('/').slice(-2).join('/');
    super(
      `Electron ${artifact.version} (${artifact.platform}-${artifact.arch}) could not be obtained from ${artifact.url}` +
        ` (${cause}).\nWithout that download, either:\n` +
        `  - place the file ${artifact.fileName}` +
        (artifact.sha256 ? ` (SHA-256 ${artifact.sha256})` : '') +
        ` at\n      ${artifact.cachePath}\n` +
        `    (in ELECTRON_CACHE, by default ~/.cache/electron, in the subfolder for that download URL), or\n` +
        `  - set ELECTRON_MIRROR to a mirror that serves ${mirrorPath} (for example\n` +
        `    ELECTRON_MIRROR=https://mirror.example.gov.vn/electron/),\n` +
        `then run the command again. Details: docs/install.md, "The desktop shell".`,
    );
    this.name = 'ElectronUnavailableError';
    /** What was looked for (ElectronArtifact). */
    this.artifact = artifact;
  }
}

/** The zip's path in the cache, downloaded (and verified) if it is not there; ElectronUnavailableError otherwise. */
export async function fetchElectronZip(options = {}) {
  const electronDir = options.electronDir ?? electronPackageDir();
  const artifact = await electronArtifact({ ...options, electronDir });
  const { get } = loadGet(electronDir);
  try {
    return await get.downloadArtifact({
      version: artifact.version,
      artifactName: 'electron',
      platform: artifact.platform,
      arch: artifact.arch,
      cacheRoot: cacheRoot(process.env),
      checksums: readJson(path.join(electronDir, 'checksums.json')),
    });
  } catch (error) {
    const reason = error?.message?.split('\n')[0] || error?.code || String(error);
    throw new ElectronUnavailableError(artifact, reason);
  }
}

/** True when dist/ holds this version's binary and path.txt points at it (electron's install.js's own test). */
export function isElectronInstalled(electronDir = electronPackageDir(), platform = process.platform) {
  try {
    const { version } = readJson(path.join(electronDir, 'package.json'));
    const installed = fs
      .readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')
      .replace(/^v/, '')
      .trim();
    if (installed !== version) return false;
    if (fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8') !== platformPath(platform)) return false;
    return fs.existsSync(path.join(electronDir, 'dist', platformPath(platform)));
  } catch {
    return false;
  }
}

/**
 * Makes `require('electron')` (and `npx electron`) work: returns the binary's path, downloading and unpacking the
 * zip when it is missing. Throws ElectronUnavailableError with the instruction when it cannot be had.
 */
export async function ensureElectron({ electronDir = electronPackageDir(), log = () => {} } = {}) {
  const platform = process.platform;
  const binary = path.join(electronDir, 'dist', platformPath(platform));
  if (isElectronInstalled(electronDir, platform)) return binary;
  const zip = await fetchElectronZip({ electronDir, platform });
  log(`unpacking ${zip}`);
  const { extractZip } = loadGet(electronDir);
  const partial = path.join(electronDir, `dist.partial-${process.pid}`);
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    await extractZip(zip, { dir: partial });
    const { version } = readJson(path.join(electronDir, 'package.json'));
    const unpacked = fs.readFileSync(path.join(partial, 'version'), 'utf8').replace(/^v/, '').trim();
    if (unpacked !== version) throw new Error(`${zip} holds Electron ${unpacked}, not ${version}`);
    if (!fs.existsSync(path.join(partial, platformPath(platform)))) {
      throw new Error(`${zip} has no ${platformPath(platform)}`);
    }
    // From here on the old install is replaced; until path.txt is written again, it reads as not installed.
    fs.rmSync(path.join(electronDir, 'path.txt'), { force: true });
    fs.rmSync(path.join(electronDir, 'dist'), { recursive: true, force: true });
    fs.renameSync(partial, path.join(electronDir, 'dist'));
    const typings = path.join(electronDir, 'dist', 'electron.d.ts');
    if (fs.existsSync(typings)) fs.renameSync(typings, path.join(electronDir, 'electron.d.ts'));
    fs.writeFileSync(path.join(electronDir, `path.txt.${process.pid}`), platformPath(platform));
    fs.renameSync(path.join(electronDir, `path.txt.${process.pid}`), path.join(electronDir, 'path.txt'));
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return binary;
}
