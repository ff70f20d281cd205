// The agency's signature on the filed copy (Decree 30/2020 Appendix I): once the secretary and the chair have signed,
// the agency's văn thư (an account with the agency role `secretary`) signs with the agency's certificate — registered
// like any other, kept under the agency rather than a person, its key on the văn thư's token, at a remote-signing
// provider or in a file, never on the server — and the signature shows the agency's seal (uploaded by an
// administrator, agencySeal.ts) at its real size over the left third of the chair's signature image, with the agency
// and the signing time in ISO 8601 (+07:00). The same two steps as a person's signature (prepare → signer →
// complete), the same checks and embedding (timestamp, DSS). Filing then adds the document timestamp
// (signing/filedCopy.ts); while the agency has a certificate and a seal, filing waits for this signature. Through the
// remote-signing provider (signing/agencyRemote.ts) the server itself sends the prepared signature to the văn thư's
// phone and completes it when the phone confirms.
import { readFile } from 'node:fs/promises';
import { AppFailure } from '../../common/errors.ts';
import type { MinutesSignPrepared } from '../../common/minutesView.ts';
import { SIGNATURE_FIELD_NAMES } from './exportPdf.ts';
import { versionOf } from './lifecycle.ts';
import type { MinutesRecord } from './MinutesStore.ts';
import { prepareSignature } from './sign.ts';
import type { MinutesSigningOptions } from './signingSteps.ts';
import { AGENCY_FIELD, agencyPlacement, signerImageBox } from './signing/agencyField.ts';
import { AgencyRemoteSigning, type AgencyRemoteState } from './signing/agencyRemote.ts';
import { AgencySeals } from './signing/agencySeal.ts';
import type { RegisteredCertificate, SigningMethod } from './signing/certificateStore.ts';
import { signedAttributes } from './signing/cms.ts';
import { registerRemoteCredential } from './signing/csc/remoteRegistration.ts';
import type { RemoteCredentials, RemoteSignings } from './signing/csc/remoteSigning.ts';
import { signerDisplay, TwoStepSignatures } from './signing/twoStep.ts';
import { verifyPdfSignatures } from './verify.ts';

/** Whose certificates the agency's are in the certificate store (a holder that is no account). */
export const AGENCY_HOLDER = 'agency';

/** The signed-in person acting for the agency. */
export interface AgencyActor {
  userId: string;
  name: string;
  agencyRole: string;
}

/** What a person's signing steps need, and where the seal is kept and whom to tell of a signed record. */
export interface AgencySigningOptions extends MinutesSigningOptions {
  dataDir: string;
  changed(record: MinutesRecord): void;
  /** Remote signing on the phone, shared with the participants' signatures (one callback route, one nonce set). */
  remote: RemoteSignings;
  remoteCredentials: RemoteCredentials;
}

/** What a completed agency signature returns (the HTTP layer audits it). */
export type AgencySigned = Awaited<ReturnType<AgencySigning['complete']>>;

/** The văn thư holds the agency's certificate: only the agency role `secretary` signs for the agency. */
function requireHolder(actor: AgencyActor): void {
  if (actor.agencyRole !== 'secretary') {
    throw new AppFailure('forbidden', "only the agency's văn thư (agency role secretary) signs for the agency", 'role');
  }
}

const ownerOf = (meetingId: string, actor: AgencyActor) => `${meetingId}/agency:${actor.userId}`;

export class AgencySigning {
  readonly seals: AgencySeals;
  readonly #o: AgencySigningOptions;
  readonly #pending: TwoStepSignatures;
  readonly #remote: AgencyRemoteSigning;

