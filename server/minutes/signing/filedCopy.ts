// The copy that is filed (PAdES B-LTA): the signed record, then a DSS with what a verifier needs for the
// timestamps in it — the time-stamping authority's chain and its OCSP answer or CRL, which the signatures' own DSS
// (embed.ts) does not carry — then a document timestamp over all of it. Without a TSA_URL nothing can be stamped and
// the record is filed as signed (B-LT at best). A file that already ends with a document timestamp is filed as it is,
// so that making the copy again after a crash never stamps it twice.
import { X509Certificate } from 'node:crypto';
import type { SignatureLevel } from '../../../common/minutesView.ts';
import { logger } from '../../log.ts';
import { verifyPdfSignatures, type SignatureCheck } from '../verify.ts';
import { parseSignedData } from './cms.ts';
import { read } from './der.ts';
import { addDocumentTimestamp } from './docTimestamp.ts';
import { appendDss, type ValidationMaterial } from './dss.ts';
import { checkRevocation } from './revocation.ts';
import { sha256 } from './timestamp.ts';
import type { TrustList } from './trust.ts';

const log = logger('signing');

export interface FiledCopyOptions {
  tsaUrl: string | null;
  timeoutMs: number;
  trust: TrustList;
}

/** The CMS of one signature (the /Contents value without its zero padding). */
export function cmsOf(pdf: Buffer, check: Pick<SignatureCheck, 'byteRange'>): Buffer {
  const [, len1, start2] = check.byteRange as [number, number, number, number];
  const value = Buffer.from(pdf.toString('latin1', len1 + 1, start2 - 1), 'hex');
  return value.subarray(0, read(value).end);
}

/** The timestamp tokens of a PDF: each signature's (B-T) and each document timestamp. */
export function timestampTokens(pdf: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  for (const check of verifyPdfSignatures(pdf).signatures) {
    try {
      const cms = cmsOf(pdf, check);
      if (check.subFilter === 'ETSI.RFC3161') tokens.push(cms);
      else {
        const token = parseSignedData(cms).timestampToken;
        if (token) tokens.push(Buffer.from(token));
      }
    } catch {
      // a damaged signature carries no token worth keeping
    }
  }
  return tokens;
}

/**
 * Validation data for the time-stamping authorities of these tokens: their path to a trusted root (without a trust
 * list, the chain the token carries) and, for each
 * certificate on it that names an OCSP responder or a CRL, the CA's answer now. A TSA whose status cannot be had is
 * logged and filed without it (the timestamp stays verifiable against the chain).
 */
export async function timestampValidation(
  tokens: Buffer[],
  trust: TrustList | null,
  timeoutMs: number,
): Promise<ValidationMaterial> {
  const material: ValidationMaterial = { certificates: [], ocsps: [], crls: [] };
  const asked = new Set<string>();
  for (const token of tokens) {
    let path: X509Certificate[] | null;
    try {
      const parsed = parseSignedData(token);
      path =
        trust?.path(parsed.signer, parsed.certificates, new Date()) ?? tokenPath(parsed.signer, parsed.certificates);
    } catch {
      continue;
    }
    for (const [i, cert] of path.entries()) {
      const der = Buffer.from(cert.raw);
      material.certificates.push(der);
      const issuer = path[i + 1];
      const key = sha256(der).toString('hex');
      if (!issuer || asked.has(key) || cert.issuer === cert.subject) continue;
      asked.add(key);
      try {
        const status = await checkRevocation(der, Buffer.from(issuer.raw), timeoutMs);
        (status.evidence.kind === 'ocsp' ? material.ocsps : material.crls).push(status.evidence.der);
      } catch (error) {
        log.warn(`no revocation data for the time-stamping certificate ${cert.subject.replace(/\n/g, ', ')}`, error);
      }
    }
  }
  return material;
}

/** The TSA's chain as its token carries it: each certificate followed by the one that issued it. */
function tokenPath(signer: X509Certificate, pool: X509Certificate[]): X509Certificate[] {
  const path = [signer];
  for (let cert = signer; path.length <= pool.length;) {
    const issuer = pool.find((c) => !path.includes(c) && cert.checkIssued(c));
    if (!issuer) break;
    path.push(issuer);
    cert = issuer;
  }
  return path;
}

/** Whether the file's last revision is a document timestamp over all of it. */
function endsWithDocumentTimestamp(pdf: Buffer): boolean {
  const last = verifyPdfSignatures(pdf).signatures.at(-1);
  return last?.subFilter === 'ETSI.RFC3161' && last.coversWholeFile && last.valid;
}

/** The filed copy of a signed PDF and the level it reaches. */
export async function makeFiledCopy(
  pdf: Buffer,
  options: FiledCopyOptions,
): Promise<{ pdf: Buffer; level: SignatureLevel }> {
  if (endsWithDocumentTimestamp(pdf)) return { pdf, level: 'B-LTA' };
  if (!options.tsaUrl) return { pdf, level: verifyPdfSignatures(pdf).signatures.at(-1)?.level ?? 'B-B' };
  const material = await timestampValidation(timestampTokens(pdf), options.trust, options.timeoutMs);
  const withDss = material.certificates.length > 0 ? await appendDss(pdf, material) : pdf;
  const stamped = await addDocumentTimestamp(withDss, options.tsaUrl, options.timeoutMs);
  return { pdf: stamped.pdf, level: 'B-LTA' };
}
