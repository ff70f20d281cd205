// A Cloud Signature Consortium API v2 test service, written for the tests from the published specification's
// methods that the server's adapter uses (server/minutes/signing/csc/cscClient.ts): oauth2/token (client
// credentials), credentials/list, credentials/info (the certificate chain), signatures/signHash in asynchronous
// mode (202 + responseID; the answer POSTed to response_uri), signatures/signPolling (202 while the phone has not
// answered, 200 with the signatures, 400 access_denied after a refusal). It stands in for a provider that cannot be
// reached here (VNPT SmartCA, Viettel MySign); its "phone" is driven by the test: confirm, refuse, or never answer —
// with the answer POSTed to response_uri, or only kept for polling (a provider that cannot reach the server).
import { constants, privateEncrypt, randomBytes, sign as cryptoSign } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface CscTestSigner {
  userID: string;
  keyPem: string;
  /** DER, the signer's first. */
  certificates: Buffer[];
  keyType: 'rsa' | 'ec';
}

interface Waiting {
  responseID: string;
  hash: Buffer;
  responseUri: string;
  signer: CscTestSigner;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

export class CscTestService {
  readonly clientId = 'phonghop-test';
  readonly clientSecret = randomBytes(12).toString('hex');
  readonly #signers = new Map<string, CscTestSigner>();
  readonly #tokens = new Set<string>();
  /** Requests pushed to the phone, oldest first. */
  readonly waiting: Waiting[] = [];
  /** Every answer POSTed to a response_uri, as sent (a test replays one). */
  readonly answers: { uri: string; body: unknown }[] = [];
  /** The phone's answers by responseID, for signatures/signPolling. */
  readonly #outcomes = new Map<string, Record<string, unknown>>();
  /** The responseIDs signatures/signPolling was asked about, in order. */
  readonly polls: string[] = [];
  #server: Server | null = null;
  url = '';

  addSigner(signer: CscTestSigner): void {
    this.#signers.set(signer.userID, signer);
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.#handle(req).then(
        ([status, answer]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
        (error: unknown) =>
          res.writeHead(500).end(JSON.stringify({ error: 'server_error', error_description: String(error) })),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/csc/v2`;
  }

  async #handle(req: IncomingMessage): Promise<[number, unknown]> {
    const path = (req.url ?? '').replace(/^\/csc\/v2\//, '');
    const input = await body(req);
    if (path === 'oauth2/token') {
      if (
        input.grant_type !== 'client_credentials' ||
        input.client_id !== this.clientId ||
        input.client_secret !== this.clientSecret
      ) {
        return [400, { error: 'invalid_client' }];
      }
      const token = randomBytes(16).toString('hex');
      this.#tokens.add(token);
      return [200, { access_token: token, token_type: 'Bearer', expires_in: 3600 }];
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.#tokens.has(token)) return [401, { error: 'invalid_token' }];
    if (path === 'credentials/list') {
      const signer = this.#signers.get(String(input.userID));
      return [200, { credentialIDs: signer ? [`cred-${signer.userID}`] : [] }];
    }
    if (path === 'signatures/signPolling') {
      const responseID = String(input.responseID);
      this.polls.push(responseID);
      const outcome = this.#outcomes.get(responseID);
      if (outcome?.signatures) return [200, { signatures: outcome.signatures }];
      if (outcome) return [400, { error: outcome.error, error_description: outcome.error_description }];
      if (this.waiting.some((w) => w.responseID === responseID)) return [202, {}];
      return [400, { error: 'invalid_request', error_description: 'unknown responseID' }];
    }
    const signer = [...this.#signers.values()].find((s) => `cred-${s.userID}` === input.credentialID);
    if (!signer) return [400, { error: 'invalid_request', error_description: 'unknown credentialID' }];
    if (path === 'credentials/info') {
      return [
        200,
        {
          key: { status: 'enabled', algo: [signer.keyType === 'rsa' ? '1.2.840.113549.1.1.1' : '1.2.840.10045.2.1'] },
          cert: { status: 'valid', certificates: signer.certificates.map((c) => c.toString('base64')) },
          authMode: 'implicit',
        },
      ];
    }
    if (path === 'signatures/signHash') {
      const hashes = input.hashes as string[] | undefined;
      if (input.operationMode !== 'A' || typeof input.response_uri !== 'string' || !hashes?.length) {
        return [400, { error: 'invalid_request' }];
      }
      const responseID = randomBytes(10).toString('hex');
      this.waiting.push({
        responseID,
        hash: Buffer.from(hashes[0]!, 'base64'),
        responseUri: input.response_uri,
        signer,
      });
      return [202, { responseID }];
    }
    return [404, { error: 'invalid_request', error_description: `no method ${path}` }];
  }

  /** The signer confirms the oldest waiting request on the phone: its signature is POSTed to response_uri. */
  async confirm(): Promise<Response> {
    const request = this.waiting.shift()!;
    return this.#answer(request.responseUri, this.#signed(request));
  }

  /** The phone's answer kept for polling only, nothing POSTed: confirmed, or refused. */
  answerForPolling(answer: 'confirm' | 'reject'): void {
    const request = this.waiting.shift()!;
    this.#outcomes.set(
      request.responseID,
      answer === 'confirm'
        ? this.#signed(request)
        : { error: 'access_denied', error_description: 'the signer refused on the phone' },
    );
  }

  #signed(request: Waiting): { responseID: string; signatures: string[] } {
    const { signer, hash } = request;
    const signature =
      signer.keyType === 'rsa'
        ? privateEncrypt(
            { key: signer.keyPem, padding: constants.RSA_PKCS1_PADDING },
            Buffer.concat([SHA256_DIGEST_INFO, hash]),
          )
        : cryptoSign(null, hash, { key: signer.keyPem, dsaEncoding: 'der' });
    return { responseID: request.responseID, signatures: [signature.toString('base64')] };
  }

  /** The signer refuses on the phone. */
  async reject(): Promise<Response> {
    const request = this.waiting.shift()!;
    return this.#answer(request.responseUri, {
      responseID: request.responseID,
      error: 'access_denied',
      error_description: 'the signer refused on the phone',
    });
  }

  /** POSTs an answer again, as an attacker replaying a captured callback would. */
  replay(index: number): Promise<Response> {
    const { uri, body } = this.answers[index]!;
    return fetch(uri, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  #answer(uri: string, answer: unknown): Promise<Response> {
    this.answers.push({ uri, body: answer });
    return fetch(uri, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer),
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
