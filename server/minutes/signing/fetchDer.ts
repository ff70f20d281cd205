// One HTTP exchange with a PKI service (OCSP responder, time-stamping authority, CRL distribution point): DER in,
// DER out, with a time limit and a size limit, and a failure that names the service and what went wrong.
import { AppFailure, type ErrorReason } from '../../../common/errors.ts';

/** Largest answer read (a CRL of a big CA can be a few megabytes). */
const MAX_BYTES = 8 * 1024 * 1024;

export interface DerExchange {
  url: string;
  /** POST this body with `contentType`; without a body, GET. */
  body?: Buffer;
  contentType?: string;
  timeoutMs: number;
  /** The reason a failure carries (revocation_unavailable, timestamp_unavailable). */
  reason: ErrorReason;
  what: string;
}

export async function fetchDer(exchange: DerExchange): Promise<Buffer> {
  const fail = (detail: string) =>
    new AppFailure('signing_failed', `${exchange.what} at ${exchange.url}: ${detail}`, exchange.reason);
  let response: Response;
  try {
    response = await fetch(exchange.url, {
      method: exchange.body ? 'POST' : 'GET',
      headers: exchange.body ? { 'content-type': exchange.contentType ?? 'application/octet-stream' } : {},
      body: exchange.body ? new Uint8Array(exchange.body) : undefined,
      signal: AbortSignal.timeout(exchange.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw fail(`no answer (${(error as Error).message})`);
  }
  if (!response.ok) throw fail(`HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_BYTES) throw fail(`answer of ${length} bytes is too large`);
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length === 0 || data.length > MAX_BYTES) throw fail(`answer of ${data.length} bytes`);
  return data;
}
