// The local certificate authority kept in DATA_DIR/tls: created on the first start (10 years), it issues the server
// certificate (397 days, under Chromium's 398-day limit) and issues it again at a start (and at the daily check of a
// running server, listen.ts) where it would expire within 30 days, where this machine's names or addresses changed,
// or where it no longer matches its key or the CA.
// Clients trust the CA once (its SHA-256 fingerprint is printed, GET /ca.crt serves it); renewals need nothing more.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  createCaCertificate,
  createServerCertificate,
  generateKeys,
  pemCertificate,
  readSubjectAltNames,
  type HostNames,
  subjectName,
  type IssuerKeys,
  type NameAttribute,
} from './certificates.ts';
import { sameHosts } from './hosts.ts';

const DAY = 86_400_000;
export const CA_LIFETIME_DAYS = 3650;
export const SERVER_LIFETIME_DAYS = 397;
export const RENEW_WITHIN_DAYS = 30;
/** Certificates start an hour back, so that a client whose clock is a little behind accepts a fresh one. */
const BACKDATE_MS = 3_600_000;

export const TLS_FILES = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'server.crt', key: 'server.key' } as const;

export interface LocalCertificates {
  dir: string;
  /** PEM of the CA certificate: what clients install, served at /ca.crt. */
  caCertificate: string;
  /** SHA-256 of the CA certificate, colon-separated upper-case hex (as openssl and Windows show it). */
  caFingerprint: string;
  caValidTo: Date;
  /** PEM of the server certificate followed by the CA's, so that a client can check the chain against a pin. */
  certificateChain: string;
  privateKey: string;
  /** What this start did, for the log: e.g. "CA created", "server certificate issued: host names changed". */
  events: string[];
}

interface LoadedCa {
  certificate: X509Certificate;
  pem: string;
  issuer: IssuerKeys;
}

/** Writes through a temporary file and a rename, so that a crash never leaves half a key; keys are 0600. */
function writeAtomic(path: string, data: string, mode: number): void {
  const temporary = `${path}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, data, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

function readKey(path: string): KeyObject {
  // A key file a backup restored with wider permissions is narrowed again.
  chmodSync(path, 0o600);
  return createPrivateKey(readFileSync(path));
}

function caSubject(now: Date): NameAttribute[] {
  const machine = hostname().slice(0, 40);
  return [
    ['C', 'VN'],
    ['O', 'Phòng họp số'],
    ['CN', `Phòng họp số — CA cục bộ ${machine} ${now.toISOString().slice(0, 10)}`],
  ];
}

function createCa(dir: string, now: Date): LoadedCa {
  const keys = generateKeys();
  const subject = caSubject(now);
  const der = createCaCertificate(
    keys,
    subject,
    new Date(now.getTime() - BACKDATE_MS),
    new Date(now.getTime() + CA_LIFETIME_DAYS * DAY),
  );
  const pem = pemCertificate(der);
  writeAtomic(join(dir, TLS_FILES.caKey), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  writeAtomic(join(dir, TLS_FILES.caCert), pem, 0o644);
  return { certificate: new X509Certificate(der), pem, issuer: { name: subjectName(der), ...keys } };
}

/**
 * The CA in `dir`: created when neither file is there, replaced when it has expired. Half a CA (one file without the
 * other, or a key that does not match) stops the start: a new CA would make every client distrust the server, so
 * that is for the administrator to decide (restore the backup, or delete both files).
 */
function loadCa(dir: string, now: Date, events: string[]): LoadedCa {
  const certPath = join(dir, TLS_FILES.caCert);
  const keyPath = join(dir, TLS_FILES.caKey);
  const hasCert = existsSync(certPath);
  const hasKey = existsSync(keyPath);
  if (!hasCert && !hasKey) {
    events.push('CA created');
    return createCa(dir, now);
  }
  if (!hasCert || !hasKey) {
    throw new Error(
      `${dir}: ${hasCert ? TLS_FILES.caKey : TLS_FILES.caCert} is missing. Restore both files from the backup, ` +
        `or delete ${TLS_FILES.caCert} and ${TLS_FILES.caKey} to create a new CA (every client must then trust it again)`,
    );
  }
  const pem = readFileSync(certPath, 'utf8');
  const certificate = new X509Certificate(pem);
  const privateKey = readKey(keyPath);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(`${dir}: ${TLS_FILES.caKey} is not the key of ${TLS_FILES.caCert}; restore both from the backup`);
  }
  if (new Date(certificate.validTo).getTime() <= now.getTime()) {
    events.push(`CA expired on ${certificate.validTo}; a new CA was created (clients must trust it again)`);
    return createCa(dir, now);
  }
  const issuer = { name: subjectName(Buffer.from(certificate.raw)), privateKey, publicKey: certificate.publicKey };
  return { certificate, pem, issuer };
}

/** Why the server certificate in `dir` must be issued again, or null when it may stay. */
export function renewalReason(dir: string, ca: X509Certificate, hosts: HostNames, now: Date): string | null {
  const certPath = join(dir, TLS_FILES.cert);
  const keyPath = join(dir, TLS_FILES.key);
  if (!existsSync(certPath) || !existsSync(keyPath)) return 'no server certificate yet';
  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(readFileSync(certPath));
    key = readKey(keyPath);
  } catch (error) {
    return `the server certificate or key is unreadable (${String(error)})`;
  }
  if (!certificate.checkPrivateKey(key)) return 'the server key does not match its certificate';
  if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) return 'it was not issued by the current CA';
  if (new Date(certificate.validFrom).getTime() > now.getTime()) return 'it is not valid yet (the clock went back)';
  if (new Date(certificate.validTo).getTime() - now.getTime() < RENEW_WITHIN_DAYS * DAY) {
    return `it expires on ${certificate.validTo}`;
  }
  if (!sameHosts(readSubjectAltNames(Buffer.from(certificate.raw)), hosts)) {
    return 'the host names or addresses changed';
  }
  return null;
}

/** The CA and a current server certificate for `hosts` in `dir`, created or renewed as needed. */
export function ensureLocalCertificates(dir: string, hosts: HostNames, now: Date = new Date()): LocalCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const events: string[] = [];
  const ca = loadCa(dir, now, events);
  const certPath = join(dir, TLS_FILES.cert);
  const keyPath = join(dir, TLS_FILES.key);
  const reason = renewalReason(dir, ca.certificate, hosts, now);
  if (reason !== null) {
    const keys = generateKeys();
    const caValidTo = new Date(ca.certificate.validTo).getTime();
    const der = createServerCertificate(
      keys.publicKey,
      hosts,
      ca.issuer,
      new Date(now.getTime() - BACKDATE_MS),
      // Never past the CA: a chain is only as valid as its shortest-lived certificate.
      new Date(Math.min(now.getTime() + SERVER_LIFETIME_DAYS * DAY, caValidTo)),
    );
    writeAtomic(keyPath, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
    writeAtomic(certPath, pemCertificate(der), 0o644);
    events.push(`server certificate issued: ${reason}`);
  }
  const certificate = readFileSync(certPath, 'utf8');
  return {
    dir,
    caCertificate: ca.pem,
    caFingerprint: ca.certificate.fingerprint256,
    caValidTo: new Date(ca.certificate.validTo),
    certificateChain: certificate + ca.pem,
    privateKey: readFileSync(keyPath, 'utf8'),
    events,
  };
}
