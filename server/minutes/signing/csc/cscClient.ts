// The wire format of remote signing, in one module: the Cloud Signature Consortium API v2 as this server uses it —
// OAuth2 client credentials (`oauth2/token`), `credentials/list`, `credentials/info` (the certificate chain),
// `signatures/signHash` in asynchronous mode (operationMode "A": the provider pushes the request to the signer's
// phone, answers 202 with a responseID, and later POSTs the signatures — or the refusal — to our response_uri), and
// `signatures/signPolling` with that responseID for providers that cannot reach us (202 while the signer has not
// answered, 200 with the signatures, 400 access_denied when refused).
// Providers' differences (the base URL, the client, the hash and signing algorithm OIDs, the validity period) are
// configuration; nothing provider-specific lives elsewhere.
import { AppFailure } from '../../../../common/errors.ts';

export interface CscConfig {
  /** The provider's CSC base URL, e.g. https://…/csc/v2 */
  url: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** How often the provider is asked for the answer of a request waiting on the phone (CSC_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
}

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const SIGN_ALGO = { rsa: '1.2.840.113549.1.1.11', ec: '1.2.840.10045.4.3.2' } as const;

export interface CscCredential {
  credentialID: string;
  /** DER certificates, the signer's first. */
  certificates: Buffer[];
}

async function call<T>(
  config: CscConfig,
  path: string,
  body: unknown,
  token: string | null,
  /** Answers of 400 and more come back instead of failing (polling reads a refusal from them). */
  keepErrors = false,
): Promise<{ status: number; body: T & { error?: string; error_description?: string } }> {
  let response: Response;
  try {
    response = await fetch(`${config.url.replace(/\/$/, '')}/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new AppFailure('unavailable', `remote signing provider (${path}): no answer (${(error as Error).message})`);
  }
  const answer = (await response.json().catch(() => ({}))) as T & { error?: string; error_description?: string };
  if (response.status >= 400 && !keepErrors) {
    throw new AppFailure(
      'signing_failed',
      `remote signing provider (${path}): ${answer.error ?? response.status} ${answer.error_description ?? ''}`.trim(),
    );
  }
  return { status: response.status, body: answer };
}

export class CscClient {
  readonly #config: CscConfig;

  constructor(config: CscConfig) {
    this.#config = config;
  }

  async #token(): Promise<string> {
    const { body } = await call<{ access_token?: string }>(
      this.#config,
      'oauth2/token',
      { grant_type: 'client_credentials', client_id: this.#config.clientId, client_secret: this.#config.clientSecret },
      null,
    );
    if (!body.access_token) throw new AppFailure('signing_failed', 'remote signing provider: no access token');
    return body.access_token;
  }

  /** The signer's first credential (their remote certificate) and its chain. */
  async credential(userID: string): Promise<CscCredential> {
    const token = await this.#token();
    const list = await call<{ credentialIDs?: string[] }>(this.#config, 'credentials/list', { userID }, token);
    const credentialID = list.body.credentialIDs?.[0];
    if (!credentialID) {
      throw new AppFailure(
        'signing_failed',
        `the remote signing provider has no certificate for ${userID}`,
        'no_signing_identity',
      );
    }
    const info = await call<{ cert?: { certificates?: string[] } }>(
      this.#config,
      'credentials/info',
      { credentialID, certificates: 'chain', certInfo: false },
      token,
    );
    const certificates = (info.body.cert?.certificates ?? []).map((c) => Buffer.from(c, 'base64'));
    if (certificates.length === 0) throw new AppFailure('signing_failed', 'the provider sent no certificate');
    return { credentialID, certificates };
  }

  /**
   * Asks the signer (on their phone) to sign one SHA-256 hash; the provider answers later at `responseUri`.
   * Returns the provider's responseID.
   */
  async requestSignature(request: {
    credentialID: string;
    hash: Buffer;
    keyType: 'rsa' | 'ec';
    responseUri: string;
    validitySeconds: number;
    /** Shown on the phone: what is being signed. */
    description: string;
  }): Promise<string> {
    const token = await this.#token();
    const { status, body } = await call<{ responseID?: string }>(
      this.#config,
      'signatures/signHash',
      {
        credentialID: request.credentialID,
        hashes: [request.hash.toString('base64')],
        hashAlgorithmOID: SHA256_OID,
        signAlgo: SIGN_ALGO[request.keyType],
        operationMode: 'A',
        validity_period: request.validitySeconds,
        response_uri: request.responseUri,
        clientData: request.description,
      },
      token,
    );
    if (status !== 202 || !body.responseID) {
      throw new AppFailure('signing_failed', 'the remote signing provider did not accept an asynchronous request');
    }
    return body.responseID;
  }

  /**
   * Asks the provider for the answer to an asynchronous request: null while the signer has not answered, else the
   * signatures or the error (access_denied: refused on the phone). Fails when the provider does not poll at all.
   */
  async poll(responseID: string): Promise<CscAsyncResult | null> {
    const token = await this.#token();
    const { status, body } = await call<{ signatures?: string[] }>(
      this.#config,
      'signatures/signPolling',
      { responseID },
      token,
      true,
    );
    if (status === 202) return null;
    if (status === 200 && Array.isArray(body.signatures)) return readAsyncResult({ ...body, responseID });
    if (status === 400 && (body.error === 'access_denied' || body.error === 'expired_request')) {
      return {
        responseID,
        error: body.error,
        ...(body.error_description ? { error_description: body.error_description } : {}),
      };
    }
    throw new AppFailure(
      'signing_failed',
      `remote signing provider (signatures/signPolling): ${body.error ?? status} ${body.error_description ?? ''}`.trim(),
    );
  }
}

/** What the provider POSTs to response_uri: the signatures, or why there are none. */
export interface CscAsyncResult {
  responseID: string;
  signatures?: string[];
  error?: string;
  error_description?: string;
}

export function readAsyncResult(body: unknown): CscAsyncResult | null {
  if (typeof body !== 'object' || body === null) return null;
  const r = body as Record<string, unknown>;
  if (typeof r.responseID !== 'string') return null;
  const signatures =
    Array.isArray(r.signatures) && r.signatures.every((s) => typeof s === 'string')
      ? (r.signatures as string[])
      : undefined;
  return {
    responseID: r.responseID,
    ...(signatures ? { signatures } : {}),
    ...(typeof r.error === 'string' ? { error: r.error } : {}),
    ...(typeof r.error_description === 'string' ? { error_description: r.error_description } : {}),
  };
}
