// Remote signing on the signer's phone (the flow of VNPT SmartCA, Viettel MySign) over the CSC adapter: the server
// sends the prepared signature's hash to the provider, the signer confirms (or refuses) on the phone, and the provider
// POSTs the answer to a callback URL carrying a single-use nonce — and is asked for it meanwhile (polling), for a
// provider that cannot reach this server. The first answer is taken, once: a replay, or one after the time limit or
// a cancel, is refused. On the answer the signature is completed like any other (verified against the registered
// certificate first); a refusal, a cancel or the time limit gives the prepared signature up, and the record stays
// signable.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../../common/errors.ts';
import type { MinutesSignRemoteResult } from '../../../../common/minutesView.ts';
import { logger } from '../../../log.ts';
import { readAsyncResult, type CscAsyncResult, type CscClient, type CscCredential } from './cscClient.ts';

const log = logger('remote-signing');

/** Which provider credential signs for an account's registered certificate (by its SHA-256). */
export class RemoteCredentials {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'signing', 'remote');
  }

  #file(userId: string): string {
    return join(this.#dir, `${createHash('sha256').update(userId).digest('hex').slice(0, 32)}.json`);
  }

  #read(userId: string): Record<string, { credentialID: string; userID: string }> {
    const file = this.#file(userId);
    return existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { credentialID: string; userID: string }>)
      : {};
  }

  save(userId: string, sha256: string, entry: { credentialID: string; userID: string }): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    writeFileSync(this.#file(userId), JSON.stringify({ ...this.#read(userId), [sha256]: entry }), { mode: 0o600 });
  }

  get(userId: string, sha256: string): { credentialID: string; userID: string } | undefined {
    return this.#read(userId)[sha256];
  }
}

interface Operation {
  signatureId: string;
  responseID: string | null;
  timer: NodeJS.Timeout;
  /** The next question to the provider (signatures/signPolling); null when not polling. */
  poll: NodeJS.Timeout | null;
  finish(result: MinutesSignRemoteResult): void;
  complete(signature: Buffer): Promise<void>;
}

export interface RemoteRequest {
  signatureId: string;
  credentialID: string;
  hash: Buffer;
  keyType: 'rsa' | 'ec';
  description: string;
  /** Where the provider answers: this base + the operation's nonce. */
  callbackBase: string;
  timeoutMs: number;
  /** How often the provider is asked for the answer meanwhile (signatures/signPolling). */
  pollIntervalMs: number;
  /** Embeds the signature (verified against the registered certificate). */
  complete(signature: Buffer): Promise<void>;
  /** Gives the prepared signature up. */
  cancel(): void;
  /** Tells the signer's page how it ended. */
  notify(result: MinutesSignRemoteResult): void;
}

export class RemoteSignings {
  readonly #client: CscClient | null;
  /**
   * Open operations by nonce; an operation leaves the map at its first answer — the callback or a poll, whichever
   * comes first — at the time limit, or when it is cancelled.
   */
  readonly #open = new Map<string, Operation>();

  constructor(client: CscClient | null) {
    this.#client = client;
  }

  get configured(): boolean {
    return this.#client !== null;
  }

