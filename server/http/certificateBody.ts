// The request that registers a signing certificate — a person's (signingApi.ts) or the agency's (agencySigningApi.ts):
// `{ certificate: base64 DER, chain?: base64 DER[], method }`, read and decoded, and what the audit log keeps of it.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { RegisteredCertificate, SigningMethod } from '../minutes/signing/certificateStore.ts';
import { readJson } from './request.ts';

/** A certificate and a few issuers in base64 fit well within this. */
const MAX_BODY = 64 * 1024;

/** Base64 of at most 16 KiB (a certificate, a signature). */
export const base64 = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^[A-Za-z0-9+/=]+$/);

const registerSchema = z
  .object({
    certificate: base64,
    chain: z.array(base64).max(8).optional(),
    method: z.enum(['token', 'remote', 'file']),
  })
  .strict();

/** The certificate to register, its chain and how its key is held. */
export async function readCertificateBody(
  req: IncomingMessage,
): Promise<{ certificate: Buffer; chain: Buffer[]; method: SigningMethod }> {
  const body = await readJson(req, registerSchema, MAX_BODY);
  return {
    certificate: Buffer.from(body.certificate, 'base64'),
    chain: (body.chain ?? []).map((c) => Buffer.from(c, 'base64')),
    method: body.method,
  };
}

/** What the audit log keeps of a registration. */
export const registrationDetail = (registered: RegisteredCertificate) => ({
  subject: registered.subject,
  issuer: registered.issuer,
  method: registered.method,
});
