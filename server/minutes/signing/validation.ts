// Validating a signed PDF as a verification portal does, for anyone: per signature, whether the document is unchanged
// since (verify.ts), whether the signer's certificate chains to the trust list at the signing time, the time a
// timestamp proves, the revocation status at signing time from the document's own DSS (the OCSP answers and CRLs it
// carries) and now from the CA. A certificate revoked after the proven signing time leaves the signature valid;
// revoked before it (or with no proof of the time), the signature is not. Nothing of the document is kept.
import { X509Certificate } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { verifyPdfSignatures, type SignatureCheck } from '../verify.ts';
import { parseSignedData } from './cms.ts';
import { read } from './der.ts';
import { checkRevocation, readCrl, readOcspResponse, type RevocationStatus } from './revocation.ts';
import type { TrustList } from './trust.ts';

export interface SignatureValidation extends SignatureCheck {
  organization: string | null;
  /** good / revoked / unknown, from the document's DSS at the time the timestamp proves (or the claimed time). */
  revocationAtSigning: 'good' | 'revoked' | 'unknown';
  /** From the CA now: good, revoked (with the date), or unknown (no answer). */
  revocationNow: 'good' | 'revoked' | 'unknown';
  revokedAt: string | null;
  /** Everything holds: intact, trusted, not revoked before the proven signing time. */
  overall: boolean;
}

/** The DSS's OCSP answers and CRLs, decoded. */
async function dssMaterial(pdf: Buffer): Promise<{ ocsps: Buffer[]; crls: Buffer[] }> {
  const out = { ocsps: [] as Buffer[], crls: [] as Buffer[] };
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
    const entry = doc.catalog.get(PDFName.of('DSS'));
    if (!entry) return out;
    const dss = doc.context.lookup(entry, PDFDict);
    for (const [key, list] of [
      ['OCSPs', out.ocsps],
      ['CRLs', out.crls],
    ] as const) {
      const array = dss.get(PDFName.of(key));
      if (!array) continue;
      for (const ref of doc.context.lookup(array, PDFArray).asArray()) {
        const stream = doc.context.lookup(ref);
        if (stream instanceof PDFRawStream) list.push(Buffer.from(decodePDFRawStream(stream).decode()));
      }
    }
  } catch {
    // not readable by pdf-lib: no validation data
  }
  return out;
}

/** The n-th signature's CMS. */
function cmsAt(pdf: Buffer, check: SignatureCheck): Buffer | null {
  const [, len1, start2] = check.byteRange as [number, number, number, number];
  try {
    const value = Buffer.from(pdf.toString('latin1', len1 + 1, start2 - 1), 'hex');
    return value.subarray(0, read(value).end);
  } catch {
    return null;
  }
}

function statusFrom(material: { ocsps: Buffer[]; crls: Buffer[] }, cert: Buffer, issuer: Buffer, at: Date) {
  for (const der of material.ocsps) {
    try {
      return readOcspResponse(der, cert, issuer, at);
    } catch {
      // about another certificate, or not current then
    }
  }
  for (const der of material.crls) {
    try {
      return readCrl(der, cert, issuer, at);
    } catch {
      // another CA's
    }
  }
  return null;
}

export async function validatePdf(
  pdf: Buffer,
  trust: TrustList,
  options: { online: boolean; timeoutMs: number },
): Promise<{
  signatures: SignatureValidation[];
  /** The document's level: the lowest of its signatures' (null without a signature). */
  level: SignatureValidation['level'] | null;
  modifiedAfterLastSignature: boolean;
}> {
  const checked = verifyPdfSignatures(pdf);
  const material = await dssMaterial(pdf);
  const signatures: SignatureValidation[] = [];
  for (const check of checked.signatures) {
    const base = {
      ...check,
      organization: null,
      revocationAtSigning: 'unknown' as const,
      revocationNow: 'unknown' as const,
      revokedAt: null,
    };
    const cms = cmsAt(pdf, check);
    let parsed: ReturnType<typeof parseSignedData> | null = null;
    try {
      parsed = cms ? parseSignedData(cms) : null;
    } catch {
      parsed = null;
    }
    if (!parsed) {
      signatures.push({ ...base, overall: false });
      continue;
    }
    const at = new Date(check.timestampedAt ?? check.signedAt ?? Date.now());
    const path = trust.path(parsed.signer, parsed.certificates, at);
    const signer = Buffer.from(parsed.signer.raw);
    const issuer = path?.[1] ? Buffer.from(path[1].raw) : null;
    let atSigning: RevocationStatus | null = null;
    let now: RevocationStatus | null = null;
    if (issuer && check.level !== 'B-LTA') {
      atSigning = statusFrom(material, signer, issuer, at);
      if (options.online) now = await checkRevocation(signer, issuer, options.timeoutMs).catch(() => null);
    }
    const revokedAt = now?.revokedAt ?? atSigning?.revokedAt ?? null;
    // Revoked before the time a timestamp proves — or revoked at all without such proof — is not a valid signature.
    const revokedBefore =
      revokedAt !== null && (check.timestampedAt === null || revokedAt <= new Date(check.timestampedAt));
    const organization =
      new X509Certificate(signer).subject
        .split('\n')
        .find((l) => l.startsWith('O='))
        ?.slice(2) ?? null;
    signatures.push({
      ...base,
      organization,
      trusted: path !== null,
      revocationAtSigning: atSigning ? atSigning.status : 'unknown',
      revocationNow: now ? now.status : 'unknown',
      revokedAt: revokedAt?.toISOString() ?? null,
      overall: check.valid && path !== null && !revokedBefore && atSigning?.status !== 'revoked',
    });
  }
  // A signature with its validation data (B-LT) under a later document timestamp that holds is B-LTA (EN 319 142-1).
  for (const [i, s] of signatures.entries()) {
    const stamped = signatures.slice(i + 1).some((later) => later.subFilter === 'ETSI.RFC3161' && later.overall);
    if (s.level === 'B-LT' && stamped) s.level = 'B-LTA';
  }
  const ranks = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
  const signed = signatures.filter((s) => s.subFilter !== 'ETSI.RFC3161');
  const level = signed.length === 0 ? null : ranks[Math.min(...signed.map((s) => ranks.indexOf(s.level)))]!;
  return { signatures, level, modifiedAfterLastSignature: checked.modifiedAfterLastSignature };
}
