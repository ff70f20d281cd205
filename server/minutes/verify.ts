// Checks the signatures of a PDF the way a verifier does: for each signature dictionary, the byte range must cover
// the file except the signature value, its SHA-256 must equal the CMS message digest, the CMS signature must verify
// with the signer's certificate, and signing-certificate-v2 must name that certificate. A signature timestamp (B-T) is
// read and matched with the signature value; a Document Security Store appended after the signature makes it B-LT.
// A change anywhere in the signed bytes, or bytes appended after the last signature other than a DSS, is reported.
import { createHash, X509Certificate } from 'node:crypto';
import { parseSignedData } from './signing/cms.ts';
import { read } from './signing/der.ts';
import { nameAttribute } from './signing/identity.ts';
import { readTstInfo } from './signing/timestamp.ts';

export interface SignatureCheck {
  /** The signature field's name (/T), when found. */
  field: string | null;
  signerName: string;
  issuerName: string;
  /** The claimed signing time (/M), as written. */
  signedAt: string | null;
  subFilter: string | null;
  byteRange: number[];
  /** The ranges start at 0 and leave out exactly the /Contents value. */
  rangeWellFormed: boolean;
  digestMatches: boolean;
  signatureValid: boolean;
  /** signing-certificate-v2 carries the hash of the signer's certificate. */
  certificateBound: boolean;
  coversWholeFile: boolean;
  /** Chains to one of the trusted certificates given; null when none were given. */
  trusted: boolean | null;
  /** The time an RFC 3161 timestamp over the signature value proves (ISO 8601), or null without one. */
  timestampedAt: string | null;
  /** B-B; B-T with a timestamp; B-LT with a Document Security Store after it; B-LTA for a document timestamp. */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  /** Cryptographically intact (every check above but coverage and trust). */
  valid: boolean;
}

export interface PdfVerification {
  signatures: SignatureCheck[];
  /** Bytes were added after the last signature (an unsigned incremental update, or tampering). */
  modifiedAfterLastSignature: boolean;
  /** At least one signature, all valid, and nothing after the last one. */
  intact: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

function literal(text: string, key: string): string | null {
  const match = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f]*>|/[^\\s/<>\\[\\]()]+)`).exec(text);
  if (!match) return null;
  const raw = match[1]!;
  if (raw.startsWith('/')) return raw.slice(1);
  if (raw.startsWith('<')) {
    const bytes = Buffer.from(raw.slice(1, -1), 'hex');
    return bytes[0] === 0xfe && bytes[1] === 0xff
      ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
      : bytes.toString('latin1');
  }
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

function chainsTo(cert: X509Certificate, pool: X509Certificate[], trusted: X509Certificate[], at: Date): boolean {
  let current = cert;
  for (let depth = 0; depth < 6; depth++) {
    if (new Date(current.validFrom) > at || new Date(current.validTo) < at) return false;
    if (trusted.some((t) => t.raw.equals(current.raw))) return true;
    const issuer = [...trusted, ...pool].find((c) => current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer || issuer.raw.equals(current.raw)) return false;
    current = issuer;
  }
  return false;
}

function pdfDateToDate(value: string | null): Date {
  const m = value && /D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-Z])?(\d{2})?'?(\d{2})?/.exec(value);
  if (!m) return new Date();
  const offset = m[7] === '+' || m[7] === '-' ? `${m[7]}${m[8] ?? '00'}:${m[9] ?? '00'}` : 'Z';
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`);
}

/** The time a signature-time-stamp token proves, when its imprint is the SHA-256 of the signature value. */
function timestampTime(token: Buffer | null, signatureValue: Buffer): string | null {
  if (!token) return null;
  try {
    const info = readTstInfo(token);
    const imprint = createHash('sha256').update(signatureValue).digest();
    return info.hashedMessage.equals(imprint) ? info.genTime.toISOString() : null;
  } catch {
    return null;
  }
}

/**
 * Whether bytes appended after the last signature only add validation data (a DSS: certificates, OCSP answers,
 * CRLs, and the catalog pointing at it) — what PAdES B-LT allows — rather than pages, annotations or form changes.
 */
function onlyValidationData(appended: string): boolean {
  return (
    /\/DSS\s+\d+\s+0\s+R/.test(appended) &&
    !/\/Type\s*\/Page\b/.test(appended) &&
    !/\/Annots/.test(appended) &&
    !/\/Subtype\s*\/Widget/.test(appended) &&
    !/\/ByteRange/.test(appended)
  );
}

