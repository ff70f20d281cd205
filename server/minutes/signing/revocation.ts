// Whether a certificate is revoked, asked of the CA the way the certificate says: its OCSP responder (RFC 6960) first,
// then its CRL distribution point (RFC 5280). Each answer is checked — signed by the issuer or by a responder the
// issuer delegated to, about this certificate, current — and kept as it came, for the PDF's Document Security Store
// (PAdES B-LT), where anyone can check it again later. No answer is a failure (revocation_unavailable): the minutes
// are not signed with a certificate whose status nobody could establish.
import { verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { AppFailure } from '../../../common/errors.ts';
import { crlUrls, issuerNameOf, ocspUrls, publicKeyBits, serialOf, sha1, subjectNameOf } from './certificateFields.ts';
import {
  bytesOf,
  children,
  contentOf,
  decodeOid,
  nullValue,
  octetString,
  oid,
  read,
  readTime,
  sequence,
} from './der.ts';
import { fetchDer } from './fetchDer.ts';

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const SHA1 = '1.3.14.3.2.26';
/** Clock difference tolerated between this server and a responder. */
const SKEW_MS = 5 * 60_000;

const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

export interface RevocationStatus {
  status: 'good' | 'revoked';
  /** When the CA says the certificate was revoked. */
  revokedAt: Date | null;
  /** The answer as it came: an OCSPResponse or a CRL. */
  evidence: { kind: 'ocsp' | 'crl'; der: Buffer };
  /** The time the answer speaks for (OCSP thisUpdate / CRL thisUpdate). */
  thisUpdate: Date;
}

/** Verifies `signature` over `data` with `algorithm` (an AlgorithmIdentifier node's OID). */
function signedBy(data: Buffer, algorithmOid: string, signature: Buffer, signer: X509Certificate): boolean {
  const hash = SIGNATURE_HASHES[algorithmOid];
  if (!hash) return false;
  try {
    return cryptoVerify(hash, data, signer.publicKey, signature);
  } catch {
    return false;
  }
}

/** The OCSPRequest for one certificate (CertID with SHA-1, as every responder accepts). */
export function ocspRequest(certificate: Buffer, issuer: Buffer): Buffer {
  const certId = sequence(
    sequence(oid(SHA1), nullValue()),
    octetString(sha1(issuerNameOf(certificate))),
    octetString(sha1(publicKeyBits(issuer))),
    serialOf(certificate),
  );
  return sequence(sequence(sequence(sequence(certId))));
}

/** Reads an OCSPResponse about `certificate` and checks its signature and freshness; throws what is wrong. */
export function readOcspResponse(der: Buffer, certificate: Buffer, issuer: Buffer, now: Date): RevocationStatus {
  const root = children(der, read(der));
  const status = contentOf(der, root[0]!)[0];
  if (status !== 0) throw new Error(`OCSP responder status ${status}`);
  const bytes = children(der, children(der, root[1]!)[0]!);
  if (decodeOid(contentOf(der, bytes[0]!)) !== OCSP_BASIC) throw new Error('not a basic OCSP response');
  const basicDer = Buffer.from(contentOf(der, bytes[1]!));
  const [tbs, algorithm, signature, certsWrapper] = children(basicDer, read(basicDer));
  const tbsBytes = bytesOf(basicDer, tbs!);
  const signatureBytes = contentOf(basicDer, signature!).subarray(1);
  const algorithmOid = decodeOid(contentOf(basicDer, children(basicDer, algorithm!)[0]!));
  const issuerCert = new X509Certificate(issuer);
  const included = certsWrapper
    ? children(basicDer, children(basicDer, certsWrapper)[0]!).map((c) => new X509Certificate(bytesOf(basicDer, c)))
    : [];
  const delegated = included.filter(
    (c) =>
      c.checkIssued(issuerCert) &&
      c.verify(issuerCert.publicKey) &&
      (c.keyUsage ?? []).includes(EKU_OCSP_SIGNING) &&
      new Date(c.validFrom) <= now &&
      new Date(c.validTo) >= now,
  );
  const signer = [issuerCert, ...delegated].find((c) => signedBy(tbsBytes, algorithmOid, signatureBytes, c));
  if (!signer) throw new Error('the OCSP response is not signed by the issuer or a responder it delegated to');
  const fields = children(basicDer, tbs!);
  const first = fields[0]!.tag === 0xa0 ? 1 : 0;
  const responses = children(basicDer, fields[first + 2]!);
  const serial = serialOf(certificate);
  for (const single of responses) {
    const [certId, certStatus, thisUpdateNode, ...rest] = children(basicDer, single);
    const idParts = children(basicDer, certId!);
    if (!bytesOf(basicDer, idParts[3]!).equals(serial)) continue;
    if (!contentOf(basicDer, idParts[1]!).equals(sha1(issuerNameOf(certificate)))) continue;
    const thisUpdate = readTime(basicDer, thisUpdateNode!);
    const nextWrapper = rest.find((n) => n.tag === 0xa0);
    const nextUpdate = nextWrapper ? readTime(basicDer, children(basicDer, nextWrapper)[0]!) : null;
    if (thisUpdate.getTime() > now.getTime() + SKEW_MS) throw new Error('the OCSP response is from the future');
    if (nextUpdate && nextUpdate.getTime() < now.getTime() - SKEW_MS) throw new Error('the OCSP response is stale');
    if (certStatus!.tag === 0x80)
      return { status: 'good', revokedAt: null, evidence: { kind: 'ocsp', der }, thisUpdate };
    if (certStatus!.tag === 0xa1) {
      const revokedAt = readTime(basicDer, children(basicDer, certStatus!)[0]!);
      return { status: 'revoked', revokedAt, evidence: { kind: 'ocsp', der }, thisUpdate };
    }
    throw new Error('the OCSP responder does not know the certificate');
  }
  throw new Error('the OCSP response is about another certificate');
}

/** Reads a CRL of `issuer`, checks its signature, and looks the certificate up. */
export function readCrl(der: Buffer, certificate: Buffer, issuer: Buffer, now: Date): RevocationStatus {
  const [tbs, algorithm, signature] = children(der, read(der));
  const algorithmOid = decodeOid(contentOf(der, children(der, algorithm!)[0]!));
  if (
    !signedBy(bytesOf(der, tbs!), algorithmOid, contentOf(der, signature!).subarray(1), new X509Certificate(issuer))
  ) {
    throw new Error('the CRL is not signed by the issuer');
  }
  const fields = children(der, tbs!);
  let i = fields[0]!.tag === 0x02 ? 1 : 0;
  if (!bytesOf(der, fields[i + 1]!).equals(subjectNameOf(issuer))) throw new Error('the CRL is from another CA');
  const thisUpdate = readTime(der, fields[i + 2]!);
  i += 3;
  if (fields[i] && (fields[i]!.tag === 0x17 || fields[i]!.tag === 0x18)) {
    if (readTime(der, fields[i]!).getTime() < now.getTime() - SKEW_MS) throw new Error('the CRL is stale');
    i++;
  }
  const serial = serialOf(certificate);
  const revokedList = fields[i]?.tag === 0x30 ? children(der, fields[i]!) : [];
  for (const entry of revokedList) {
    const [entrySerial, date] = children(der, entry);
    if (bytesOf(der, entrySerial!).equals(serial)) {
      return { status: 'revoked', revokedAt: readTime(der, date!), evidence: { kind: 'crl', der }, thisUpdate };
    }
  }
  return { status: 'good', revokedAt: null, evidence: { kind: 'crl', der }, thisUpdate };
}

/**
 * The certificate's status from its CA now: OCSP first, then the CRL. Fails with revocation_unavailable when the
 * certificate names neither or none answers usefully.
 */
export async function checkRevocation(
  certificate: Buffer,
  issuer: Buffer,
  timeoutMs: number,
  now = new Date(),
): Promise<RevocationStatus> {
  const problems: string[] = [];
  for (const url of ocspUrls(certificate)) {
    try {
      const body = ocspRequest(certificate, issuer);
      const what = 'the OCSP responder';
      const der = await fetchDer({
        url,
        body,
        contentType: 'application/ocsp-request',
        timeoutMs,
        what,
        reason: 'revocation_unavailable',
      });
      return readOcspResponse(der, certificate, issuer, now);
    } catch (error) {
      problems.push(`${url}: ${(error as Error).message}`);
    }
  }
  for (const url of crlUrls(certificate)) {
    try {
      const der = await fetchDer({ url, timeoutMs, what: 'the CRL', reason: 'revocation_unavailable' });
      return readCrl(der, certificate, issuer, now);
    } catch (error) {
      problems.push(`${url}: ${(error as Error).message}`);
    }
  }
  const name = new X509Certificate(certificate).subject.replace(/\n/g, ', ');
  throw new AppFailure(
    'signing_failed',
    problems.length === 0
      ? `the certificate of ${name} names no OCSP responder and no CRL`
      : `the revocation status of ${name} could not be established: ${problems.join('; ')}`,
    'revocation_unavailable',
  );
}

/** Throws certificate_revoked for a revoked status. */
export function refuseRevoked(status: RevocationStatus, name: string): void {
  if (status.status !== 'revoked') return;
  throw new AppFailure(
    'signing_failed',
    `the certificate of ${name} was revoked on ${status.revokedAt?.toISOString() ?? 'an unknown date'}`,
    'certificate_revoked',
  );
}