  constructor(options: AgencySigningOptions) {
    this.#o = options;
    this.#pending = new TwoStepSignatures(options.signing);
    this.seals = new AgencySeals(options.dataDir);
    this.#remote = new AgencyRemoteSigning({
      remote: options.remote,
      credentials: options.remoteCredentials,
      csc: options.signing.csc,
      timeoutMs: options.signing.remoteTimeoutMs,
      holder: AGENCY_HOLDER,
    });
  }

  /** The agency's certificate (the most recently registered). */
  certificate(): RegisteredCertificate | undefined {
    return this.#o.identities.certificates.list(AGENCY_HOLDER)[0];
  }

  /** Registers the agency's certificate (checked like a person's), by its văn thư. */
  register(actor: AgencyActor, certificate: Buffer, chain: Buffer[], method: SigningMethod) {
    requireHolder(actor);
    return this.#o.identities.register(AGENCY_HOLDER, certificate, chain, method);
  }

  /**
   * Registers the văn thư's credential at the remote-signing provider (found by their user ID there) as the agency's
   * certificate — checked like any other (trust list, key usage, validity, revocation).
   */
  async registerRemote(actor: AgencyActor, userID: string): Promise<RegisteredCertificate> {
    requireHolder(actor);
    const parts = { remote: this.#o.remote, identities: this.#o.identities, credentials: this.#o.remoteCredentials };
    return registerRemoteCredential(parts, AGENCY_HOLDER, userID);
  }

  /**
   * Prepares the agency's signature and sends its hash to the văn thư's phone; `signed` is told when the phone's
   * confirmation has been embedded. A refusal, the time limit or a cancel gives the prepared signature up.
   */
  async signRemote(
    meetingId: string,
    actor: AgencyActor,
    callbackBase: string,
    signed: (done: AgencySigned) => void,
  ): Promise<AgencyRemoteState> {
    requireHolder(actor);
    const registered = this.certificate();
    if (!registered) {
      throw new AppFailure('signing_failed', 'the agency has no signing certificate yet', 'no_signing_identity');
    }
    const { credentialID } = this.#remote.credentialFor(registered.sha256);
    const prepared = await this.prepare(meetingId, actor);
    const number = this.#o.records.store.get(meetingId)?.content?.header.number;
    const { signatureId } = prepared;
    return this.#remote.send({
      owner: ownerOf(meetingId, actor),
      prepared,
      credentialID,
      description: `Biên bản cuộc họp${number ? ` số ${number}` : ''} — chữ ký số của cơ quan`,
      callbackBase,
      complete: async (signature) => signed(await this.complete(meetingId, actor, signatureId, signature)),
      cancel: () => this.#pending.cancel(meetingId, `agency:${actor.userId}`, signatureId),
    });
  }

  /** Where the văn thư's request on the phone stands (their page asks until it ends). */
  remoteState(meetingId: string, actor: AgencyActor, signatureId: string): AgencyRemoteState {
    requireHolder(actor);
    return this.#remote.state(ownerOf(meetingId, actor), signatureId);
  }

  /** The record to sign for the agency: signed by both, not yet on its way to the archive. */
  #signable(meetingId: string): MinutesRecord {
    const record = this.#o.records.open(meetingId);
    if (record.lifecycle.state !== 'signed' || record.filingKey) {
      throw new AppFailure(
        'minutes_invalid_transition',
        'the agency signs minutes the secretary and the chair have signed, before they are filed',
      );
    }
    return record;
  }

  /** Prepares the agency's signature; the văn thư's signer signs the signed attributes. */
  prepare(meetingId: string, actor: AgencyActor): Promise<MinutesSignPrepared> {
    requireHolder(actor);
    return this.#o.serial.run(meetingId, async () => {
      const record = this.#signable(meetingId);
      const registered = this.certificate();
      if (!registered) {
        throw new AppFailure('signing_failed', 'the agency has no signing certificate yet', 'no_signing_identity');
      }
      const seal = this.seals.get();
      if (!seal) throw new AppFailure('signing_failed', "the agency's seal image has not been uploaded");
      const checked = await this.#o.identities.check(registered.certificate, registered.chain);
      const minutes = this.#o.records.minutes(record);
      const pdf = await this.#o.steps.currentPdf(record, minutes);
      const chair = await signerImageBox(pdf.data, SIGNATURE_FIELD_NAMES.chair);
      if (!chair.lastPage) throw new AppFailure('signing_failed', "the chair's signature is not on the last page");
      const place = agencyPlacement(chair.box, seal.diameterMm);
      const signer = signerDisplay(registered.certificate);
      const prepared = await prepareSignature(pdf.data, {
        signer,
        fieldName: AGENCY_FIELD,
        requireSigned: Object.values(SIGNATURE_FIELD_NAMES),
        rect: place.rect,
        agencySeal: { ...seal, agency: signer.organization ?? signer.commonName, image: place.image },
        reason: 'Văn thư ký số của cơ quan ban hành',
        location: minutes.header.place,
        ...(this.#o.fontDir ? { fontDir: this.#o.fontDir } : {}),
      });
      const signedAttrs = signedAttributes(prepared.digest, registered.certificate);
      const participantId = `agency:${actor.userId}`;
      return this.#pending.await({ meetingId, participantId, pdf, prepared, signedAttrs, registered, checked });
    });
  }

  /** Embeds the văn thư's signature and keeps the record's PDF with it; returns the record and the level. */
  complete(meetingId: string, actor: AgencyActor, signatureId: string, signature: Buffer) {
    requireHolder(actor);
    return this.#o.serial.run(meetingId, async () => {
      const record = this.#signable(meetingId);
      const pending = this.#pending.take(meetingId, `agency:${actor.userId}`, signatureId, record.pdfSha256);
      const { signed, level } = await this.#pending.embed(pending, signature);
      this.#o.blobs.put(signed.pdf);
      const minutes = this.#o.records.minutes(record);
      const at = signed.signedAt.toISOString();
      const by = { id: `user:${actor.userId}`, name: actor.name };
      const saved = this.#o.records.store.save(
        { ...record, pdfSha256: signed.sha256 },
        versionOf('sign', minutes, by, signed.sha256, at),
      );
      this.#o.changed(saved);
      return { record: saved, level, certificate: signerDisplay(pending.checked.certificate) };
    });
  }

  /** Gives up a prepared agency signature (a PIN dialog cancelled, the wait for the phone given up). */
  cancel(meetingId: string, actor: AgencyActor, signatureId: string): void {
    requireHolder(actor);
    this.#pending.cancel(meetingId, `agency:${actor.userId}`, signatureId);
    this.#remote.cancel(ownerOf(meetingId, actor), signatureId);
  }

  /** Whether the agency signs before filing: it has a certificate and a seal. */
  required(): boolean {
    return this.certificate() !== undefined && this.seals.get() !== null;
  }

  /** Whether the record's current PDF carries a valid agency signature. */
  async #carries(record: MinutesRecord): Promise<boolean> {
    const blobs = this.#o.blobs;
    if (record.lifecycle.signatures.length === 0 || !record.pdfSha256 || !blobs.has(record.pdfSha256)) return false;
    const pdf = await readFile(blobs.path(record.pdfSha256));
    return verifyPdfSignatures(pdf).signatures.some((s) => s.field === AGENCY_FIELD && s.valid);
  }

  /**
   * Where the agency's signature stands for a record: required (the agency has a certificate and a seal), ready to
   * sign (signed by both, not filed), and signed (its PDF carries it).
   */
  async status(meetingId: string): Promise<{ required: boolean; ready: boolean; signed: boolean }> {
    const { record } = this.#o.records.read(meetingId);
    const signed = await this.#carries(record);
    const ready = record.lifecycle.state === 'signed' && !record.filingKey && !signed;
    return { required: this.required(), ready, signed };
  }

  /**
   * The meetings whose records wait for the agency's signature — signed by the secretary and the chair, not yet on
   * their way to the archive, without it; none while the agency has no certificate or seal.
   */
  async awaiting(): Promise<string[]> {
    if (!this.required()) return [];
    const ids: string[] = [];
    for (const record of this.#o.records.store.signedUnqueued()) {
      if (!(await this.#carries(record))) ids.push(record.meetingId);
    }
    return ids;
  }

  /**
   * Whether the văn thư may read this meeting's record though not seated in it: the record waits for the agency's
   * signature (it is theirs to sign) or carries it (they signed it).
   */
  async handles(meetingId: string, actor: Pick<AgencyActor, 'agencyRole'>): Promise<boolean> {
    if (actor.agencyRole !== 'secretary') return false;
    const record = this.#o.records.store.get(meetingId);
    if (!record || (record.lifecycle.state !== 'signed' && record.lifecycle.state !== 'filed')) return false;
    if (await this.#carries(record)) return true;
    return this.required() && record.lifecycle.state === 'signed' && !record.filingKey;
  }

  /** Before filing: while the agency has a certificate and a seal, the record must carry the agency's signature. */
  requireSigned(pdf: Buffer): void {
    if (!this.certificate() || !this.seals.get()) return;
    if (verifyPdfSignatures(pdf).signatures.some((s) => s.field === AGENCY_FIELD && s.valid)) return;
    throw new AppFailure(
      'minutes_invalid_transition',
      "the agency's signature (the văn thư, with the agency's certificate and seal) comes before filing",
    );
  }
}
