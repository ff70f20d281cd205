// What a signature check reports, shared by the server's public check (POST /api/verify), the desktop shell's check
// on the person's own computer (no network needed) and the "Kiểm tra chữ ký" screen that shows either.

export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface VerifiedSignature {
  field: string | null;
  signer: string;
  organization: string | null;
  issuer: string;
  /** The signing time the signer claims (/M), as written. */
  claimedTime: string | null;
  /** The time an RFC 3161 timestamp proves, or null. */
  timestampedAt: string | null;
  /** The signed bytes are unchanged and the signature value verifies. */
  unchanged: boolean;
  /** Chains to the trust list (null when there is no trust list). */
  trusted: boolean | null;
  revocationAtSigning: 'good' | 'revoked' | 'unknown';
  revocationNow: 'good' | 'revoked' | 'unknown';
  revokedAt: string | null;
  level: SignatureLevel;
  valid: boolean;
  /** The verdict in Vietnamese, one sentence per point. */
  messages: string[];
}

export interface VerificationReport {
  /** The document's level: the lowest of its signatures' (null without a signature). */
  level: SignatureLevel | null;
  modifiedAfterLastSignature: boolean;
  signatures: VerifiedSignature[];
}
