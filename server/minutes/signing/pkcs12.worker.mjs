// Opens one PKCS#12 container in a worker thread, so that its key derivation (as costly as the file asks, up to the
// limit in identity.ts) and decryption cost only this thread: the server stops it at its time limit. It runs the
// same parser as the server's own files (identity.ts, through tsx: worker threads do not inherit its loader) and
// answers with the key (PEM) and certificates (DER), or with the failure as an error value.
import { parentPort, workerData } from 'node:worker_threads';

/** @typedef {{ data: Uint8Array, password: string }} Job */

const { register } = await import('tsx/esm/api');
register();
const { openPkcs12Parts } = await import('./identity.ts');

/** @param {Job} job */
function open(job) {
  try {
    const parts = openPkcs12Parts(Buffer.from(job.data), job.password);
    return { ok: true, keyPem: parts.keyPem, certificates: parts.certificates.map((c) => new Uint8Array(c)) };
  } catch (error) {
    if (typeof error?.toValue === 'function') return { ok: false, failure: error.toValue() };
    return { ok: false, failure: null, message: String(error?.message ?? error) };
  }
}

parentPort?.postMessage(open(workerData));