  #configuredClient(): CscClient {
    if (!this.#client) {
      throw new AppFailure('signing_failed', 'remote signing is not configured on this server (CSC_URL)');
    }
    return this.#client;
  }

  /** A signer's credential at the provider, found by their user ID there (a phone number, an ID number). */
  credential(userID: string): Promise<CscCredential> {
    return this.#configuredClient().credential(userID);
  }

  async start(request: RemoteRequest): Promise<{ state: 'waiting'; expiresAt: string }> {
    const client = this.#configuredClient();
    const nonce = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + request.timeoutMs);
    const finish = (result: MinutesSignRemoteResult) => {
      clearTimeout(operation.timer);
      if (operation.poll) clearTimeout(operation.poll);
      operation.poll = null;
      this.#open.delete(nonce);
      if (result.state !== 'signed') request.cancel();
      request.notify(result);
    };
    const operation: Operation = {
      signatureId: request.signatureId,
      responseID: null,
      timer: setTimeout(
        () =>
          finish({ signatureId: request.signatureId, state: 'expired', detail: 'no answer from the phone in time' }),
        request.timeoutMs,
      ),
      poll: null,
      finish,
      complete: request.complete,
    };
    this.#open.set(nonce, operation);
    try {
      operation.responseID = await client.requestSignature({
        credentialID: request.credentialID,
        hash: request.hash,
        keyType: request.keyType,
        responseUri: `${request.callbackBase}${nonce}`,
        validitySeconds: Math.ceil(request.timeoutMs / 1000),
        description: request.description,
      });
    } catch (error) {
      clearTimeout(operation.timer);
      this.#open.delete(nonce);
      request.cancel();
      throw error;
    }
    if (this.#open.get(nonce) === operation) this.#schedulePoll(nonce, operation, client, request.pollIntervalMs);
    return { state: 'waiting', expiresAt: expiresAt.toISOString() };
  }

  /**
   * Asks the provider every `intervalMs` until the operation ends. A provider that does not poll (an error that is
   * not an answer) is not asked again: its callback remains the way back.
   */
  #schedulePoll(nonce: string, operation: Operation, client: CscClient, intervalMs: number): void {
    operation.poll = setTimeout(() => {
      operation.poll = null;
      const responseID = operation.responseID!;
      client.poll(responseID).then(
        async (result) => {
          if (this.#open.get(nonce) !== operation) return; // answered, cancelled or expired meanwhile
          if (!result) return this.#schedulePoll(nonce, operation, client, intervalMs);
          this.#open.delete(nonce);
          await this.#take(operation, result);
        },
        (error: unknown) => {
          if (this.#open.get(nonce) !== operation) return;
          log.warn(`polling ${responseID} stopped, waiting for the callback:`, (error as Error).message);
        },
      );
    }, intervalMs);
  }

  /** The provider's answer at our callback URL; refused when the nonce is unknown, used or expired. */
  async callback(nonce: string, body: unknown): Promise<void> {
    const operation = this.#open.get(nonce);
    if (!operation)
      throw new AppFailure('forbidden', 'this callback is unknown, already used or expired', 'signing_expired');
    const result = readAsyncResult(body);
    if (!result || (operation.responseID !== null && result.responseID !== operation.responseID)) {
      throw new AppFailure('invalid_message', 'not an answer to this signature request');
    }
    this.#open.delete(nonce); // taken once, whatever follows
    await this.#take(operation, result);
  }

  /** An answer, from the callback or a poll: the signature embedded, or why there is none. */
  async #take(operation: Operation, result: CscAsyncResult): Promise<void> {
    const { signatureId } = operation;
    const signature = result.signatures?.[0];
    if (!signature) {
      const refused = result.error === 'access_denied';
      operation.finish({
        signatureId,
        state: refused ? 'rejected' : 'failed',
        detail: `${result.error ?? 'no signature'} ${result.error_description ?? ''}`.trim(),
      });
      return;
    }
    try {
      await operation.complete(Buffer.from(signature, 'base64'));
      operation.finish({ signatureId, state: 'signed' });
    } catch (error) {
      log.warn(`remote signature ${signatureId} not embedded:`, error instanceof Error ? error.message : error);
      operation.finish({
        signatureId,
        state: 'failed',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The signer gave the signature up on the page: no more polling; an answer arriving later is refused. */
  cancel(signatureId: string): void {
    for (const operation of this.#open.values()) {
      if (operation.signatureId === signatureId) {
        operation.finish({ signatureId, state: 'failed', detail: 'cancelled' });
      }
    }
  }

  stop(): void {
    for (const operation of this.#open.values()) {
      clearTimeout(operation.timer);
      if (operation.poll) clearTimeout(operation.poll);
    }
    this.#open.clear();
  }
}
