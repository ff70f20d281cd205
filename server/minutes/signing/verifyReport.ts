// The report of a signature check, as the verification screen shows it: validation.ts's findings per signature,
// with the verdict in Vietnamese. One module for the server's public check (POST /api/verify) and the desktop
// shell's check on the person's own computer: the shell carries this module bundled with what it imports
// (scripts/build-verifier.mjs), so both say the same about the same file.
import type { VerificationReport, VerifiedSignature } from '../../../common/verification.ts';
import { readCertificates, TrustList } from './trust.ts';
import { validatePdf, type SignatureValidation } from './validation.ts';
import { isoVietnamTime } from './vietnamTime.ts';

const vietnamTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : isoVietnamTime(date);
};

/** What a verification says about one signature, in Vietnamese, for the verification screen. */
export function vietnamese(s: SignatureValidation): string[] {
  return [
    s.digestMatches && s.signatureValid
      ? 'Tài liệu không bị thay đổi sau khi ký.'
      : 'Tài liệu đã bị thay đổi sau khi ký hoặc chữ ký hỏng.',
    s.trusted ? 'Chứng thư số do tổ chức chứng thực được tin cậy cấp.' : 'Chứng thư số không thuộc danh sách tin cậy.',
    s.timestampedAt
      ? `Thời gian ký được dấu thời gian xác nhận: ${vietnamTime(s.timestampedAt)}.`
      : 'Không có dấu thời gian: thời gian ký chỉ do người ký khai.',
    s.revocationAtSigning === 'good'
      ? 'Chứng thư còn hiệu lực (chưa bị thu hồi) tại thời điểm ký.'
      : s.revocationAtSigning === 'revoked'
        ? 'Chứng thư đã bị thu hồi tại thời điểm ký.'
        : 'Tài liệu không kèm trạng thái thu hồi tại thời điểm ký.',
    s.revocationNow === 'revoked'
      ? `Chứng thư đã bị thu hồi lúc ${s.revokedAt ? vietnamTime(s.revokedAt) : '?'}.`
      : s.revocationNow === 'good'
        ? 'Hiện nay chứng thư chưa bị thu hồi.'
        : 'Không hỏi được trạng thái thu hồi hiện nay.',
    s.overall ? `Chữ ký hợp lệ (mức ${s.level}).` : 'Chữ ký không hợp lệ.',
  ];
}

export interface ReportOptions {
  /** Ask the CAs (OCSP, then CRL) for the status now; without an answer it is reported unknown. */
  online: boolean;
  timeoutMs: number;
}

export async function verificationReport(
  pdf: Buffer,
  trust: TrustList,
  options: ReportOptions,
): Promise<VerificationReport> {
  const result = await validatePdf(pdf, trust, options);
  return {
    level: result.level,
    modifiedAfterLastSignature: result.modifiedAfterLastSignature,
    signatures: result.signatures.map((s): VerifiedSignature => ({
      field: s.field,
      signer: s.signerName,
      organization: s.organization,
      issuer: s.issuerName,
      claimedTime: s.signedAt,
      timestampedAt: s.timestampedAt,
      unchanged: s.digestMatches && s.signatureValid,
      trusted: s.trusted,
      revocationAtSigning: s.revocationAtSigning,
      revocationNow: s.revocationNow,
      revokedAt: s.revokedAt,
      level: s.level,
      valid: s.overall,
      messages: vietnamese(s),
    })),
  };
}

/**
 * The check without a server: the trust list is the certificates in the given files (PEM or DER, as trust.ts reads
 * them); a file that holds no certificate is skipped and named in `skipped`, so one bad file does not stop a check.
 */
export async function verifyWithCertificates(
  pdf: Uint8Array,
  certificateFiles: ReadonlyArray<{ name: string; data: Uint8Array }>,
  options: ReportOptions,
): Promise<VerificationReport & { skipped: string[] }> {
  const certificates = [];
  const skipped: string[] = [];
  for (const file of certificateFiles) {
    try {
      certificates.push(...readCertificates(Buffer.from(file.data)));
    } catch {
      skipped.push(file.name);
    }
  }
  const report = await verificationReport(Buffer.from(pdf), new TrustList(certificates), options);
  return { ...report, skipped };
}

/** The trust list as PEM, for the desktop shell to keep for checks without a connection (GET /api/verify/trust). */
export function trustListPem(trust: TrustList): string[] {
  return [...trust.anchors, ...trust.intermediates].map((c) => c.toString().trim());
}
