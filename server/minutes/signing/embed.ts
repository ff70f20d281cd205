// From a signer's answer to the signed PDF: the signature is checked against the registered certificate, stamped by
// the time-stamping authority (PAdES B-T), wrapped into the CMS with the certificate path, put into the prepared
// PDF, and followed by a Document Security Store with the path and the revocation answers — the signer's and the
// time-stamping authority's (B-LT). A failure at any step leaves nothing written: the caller stores the result only
// when all of it succeeded.
import { AppFailure } from '../../../common/errors.ts';
import type { SignatureLevel } from '../../../common/minutesView.ts';
import { finishSignature, type PreparedSignature, type SignResult } from '../sign.ts';
import type { CheckedCertificate } from '../identities.ts';
import { assembleSignedData, parseSignedData, signatureMatches } from './cms.ts';
import { appendDss } from './dss.ts';
import { timestampValidation } from './filedCopy.ts';
import { requestTimestamp, sha256 } from './timestamp.ts';

export interface EmbedInput {
  prepared: PreparedSignature;
  signedAttrs: Buffer;
  signature: Buffer;
  checked: CheckedCertificate;
  tsaUrl: string | null;
  timeoutMs: number;
}

/** The level a signature gets with this configuration and these revocation answers. */
export function levelOf(tsaUrl: string | null, checked: Pick<CheckedCertificate, 'revocation'>): SignatureLevel {
  if (!tsaUrl) return 'B-B';
  return checked.revocation.length > 0 ? 'B-LT' : 'B-T';
}

/** The certificates a timestamp token carries (the TSA's), for the DSS. */
function tokenCertificates(token: Buffer): Buffer[] {
  try {
    return parseSignedData(token).certificates.map((c) => Buffer.from(c.raw));
  } catch {
    return [];
  }
}

export async function embedSignature(input: EmbedInput): Promise<{ signed: SignResult; level: SignatureLevel }> {
  const { checked } = input;
  if (!signatureMatches(input.signedAttrs, input.signature, checked.certificate)) {
    throw new AppFailure(
      'signing_failed',
      "the signer's answer does not verify with the registered certificate (another key signed, or the data changed)",
      'signature_mismatch',
    );
  }
  const stamp = input.tsaUrl ? await requestTimestamp(input.tsaUrl, sha256(input.signature), input.timeoutMs) : null;
  const cms = assembleSignedData({
    signedAttrs: input.signedAttrs,
    signature: input.signature,
    certificate: checked.certificate,
    chain: checked.path.slice(1),
    ...(stamp ? { timestampToken: stamp.token } : {}),
  });
  let signed = finishSignature(input.prepared, cms);
  const level = levelOf(input.tsaUrl, checked);
  if (level === 'B-LT') {
    // The time-stamping authority's status too: its timestamp is what proves when the signature was made.
    const tsa = stamp
      ? await timestampValidation([stamp.token], null, input.timeoutMs)
      : { certificates: [], ocsps: [], crls: [] };
    const pdf = await appendDss(signed.pdf, {
      certificates: [...checked.path, ...(stamp ? tokenCertificates(stamp.token) : [])],
      ocsps: [...checked.revocation.filter((r) => r.evidence.kind === 'ocsp').map((r) => r.evidence.der), ...tsa.ocsps],
      crls: [...checked.revocation.filter((r) => r.evidence.kind === 'crl').map((r) => r.evidence.der), ...tsa.crls],
    });
    signed = { ...signed, pdf, sha256: sha256(pdf).toString('hex') };
  }
  return { signed, level };
}
