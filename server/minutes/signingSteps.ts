// Signing the final record: the server prepares the PDF and the signed attributes, the signer — the desktop's USB
// token, a remote-signing provider, a certificate file opened in the browser — signs them with a key the server never
// sees, and the server checks the answer, timestamps it and embeds it (signing/embed.ts). Each step checks the record
// again (state, role, order) inside the record's serial section; a signature prepared on a PDF that has changed since
// is refused. Demo identities (demo server only) sign here in one step through the same preparation and embedding.
import { sign as cryptoSign } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import { applyLifecycle, type Minutes, type MinutesActor } from '../../common/minutes.ts';
import type { MinutesSignPrepared } from '../../common/minutesView.ts';
import type { BlobStore } from '../documents/BlobStore.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import type { CheckedCertificate, SigningIdentities } from './identities.ts';
import { actorOf, fail, versionOf, type MinutesLifecycleSteps } from './lifecycle.ts';
import type { MinutesRecord } from './MinutesStore.ts';
import type { MinutesRecords } from './records.ts';
import type { KeyedSerial } from './serial.ts';
import { minutesField, prepareSignature, type PreparedSignature } from './sign.ts';
import { sha256Hex } from './signing/certificateFields.ts';
import { signedAttributes } from './signing/cms.ts';
import type { SigningConfig } from './signing/signingConfig.ts';
import { signerDisplay, TwoStepSignatures } from './signing/twoStep.ts';

const ZERO_HASH = '0'.repeat(64);

export interface MinutesSigningOptions {
  records: MinutesRecords;
  blobs: BlobStore;
  identities: SigningIdentities;
  steps: MinutesLifecycleSteps;
  serial: KeyedSerial;
  signing: SigningConfig;
  fontDir?: string;
}

/** A saved signature and whose certificate made it (for the audit log). */
export interface SignedRecord {
  record: MinutesRecord;
  signer: { subject: string; issuer: string; sha256: string; level: string };
}

interface SaveInput {
  record: MinutesRecord;
  minutes: Minutes;
  actor: MinutesActor;
  participant: Participant;
  prepared: PreparedSignature;
  signedAttrs: Buffer;
  signature: Buffer;
  checked: CheckedCertificate;
  pages: number;
}

export class MinutesSigningSteps {
  readonly #o: MinutesSigningOptions;
  readonly #pending: TwoStepSignatures;

  constructor(options: MinutesSigningOptions) {
    this.#o = options;
    this.#pending = new TwoStepSignatures(options.signing);
  }

