// Checks that a mediasoup-worker binary is usable here: it starts (exit 41 without env, as
// mediasoup's main.cpp does when MEDIASOUP_VERSION is missing), carries a static OpenSSL ≥ 3.5,
// and mediasoup can create a worker, a router and a WebRTC transport with it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIN_OPENSSL, compareVersions } from './openssl.mjs';

/** Exit status of the binary run with an empty environment (41 means it runs on this host). */
export function exitStatusWithoutEnv(binary) {
  const res = spawnSync(binary, [], { env: {}, stdio: 'ignore', timeout: 15_000 });
  if (res.error) return `error: ${res.error.code || res.error.message}`;
  return res.status ?? `signal ${res.signal}`;
}

/** Shared libssl/libcrypto the binary would load (ldd lines), [] when OpenSSL is static. */
export function dynamicOpenSSL(binary) {
  const res = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (res.status !== 0) return [];
  return res.stdout
    .split('\n')
    .filter((line) => /lib(ssl|crypto)\.so/.test(line))
    .map((l) => l.trim());
}

/** The OpenSSL version text compiled into the binary ("3.5.7"), or null. */
export function embeddedOpenSSLVersion(binary) {
  const text = fs.readFileSync(binary).toString('latin1');
  const m = /OpenSSL (\d+\.\d+\.\d+)[^\0]{0,40}/.exec(text);
  return m ? m[1] : null;
}

export function hasRequiredOpenSSL(version) {
  if (!version) return false;
  return compareVersions(version.split('.').map(Number), MIN_OPENSSL) >= 0;
}

/** Binary-level checks; returns a list of problems (empty when fine). */
export function binaryProblems(binary) {
  const problems = [];
  const status = exitStatusWithoutEnv(binary);
  if (status !== 41) problems.push(`running it without env gave ${status}, expected exit code 41`);
  const dynamic = dynamicOpenSSL(binary);
  if (dynamic.length) problems.push(`links OpenSSL dynamically: ${dynamic.join('; ')}`);
  const version = embeddedOpenSSLVersion(binary);
  if (!hasRequiredOpenSSL(version)) {
    problems.push(
      `contains OpenSSL ${version || '(none found)'}, need >= ${MIN_OPENSSL.join('.')} (see docs/sfu-worker.md)`,
    );
  }
  return problems;
}

/**
 * Runs in a child process with MEDIASOUP_WORKER_BIN set (mediasoup reads it when first
 * imported): createWorker + createRouter (opus, VP8) + createWebRtcTransport on 127.0.0.1.
 */
export async function mediasoupSmokeTest(mediasoupDir) {
  const mediasoup = await import(pathToFileURL(path.join(mediasoupDir, 'node', 'lib', 'index.js')).href);
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  try {
    const router = await worker.createRouter({
      mediaCodecs: [
        { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
        { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
      ],
    });
    const transport = await router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: '127.0.0.1' },
        { protocol: 'tcp', ip: '127.0.0.1' },
      ],
    });
    if (!transport.iceCandidates.length) throw new Error('WebRtcTransport has no ICE candidates');
    if (!transport.dtlsParameters.fingerprints.some((f) => f.algorithm === 'sha-256')) {
      throw new Error('WebRtcTransport has no sha-256 DTLS fingerprint');
    }
    const codecs = router.rtpCapabilities.codecs.map((c) => c.mimeType);
    transport.close();
    return { pid: worker.pid, codecs, candidates: transport.iceCandidates.length };
  } finally {
    worker.close();
  }
}

/** Runs mediasoupSmokeTest in a fresh node process using `binary`; throws on failure. */
export function verifyWithMediasoup(binary, entryScript) {
  const res = spawnSync(process.execPath, [entryScript, '__smoke-test'], {
    env: { ...process.env, MEDIASOUP_WORKER_BIN: binary },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (res.status !== 0) {
    throw new Error(`mediasoup smoke test with ${binary} failed:\n${(res.stderr || '').trim()}${res.stdout || ''}`);
  }
  return JSON.parse(res.stdout.trim().split('\n').pop());
}
