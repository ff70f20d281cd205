// Signatures the server prepared and waits for: at most one per participant of a meeting (a new one replaces it),
// each for a limited time. Nothing of a prepared signature is stored until its signer answers — a PIN cancelled, a
// token pulled out, a phone that never confirms leave the record exactly as it was, still signable.
import { randomBytes } from 'node:crypto';
import { AppFailure } from '../../../common/errors.ts';
import type { PreparedSignature } from '../sign.ts';
import type { CheckedCertificate } from '../identities.ts';

export interface PendingSignature {
  id: string;
  meetingId: string;
  participantId: string;
  /** The record's PDF the signature was prepared on: a record changed since is not signed with it. */
  basePdfSha256: string;
  /** The PDF's page count (the record keeps it). */
  pages: number;
  prepared: PreparedSignature;
  signedAttrs: Buffer;
  checked: CheckedCertificate;
  expiresAt: number;
}

export class PendingSignatures {
  readonly #byParticipant = new Map<string, PendingSignature>();

  #key(meetingId: string, participantId: string): string {
    return `${meetingId}/${participantId}`;
  }

  /** Keeps a prepared signature, replacing the participant's earlier one; returns its id. */
  put(pending: Omit<PendingSignature, 'id'>): PendingSignature {
    this.#sweep();
    const entry = { ...pending, id: randomBytes(12).toString('base64url') };
    this.#byParticipant.set(this.#key(pending.meetingId, pending.participantId), entry);
    return entry;
  }

  /** Removes and returns the participant's prepared signature with this id; signing_expired when there is none. */
  take(meetingId: string, participantId: string, id: string): PendingSignature {
    const key = this.#key(meetingId, participantId);
    const entry = this.#byParticipant.get(key);
    if (!entry || entry.id !== id) {
      throw new AppFailure(
        'signing_failed',
        'this prepared signature is not waiting any more (replaced, cancelled or already used): sign again',
        'signing_expired',
      );
    }
    this.#byParticipant.delete(key);
    if (entry.expiresAt < Date.now()) {
      throw new AppFailure('signing_failed', 'the signer took too long to answer: sign again', 'signing_expired');
    }
    return entry;
  }

  /** The participant's prepared signature with this id, left waiting; signing_expired when there is none. */
  peek(meetingId: string, participantId: string, id: string): PendingSignature {
    const entry = this.#byParticipant.get(this.#key(meetingId, participantId));
    if (!entry || entry.id !== id || entry.expiresAt < Date.now()) {
      throw new AppFailure(
        'signing_failed',
        'this prepared signature is not waiting any more: sign again',
        'signing_expired',
      );
    }
    return entry;
  }

  /** Drops the participant's prepared signature with this id, if it is still there. */
  cancel(meetingId: string, participantId: string, id: string): void {
    const key = this.#key(meetingId, participantId);
    if (this.#byParticipant.get(key)?.id === id) this.#byParticipant.delete(key);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#byParticipant) if (entry.expiresAt < now) this.#byParticipant.delete(key);
  }
}
