// The agency's signature confirmed on the văn thư's phone, through the remote-signing provider (CSC API v2): the
// provider's credential is kept as the agency's (by the registered certificate's SHA-256), and a prepared agency
// signature's hash is sent there. The operation itself — single-use callback nonce, polling, time limit, cancel,
// the first answer taken once — is the personal signatures' (csc/remoteSigning.ts), and the wire format stays in
// csc/cscClient.ts. What this adds: the office screens have no socket, so how each request ended is kept here for a
// while and the văn thư's page asks for it; and only the văn thư who sent a request sees or cancels it.
import { AppFailure } from '../../../common/errors.ts';
import type { MinutesSignPrepared, MinutesSignRemoteResult } from '../../../common/minutesView.ts';
import type { CscConfig } from './csc/cscClient.ts';
import type { RemoteCredentials, RemoteSignings } from './csc/remoteSigning.ts';

/** Where a request to the phone stands: waiting, or how it ended. */
export type AgencyRemoteState = { signatureId: string; state: 'waiting'; expiresAt: string } | MinutesSignRemoteResult;

/** How long the page may still ask how a request ended. */
const KEEP_MS = 15 * 60_000;

export interface AgencyRemoteParts {
  remote: RemoteSignings;
  credentials: RemoteCredentials;
  csc: CscConfig | null;
  /** How long the phone has to answer (CSC_CONFIRM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Whose credentials the agency's are (the certificate store's holder for the agency). */
  holder: string;
}

/** A prepared agency signature to send, and what to do with the phone's answer. */
export interface AgencyRemoteRequest {
  /** The văn thư who sent it (the meeting and the account): only they see or cancel it. */
  owner: string;
  prepared: MinutesSignPrepared;
  credentialID: string;
  description: string;
  callbackBase: string;
  complete(signature: Buffer): Promise<void>;
  cancel(): void;
}

export class AgencyRemoteSigning {
  readonly #p: AgencyRemoteParts;
  readonly #states = new Map<string, { owner: string; state: AgencyRemoteState; at: number }>();

  constructor(parts: AgencyRemoteParts) {
    this.#p = parts;
  }

  /** The provider credential of the agency's certificate; refused when it was not registered at the provider. */
  credentialFor(certificateSha256: string): { credentialID: string; userID: string } {
    const entry = this.#p.credentials.get(this.#p.holder, certificateSha256);
    if (!entry) {
      throw new AppFailure(
        'signing_failed',
        "the agency's certificate is not a remote-signing credential: register it by its user ID at the provider",
        'certificate_not_registered',
      );
    }
    return entry;
  }

  /** Sends the prepared signature's hash to the phone; the answer completes it or gives it up. */
  async send(request: AgencyRemoteRequest): Promise<AgencyRemoteState> {
    this.#sweep();
    const { signatureId } = request.prepared;
    // One request at a time per văn thư and meeting: an earlier one still waiting is not answered any more.
    for (const [id, entry] of this.#states) {
      if (entry.owner === request.owner && entry.state.state === 'waiting') this.#p.remote.cancel(id);
    }
    const started = await this.#p.remote.start({
      signatureId,
      credentialID: request.credentialID,
      hash: Buffer.from(request.prepared.hash, 'base64'),
      keyType: request.prepared.keyType,
      description: request.description,
      callbackBase: request.callbackBase,
      timeoutMs: this.#p.timeoutMs,
      pollIntervalMs: this.#p.csc?.pollIntervalMs ?? 3000,
      complete: request.complete,
      cancel: request.cancel,
      notify: (result) => this.#states.set(signatureId, { owner: request.owner, state: result, at: Date.now() }),
    });
    const state: AgencyRemoteState = { signatureId, ...started };
    // An answer may already have come (a fast phone, a poll): it is not overwritten by "waiting".
    if (!this.#states.has(signatureId)) this.#states.set(signatureId, { owner: request.owner, state, at: Date.now() });
    return this.#states.get(signatureId)!.state;
  }

  /** Where the văn thư's request stands; not_found for another person's or a forgotten one. */
  state(owner: string, signatureId: string): AgencyRemoteState {
    const entry = this.#states.get(signatureId);
    if (!entry || entry.owner !== owner) throw new AppFailure('not_found', 'no such remote signature request');
    return entry.state;
  }

  /** The văn thư gives their request up: no more polling, the phone's later answer is refused. */
  cancel(owner: string, signatureId: string): void {
    const entry = this.#states.get(signatureId);
    if (entry?.owner === owner && entry.state.state === 'waiting') this.#p.remote.cancel(signatureId);
  }

  #sweep(): void {
    const old = Date.now() - KEEP_MS;
    for (const [id, entry] of this.#states) {
      if (entry.at < old && entry.state.state !== 'waiting') this.#states.delete(id);
    }
  }
}
