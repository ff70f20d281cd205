// What the HTTPS listener presents: the generated local CA's server certificate, or the agency's own files
// (TLS_CERT/TLS_KEY, optionally TLS_CA to serve at /ca.crt). Read once at start; a file that does not parse or a key
// that does not match its certificate stops the start with a message naming the file.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config.ts';
import { certificateHosts } from './hosts.ts';
import { RENEW_WITHIN_DAYS, ensureLocalCertificates } from './localCa.ts';

const DAY = 86_400_000;

export interface TlsCredentials {
  mode: 'generated' | 'files';
  /** PEM: the server certificate and the rest of its chain. */
  certificateChain: string;
  privateKey: string;
  /** The CA clients should trust (served at /ca.crt and /ca.der), or null when there is none to serve. */
  ca: { pem: string; der: Buffer; fingerprint: string } | null;
  /** Lines for the start-up log (stderr): what is used, what changed, what needs attention. */
  notes: string[];
}

export const TLS_DIR = 'tls';

function readFile(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function parseCertificate(bytes: Buffer, variable: string, path: string): X509Certificate {
  try {
    return new X509Certificate(bytes);
  } catch {
    throw new Error(`${variable}: ${path} is not a certificate (PEM or DER)`);
  }
}

function filesCredentials(tls: ServerConfig['tls'], now: Date): TlsCredentials {
  const certFile = tls.certFile!;
  const keyFile = tls.keyFile!;
  const chain = readFile(certFile, 'TLS_CERT');
  const leaf = parseCertificate(chain, 'TLS_CERT', certFile);
  const keyBytes = readFile(keyFile, 'TLS_KEY');
  let matches: boolean;
  try {
    matches = leaf.checkPrivateKey(createPrivateKey(keyBytes));
  } catch {
    throw new Error(`TLS_KEY: ${keyFile} is not a private key in PEM (an encrypted key must be decrypted first)`);
  }
  if (!matches) throw new Error(`TLS_KEY: ${keyFile} is not the key of the certificate in ${certFile}`);
  const notes = [`HTTPS: chứng chỉ của cơ quan ${certFile} (${leaf.subject.replace(/\n/g, ', ')})`];
  const left = new Date(leaf.validTo).getTime() - now.getTime();
  if (left <= 0) notes.push(`CẢNH BÁO: chứng chỉ ${certFile} đã hết hạn (${leaf.validTo}); trình duyệt sẽ từ chối.`);
  else if (left < RENEW_WITHIN_DAYS * DAY) notes.push(`CẢNH BÁO: chứng chỉ ${certFile} hết hạn ngày ${leaf.validTo}.`);
  let ca: TlsCredentials['ca'] = null;
  if (tls.caFile) {
    const caCertificate = parseCertificate(readFile(tls.caFile, 'TLS_CA'), 'TLS_CA', tls.caFile);
    ca = {
      pem: caCertificate.toString(),
      der: Buffer.from(caCertificate.raw),
      fingerprint: caCertificate.fingerprint256,
    };
  }
  return { mode: 'files', certificateChain: chain.toString('utf8'), privateKey: keyBytes.toString('utf8'), ca, notes };
}

function generatedCredentials(config: ServerConfig, now: Date): TlsCredentials {
  const hosts = certificateHosts(config.tls.extraHosts);
  const local = ensureLocalCertificates(join(config.dataDir, TLS_DIR), hosts, now);
  const notes = [
    `HTTPS: chứng chỉ do CA cục bộ cấp (${local.dir}) cho ${[...hosts.dns, ...hosts.ips].join(', ')}`,
    ...local.events.map((event) => `  ${event}`),
  ];
  if (local.caValidTo.getTime() - now.getTime() < 90 * DAY) {
    notes.push(
      `CẢNH BÁO: CA cục bộ hết hạn ngày ${local.caValidTo.toISOString().slice(0, 10)}; xem docs/deployment.md.`,
    );
  }
  const caCertificate = new X509Certificate(local.caCertificate);
  return {
    mode: 'generated',
    certificateChain: local.certificateChain,
    privateKey: local.privateKey,
    ca: { pem: local.caCertificate, der: Buffer.from(caCertificate.raw), fingerprint: local.caFingerprint },
    notes,
  };
}

export function loadTlsCredentials(config: ServerConfig, now: Date = new Date()): TlsCredentials {
  if (config.tls.mode === 'off') throw new Error('TLS is off (HTTP_ONLY=1): there are no credentials to load');
  return config.tls.mode === 'files' ? filesCredentials(config.tls, now) : generatedCredentials(config, now);
}
