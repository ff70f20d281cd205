// The two steps of a signature whose key is elsewhere, the same for a person's (signingSteps.ts) and the agency's
// (agencySigning.ts): the prepared signature waits for its signer with the answer the signer needs (the signed
// attributes, their hash, the certificate, the level it will reach); when the signer answers, it is taken back —
// refused when the record's PDF changed since — and embedded with the configured timestamp (embed.ts).
import { X509Certificate } from 'node:crypto';
import { AppFailure } from '../../../common/errors.ts';
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import type { CheckedCertificate } from '../identities.ts';
import type { PreparedSignature, SignerDisplay } from '../sign.ts';
import type { RegisteredCertificate } from './certificateStore.ts';
import { keyTypeOf } from './cms.ts';
import { embedSignature, levelOf } from './embed.ts';
import { nameAttribute } from './identity.ts';
import { PendingSignatures, type PendingSignature } from './pending.ts';
import type { SigningConfig } from './signingConfig.ts';
import { sha256 } from './timestamp.ts';

/** What a signature shows of its signer, from the certificate. */
export function signerDisplay(certificate: Buffer): SignerDisplay {
  const x509 = new X509Certificate(certificate);
  return {
    commonName: nameAttribute(x509.subject, 'CN') ?? 'không rõ',
    title: nameAttribute(x509.subject, 'title'),
    organization: nameAttribute(x509.subject, 'O'),
    issuerName: nameAttribute(x509.issuer, 'CN') ?? nameAttribute(x509.issuer, 'O') ?? 'không rõ',
  };
}

/** A signature prepared on a record's PDF, to wait for the signer of a registered certificate. */
export interface AwaitedSignature {
  meetingId: string;
  /** Whose it is: a participant's id, or the agency's văn thư. */
  participantId: string;
  pdf: { data: Buffer; pages: number };
  prepared: PreparedSignature;
  signedAttrs: Buffer;
  registered: RegisteredCertificate;
  checked: CheckedCertificate;
}

export class TwoStepSignatures {
  readonly #pending = new PendingSignatures();
  readonly #signing: SigningConfig;

  constructor(signing: SigningConfig) {
    this.#signing = signing;
  }

  /** Keeps the prepared signature waiting (SIGNING_SIGNER_TIMEOUT_MS) and answers what its signer signs. */
  await(s: AwaitedSignature): MinutesSignPrepared {
    const expiresAt = Date.now() + this.#signing.signerTimeoutMs;
    const pending = this.#pending.put({
      meetingId: s.meetingId,
      participantId: s.participantId,
      basePdfSha256: sha256(s.pdf.data).toString('hex'),
      pages: s.pdf.pages,
      prepared: s.prepared,
      signedAttrs: s.signedAttrs,
      checked: s.checked,
      expiresAt,
    });
    const { registered } = s;
    return {
      signatureId: pending.id,
      signedAttributes: s.signedAttrs.toString('base64'),
      hash: sha256(s.signedAttrs).toString('base64'),
      keyType: keyTypeOf(registered.certificate),
      certificate: { subject: registered.subject, issuer: registered.issuer, sha256: registered.sha256 },
      documentDigest: s.prepared.digest.toString('base64'),
      level: levelOf(this.#signing.tsaUrl, s.checked),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Takes back the prepared signature the signer answered, unless the record's PDF is no longer the one it was on. */
  take(meetingId: string, participantId: string, signatureId: string, recordPdfSha256: string | null) {
    const pending = this.#pending.take(meetingId, participantId, signatureId);
    if (recordPdfSha256 !== pending.basePdfSha256) {
      throw new AppFailure('signing_failed', 'the record changed since this signature was prepared', 'signing_expired');
    }
    return pending;
  }

  /** The prepared signature, left waiting (for remote signing: its hash and certificate). */
  peek(meetingId: string, participantId: string, signatureId: string): PendingSignature {
    return this.#pending.peek(meetingId, participantId, signatureId);
  }

  cancel(meetingId: string, participantId: string, signatureId: string): void {
    this.#pending.cancel(meetingId, participantId, signatureId);
  }

  /** The signer's answer checked, timestamped (TSA_URL) and embedded with its validation data. */
  embed(s: Pick<PendingSignature, 'prepared' | 'signedAttrs' | 'checked'>, signature: Buffer) {
    return embedSignature({
      prepared: s.prepared,
      signedAttrs: s.signedAttrs,
      signature,
      checked: s.checked,
      tsaUrl: this.#signing.tsaUrl,
      timeoutMs: this.#signing.serviceTimeoutMs,
    });
  }
}