  /** The checks of the signing step itself (state, role, order), before anything is touched. */
  #checkStep(record: MinutesRecord, participant: Participant): { minutes: Minutes; actor: MinutesActor } {
    const actor = actorOf(participant);
    const minutes = this.#o.records.minutes(record);
    const check = applyLifecycle(minutes, { action: 'sign', name: participant.name, pdfSha256: ZERO_HASH }, actor, '');
    if (!check.ok) fail(check.error);
    return { minutes, actor };
  }

  async #prepare(
    record: MinutesRecord,
    minutes: Minutes,
    actor: MinutesActor,
    certificate: Buffer,
    signatureImage: Buffer | null = null,
  ) {
    const pdf = await this.#o.steps.currentPdf(record, minutes);
    const role = actor.role === 'chair' ? 'chair' : 'secretary';
    const prepared = await prepareSignature(pdf.data, {
      signer: signerDisplay(certificate),
      ...minutesField(role),
      title: role === 'chair' ? 'Chủ trì' : 'Thư ký',
      reason: role === 'chair' ? 'Chủ trì ký biên bản cuộc họp' : 'Thư ký ký biên bản cuộc họp',
      location: minutes.header.place,
      ...(signatureImage ? { look: { signatureImage } } : {}),
      ...(this.#o.fontDir ? { fontDir: this.#o.fontDir } : {}),
    });
    return { prepared, pdf, signedAttrs: signedAttributes(prepared.digest, certificate) };
  }

  /** Prepares the caller's signature with a certificate their account registered; the signer signs the result. */
  prepare(meetingId: string, participant: Participant, certificateSha256?: string): Promise<MinutesSignPrepared> {
    return this.#o.serial.run(meetingId, async () => {
      const record = this.#o.records.open(meetingId);
      const { minutes, actor } = this.#checkStep(record, participant);
      const signer = this.#o.identities.signerFor(meetingId, participant, certificateSha256);
      if (signer.kind === 'demo') {
        throw new AppFailure('signing_failed', 'a demo identity signs on the demo server: minutesSign', 'role');
      }
      const { registered } = signer;
      const checked = await this.#o.identities.check(registered.certificate, registered.chain);
      const image = this.#o.identities.images.get(registered.userId);
      const done = await this.#prepare(record, minutes, actor, registered.certificate, image);
      return this.#pending.await({ meetingId, participantId: participant.id, registered, checked, ...done });
    });
  }

  /** Embeds the signer's signature into the prepared PDF and saves the signed record. */
  complete(meetingId: string, participant: Participant, signatureId: string, signature: Buffer): Promise<SignedRecord> {
    return this.#o.serial.run(meetingId, async () => {
      const record = this.#o.records.open(meetingId);
      const pending = this.#pending.take(meetingId, participant.id, signatureId, record.pdfSha256);
      const { minutes, actor } = this.#checkStep(record, participant);
      const { prepared, signedAttrs, checked, pages } = pending;
      return this.#save({ record, minutes, actor, participant, prepared, signedAttrs, signature, checked, pages });
    });
  }

  /** A prepared signature still waiting for its signer (for remote signing: its hash and certificate). */
  pending(meetingId: string, participant: Participant, signatureId: string) {
    return this.#pending.peek(meetingId, participant.id, signatureId);
  }

  /** Whether this participant's prepared signature with this id still waits. */
  waiting(meetingId: string, participant: Participant, signatureId: string): boolean {
    try {
      this.#pending.peek(meetingId, participant.id, signatureId);
      return true;
    } catch {
      return false;
    }
  }

  cancel(meetingId: string, participant: Participant, signatureId: string): void {
    this.#pending.cancel(meetingId, participant.id, signatureId);
  }

  /** Signs in one step with the demo identity the demo server holds for this participant. */
  signWithDemo(meetingId: string, participant: Participant): Promise<SignedRecord> {
    return this.#o.serial.run(meetingId, async () => {
      const record = this.#o.records.open(meetingId);
      const { minutes, actor } = this.#checkStep(record, participant);
      const signer = this.#o.identities.signerFor(meetingId, participant);
      if (signer.kind !== 'demo') {
        throw new AppFailure(
          'signing_failed',
          `${participant.name} signs with their own certificate: prepare the signature and sign it with the token`,
          'role',
        );
      }
      const { identity } = signer;
      const checked: CheckedCertificate = {
        certificate: identity.certificate,
        path: [identity.certificate, ...identity.chain],
        revocation: [],
      };
      const { prepared, signedAttrs, pdf } = await this.#prepare(record, minutes, actor, identity.certificate);
      const pages = pdf.pages;
      const signature = cryptoSign('sha256', signedAttrs, identity.privateKey);
      return this.#save({ record, minutes, actor, participant, prepared, signedAttrs, signature, checked, pages });
    });
  }

  async #save(s: SaveInput): Promise<SignedRecord> {
    const { record, minutes, actor, participant, prepared, signedAttrs, signature, checked } = s;
    const { signed, level } = await this.#pending.embed({ prepared, signedAttrs, checked }, signature);
    this.#o.blobs.put(signed.pdf);
    const at = signed.signedAt.toISOString();
    const who = signerDisplay(checked.certificate);
    const result = applyLifecycle(
      minutes,
      { action: 'sign', name: who.commonName, pdfSha256: signed.sha256 },
      actor,
      at,
    );
    if (!result.ok) fail(result.error);
    const saved = this.#o.records.store.save(
      { ...record, lifecycle: result.minutes.lifecycle, pdfSha256: signed.sha256, pdfPages: s.pages },
      versionOf('sign', result.minutes, participant, signed.sha256, at),
    );
    return {
      record: saved,
      signer: { subject: who.commonName, issuer: who.issuerName, sha256: sha256Hex(checked.certificate), level },
    };
  }
}