export function verifyPdfSignatures(pdf: Buffer, trustedCertificates: X509Certificate[] = []): PdfVerification {
  const text = pdf.toString('latin1');
  const signatures: SignatureCheck[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const byteRange = match.slice(1, 5).map(Number);
    const [start, len1, start2, len2] = byteRange as [number, number, number, number];
    const objStart = text.lastIndexOf(' obj', match.index);
    const objEnd = text.indexOf('endobj', match.index);
    const dict = text.slice(objStart, objEnd);
    const gap = text.slice(len1, start2);
    const rangeWellFormed =
      start === 0 && len1 > 0 && start2 > len1 && start2 + len2 <= pdf.length && /^<[0-9A-Fa-f]*>$/.test(gap);
    const objNumber = /(\d+)\s+(\d+)\s+obj$/.exec(text.slice(Math.max(0, objStart - 20), objStart + 4));
    let field: string | null = null;
    if (objNumber) {
      const refText = `/V ${objNumber[1]} ${objNumber[2]} R`;
      const at = text.lastIndexOf(refText);
      if (at >= 0) {
        const fieldObj = text.slice(text.lastIndexOf(' obj', at), text.indexOf('endobj', at));
        field = literal(fieldObj, 'T');
      }
    }
    const base: Omit<SignatureCheck, 'valid'> = {
      field,
      signerName: '',
      issuerName: '',
      signedAt: literal(dict, 'M'),
      subFilter: literal(dict, 'SubFilter'),
      byteRange,
      rangeWellFormed,
      digestMatches: false,
      signatureValid: false,
      certificateBound: false,
      coversWholeFile: start2 + len2 === pdf.length,
      trusted: trustedCertificates.length > 0 ? false : null,
      timestampedAt: null,
      level: 'B-B',
    };
    if (!rangeWellFormed) {
      signatures.push({ ...base, valid: false });
      continue;
    }
    try {
      const hex = Buffer.from(gap.slice(1, -1), 'hex');
      const cms = hex.subarray(0, read(hex).end); // the value is zero-padded to the reserved size
      const parsed = parseSignedData(cms);
      const digest = createHash('sha256')
        .update(pdf.subarray(start, start + len1))
        .update(pdf.subarray(start2, start2 + len2))
        .digest();
      const certHash = createHash('sha256').update(parsed.signer.raw).digest();
      if (base.subFilter === 'ETSI.RFC3161') {
        // A document timestamp: the token's TSTInfo names the ranges' digest; the TSA's signature covers the TSTInfo.
        const info = readTstInfo(cms);
        const tokenIntact =
          parsed.messageDigest !== null && parsed.messageDigest.equals(createHash('sha256').update(info.raw).digest());
        const stamp = {
          ...base,
          signerName: nameAttribute(parsed.signer.subject, 'CN') ?? parsed.signer.subject,
          issuerName: nameAttribute(parsed.signer.issuer, 'CN') ?? parsed.signer.issuer,
          digestMatches: info.hashedMessage.equals(digest) && tokenIntact,
          signatureValid: parsed.signatureValid,
          certificateBound: parsed.signingCertificateHash !== null && parsed.signingCertificateHash.equals(certHash),
          timestampedAt: info.genTime.toISOString(),
          level: 'B-LTA' as const,
        };
        signatures.push({ ...stamp, valid: stamp.digestMatches && stamp.signatureValid && stamp.certificateBound });
        continue;
      }
      const timestampedAt = timestampTime(parsed.timestampToken, parsed.signatureValue);
      const after = text.slice(start2 + len2);
      const check = {
        ...base,
        timestampedAt,
        level: !timestampedAt
          ? ('B-B' as const)
          : /\/DSS\s+\d+\s+0\s+R/.test(after)
            ? ('B-LT' as const)
            : ('B-T' as const),
        signerName: nameAttribute(parsed.signer.subject, 'CN') ?? parsed.signer.subject,
        issuerName: nameAttribute(parsed.signer.issuer, 'CN') ?? parsed.signer.issuer,
        digestMatches: parsed.messageDigest !== null && parsed.messageDigest.equals(digest),
        signatureValid: parsed.signatureValid,
        certificateBound: parsed.signingCertificateHash !== null && parsed.signingCertificateHash.equals(certHash),
        trusted:
          trustedCertificates.length > 0
            ? chainsTo(parsed.signer, parsed.certificates, trustedCertificates, pdfDateToDate(base.signedAt))
            : null,
      };
      signatures.push({ ...check, valid: check.digestMatches && check.signatureValid && check.certificateBound });
    } catch {
      signatures.push({ ...base, valid: false });
    }
  }
  const last = signatures[signatures.length - 1];
  const lastEnd = last ? last.byteRange[2]! + last.byteRange[3]! : 0;
  const modifiedAfterLastSignature = last ? !last.coversWholeFile && !onlyValidationData(text.slice(lastEnd)) : false;
  return {
    signatures,
    modifiedAfterLastSignature,
    intact: signatures.length > 0 && signatures.every((s) => s.valid) && !modifiedAfterLastSignature,
  };
}
