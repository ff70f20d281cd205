// Whose certificates may sign: the trust list is the root certificates in SIGNING_TRUST_DIR (PEM or DER files; an
// agency adds the Government specialised root of Ban Cơ yếu Chính phủ and NEAC's national root, downloaded from the
// official sites — none is shipped), plus the demo CA on a demo server only. A signing certificate is accepted when
// it chains to one of them (intermediates from the signer or from the folder), is valid now, is not a CA, and allows
// digitalSignature or nonRepudiation. Revocation is checked separately (revocation.ts).
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { keyUsage } from './certificateFields.ts';
import { nameAttribute } from './identity.ts';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/** Longest chain followed from a signer to a root. */
const MAX_DEPTH = 6;

/** The certificates in a file: every PEM block, or the file as one DER certificate. */
export function readCertificates(data: Buffer): X509Certificate[] {
  const text = data.toString('latin1');
  const blocks = text.match(PEM_BLOCK);
  if (blocks) return blocks.map((block) => new X509Certificate(block));
  return [new X509Certificate(data)];
}

const label = (cert: X509Certificate) => nameAttribute(cert.subject, 'CN') ?? cert.subject.replace(/\n/g, ', ');

export class TrustList {
  /** Self-signed roots. */
  readonly anchors: X509Certificate[];
  /** Intermediate CA certificates found beside them (used to build paths, never trusted alone). */
  readonly intermediates: X509Certificate[];

  constructor(certificates: X509Certificate[]) {
    const selfSigned = (c: X509Certificate) => c.checkIssued(c) && c.verify(c.publicKey);
    this.anchors = certificates.filter(selfSigned);
    this.intermediates = certificates.filter((c) => !selfSigned(c) && c.ca);
  }

  /** The certificates in a folder (files that are not certificates are named in the error). */
  static fromDir(dir: string | null, extra: X509Certificate[] = []): TrustList {
    const certs = [...extra];
    if (dir && existsSync(dir)) {
      for (const name of readdirSync(dir).sort()) {
        const file = join(dir, name);
        if (!statSync(file).isFile() || !/\.(pem|crt|cer|der)$/i.test(name)) continue;
        try {
          certs.push(...readCertificates(readFileSync(file)));
        } catch (error) {
          throw new Error(`SIGNING_TRUST_DIR: ${file} is not a certificate: ${(error as Error).message}`);
        }
      }
    }
    return new TrustList(certs);
  }

  get empty(): boolean {
    return this.anchors.length === 0;
  }

  /** The path from `cert` to a trusted root valid at `at` (signer first, root last), or null. */
  path(cert: X509Certificate, pool: X509Certificate[], at: Date): X509Certificate[] | null {
    const candidates = [...this.anchors, ...this.intermediates, ...pool];
    const path = [cert];
    let current = cert;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (new Date(current.validFrom) > at || new Date(current.validTo) < at) return null;
      if (this.anchors.some((a) => a.raw.equals(current.raw))) return path;
      const issuer = candidates.find(
        (c) => !c.raw.equals(current.raw) && c.ca && current.checkIssued(c) && current.verify(c.publicKey),
      );
      if (!issuer) return null;
      path.push(issuer);
      current = issuer;
    }
    return null;
  }
}

/**
 * Throws `signing_failed` with the reason a person can act on, unless the certificate may sign now: valid today,
 * chaining to the trust list, an end entity with digitalSignature or nonRepudiation. Returns the path, root last.
 */
export function checkSigningCertificate(
  certificate: Buffer,
  chain: Buffer[],
  trust: TrustList,
  now = new Date(),
): X509Certificate[] {
  let cert: X509Certificate;
  let pool: X509Certificate[];
  try {
    cert = new X509Certificate(certificate);
    pool = chain.map((der) => new X509Certificate(der));
  } catch (error) {
    throw new AppFailure('invalid_message', `not an X.509 certificate: ${(error as Error).message}`);
  }
  const name = label(cert);
  if (new Date(cert.validTo) < now || new Date(cert.validFrom) > now) {
    throw new AppFailure(
      'signing_failed',
      `the certificate of ${name} is valid from ${cert.validFrom} to ${cert.validTo}, not now`,
      'certificate_expired',
    );
  }
  const path = trust.path(cert, pool, now);
  if (!path) {
    throw new AppFailure(
      'signing_failed',
      `the certificate of ${name}, issued by ${nameAttribute(cert.issuer, 'CN') ?? cert.issuer}` +
        (trust.empty ? ': no trusted root is configured (SIGNING_TRUST_DIR)' : ', does not chain to a trusted root'),
      'certificate_untrusted',
    );
  }
  const usage = keyUsage(certificate);
  if (cert.ca || !usage || !(usage.digitalSignature || usage.nonRepudiation)) {
    throw new AppFailure(
      'signing_failed',
      `the certificate of ${name} is not for signatures (key usage digitalSignature or nonRepudiation)`,
      'certificate_key_usage',
    );
  }
  return path;
}
