// How this server signs (docs/minutes.md, "Signatures"): the trust list's folder, the time-stamping authority, how
// long the PKI services and a signer may take. Read from the environment with the rest of the configuration.
import { resolve } from 'node:path';
import type { CscConfig } from './csc/cscClient.ts';

export interface SigningConfig {
  /** Root (and intermediate) CA certificates whose signers are accepted; none: only the demo CA, on a demo server. */
  trustDir: string | null;
  /** RFC 3161 time-stamping authority: every signature is timestamped (PAdES B-T); none: B-B, said in the view. */
  tsaUrl: string | null;
  /** Time limit of one OCSP, CRL or TSA exchange. */
  serviceTimeoutMs: number;
  /** How long a prepared signature waits for its signer (a PIN typed, a phone confirmed). */
  signerTimeoutMs: number;
  /** Remote signing (CSC API v2 provider); null when not configured. */
  csc: CscConfig | null;
  /** How long the signer has to confirm on the phone. */
  remoteTimeoutMs: number;
  /** Public verifications (POST /api/verify) one client address may ask for per minute. */
  verifyPerMinute: number;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

function httpUrl(value: string | undefined, name: string): string | null {
  if (!value) return null;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL`);
  return url.toString();
}

export function loadSigningConfig(env: NodeJS.ProcessEnv): SigningConfig {
  return {
    trustDir: env.SIGNING_TRUST_DIR ? resolve(env.SIGNING_TRUST_DIR) : null,
    tsaUrl: httpUrl(env.TSA_URL, 'TSA_URL'),
    serviceTimeoutMs: positive(env.SIGNING_SERVICE_TIMEOUT_MS, 10_000, 'SIGNING_SERVICE_TIMEOUT_MS'),
    signerTimeoutMs: positive(env.SIGNING_SIGNER_TIMEOUT_MS, 180_000, 'SIGNING_SIGNER_TIMEOUT_MS'),
    csc: env.CSC_URL
      ? {
          url: httpUrl(env.CSC_URL, 'CSC_URL')!,
          clientId: env.CSC_CLIENT_ID ?? '',
          clientSecret: env.CSC_CLIENT_SECRET ?? '',
          timeoutMs: positive(env.SIGNING_SERVICE_TIMEOUT_MS, 10_000, 'SIGNING_SERVICE_TIMEOUT_MS'),
          pollIntervalMs: positive(env.CSC_POLL_INTERVAL_MS, 3000, 'CSC_POLL_INTERVAL_MS'),
        }
      : null,
    remoteTimeoutMs: positive(env.CSC_CONFIRM_TIMEOUT_MS, 120_000, 'CSC_CONFIRM_TIMEOUT_MS'),
    verifyPerMinute: positive(env.SIGNING_VERIFY_PER_MINUTE, 20, 'SIGNING_VERIFY_PER_MINUTE'),
  };
}
