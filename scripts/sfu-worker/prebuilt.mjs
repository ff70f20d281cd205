// Tries mediasoup's own prebuilt worker (GitHub release asset, same URL scheme as mediasoup's
// npm-scripts.mjs downloadPrebuiltWorker/getWorkerPrebuildTarName). Offline this fails fast and
// the caller builds from source.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { capture, say } from './util.mjs';

const CONNECT_TIMEOUT_MS = 8_000;
const DOWNLOAD_TIMEOUT_MS = 180_000;

/** mediasoup-worker-<version>-<platform>-<arch>[-kernel<major>].tgz, as upstream names it. */
export function prebuiltTarName(version) {
  let name = `mediasoup-worker-${version}-${os.platform()}-${os.arch()}`;
  if (os.platform() === 'linux') name += `-kernel${Number(os.release().split('.')[0])}`;
  return `${name}.tgz`;
}

export function prebuiltUrl(pkg) {
  const base =
    process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ||
    `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/releases/download`;
  return `${base}/${pkg.version}/${prebuiltTarName(pkg.version)}`;
}

/**
 * Downloads and extracts the prebuilt worker into `workDir`; returns the extracted binary's path
 * or null (with a one-line reason printed) when it is not available.
 */
export async function downloadPrebuiltWorker(pkg, workDir, { quiet = false } = {}) {
  if (process.env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD) {
    say('MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD is set: not trying the prebuilt worker');
    return null;
  }
  const url = prebuiltUrl(pkg);
  if (!quiet) say(`trying the upstream prebuilt worker: ${url}`);
  // One controller: ~8 s to get the response headers, then a longer limit for the body.
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), CONNECT_TIMEOUT_MS);
  let res;
  try {
    res = await fetch(url, { signal: controller.signal });
  } catch (error) {
    say(`no prebuilt worker (${error.name === 'AbortError' ? 'timed out' : error.cause?.code || error.message})`);
    return null;
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    res.body?.cancel().catch(() => {});
    say(`no prebuilt worker (HTTP ${res.status} ${res.statusText})`);
    return null;
  }
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const tgz = path.join(workDir, 'worker.tgz');
  timer = setTimeout(() => controller.abort(), DOWNLOAD_TIMEOUT_MS);
  try {
    await pipeline(Readable.fromWeb(res.body), fs.createWriteStream(tgz));
    capture('tar', ['-xzf', tgz, '-C', workDir]);
  } catch (error) {
    say(`prebuilt worker download/extract failed: ${error.message}`);
    return null;
  } finally {
    clearTimeout(timer);
  }
  const binary = path.join(workDir, 'mediasoup-worker');
  if (!fs.existsSync(binary)) {
    say('prebuilt archive has no mediasoup-worker at its root');
    return null;
  }
  fs.chmodSync(binary, 0o755);
  return binary;
}
