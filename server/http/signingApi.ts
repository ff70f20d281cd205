// A signed-in person's signing certificates over HTTP (session cookie or bearer, as the office API): the key stays on
// their USB token, with their remote-signing provider, or in their certificate file where they open it; the server
// keeps the certificate and its chain, checked (trust list, key usage, validity, revocation) before it is kept.
// Registration needs the account itself — an invitation is not enough, since whoever schedules a meeting can make
// one in anyone's name.
//   GET    /api/signing/certificates              the account's certificates, the most recent first
//   POST   /api/signing/certificates              { certificate: base64 DER, chain?: base64 DER[], method }
//   DELETE /api/signing/certificates/<sha256>
//   GET | PUT | DELETE /api/signing/image          the handwritten-signature image (PNG with transparency, raw body)
//   POST   /api/signing/remote                     { userID }: register the remote-signing provider's certificate
//   POST   /api/signing/csc/callback/<nonce>       the provider's answer (no session: the single-use nonce)
//   POST   /api/verify                             a signed PDF (raw body), checked for anyone, kept nowhere
//   GET    /api/verify/trust                       the trust list (PEM certificates), public: kept by the desktop shell
//   …      /api/signing/agency/…                    the agency's certificate, seal and signature (agencySigningApi.ts)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import { certificateInfo } from '../minutes/identities.ts';
import { trustListPem, verificationReport } from '../minutes/signing/verifyReport.ts';
import type { Services } from '../services.ts';
import { agencySigningRoute } from './agencySigningApi.ts';
import { signedIn } from './authApi.ts';
import { readCertificateBody, registrationDetail } from './certificateBody.ts';
import { MAX_SIGNATURE_IMAGE_BYTES } from '../minutes/signing/signatureImages.ts';
import { clientAddress, readBody, readJson } from './request.ts';
import { sendFailure, sendJson } from './respond.ts';

/** Largest PDF the public verification takes (the minutes are a few megabytes at most). */
const MAX_VERIFY_BYTES = 30 * 1024 * 1024;

const remoteSchema = z.object({ userID: z.string().trim().min(1).max(200) }).strict();

async function route(req: IncomingMessage, res: ServerResponse, services: Services, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  // The remote-signing provider's answer: authorised by the single-use nonce in the URL, not by a session.
  const callback = /^\/api\/signing\/csc\/callback\/([A-Za-z0-9_-]{20,64})$/.exec(url.pathname);
  if (callback && method === 'POST') {
    const body = await readJson(req, z.unknown(), 64 * 1024);
    await services.minutes.remote.callback(callback[1]!, body);
    return sendJson(res, 200, {});
  }
  if (url.pathname === '/api/verify' && method === 'POST') {
    // Open to anyone and costly (a PDF parsed, the CAs asked): a few per minute from one address.
    const limit = services.minutes.identities.verifications;
    if (!limit.take(clientAddress(req, services.config.trustProxy))) {
      const retryAfterSeconds = Math.ceil(60 / services.config.minutes.signing.verifyPerMinute);
      req.resume(); // the PDF is not read: let it go by
      res.setHeader('retry-after', String(retryAfterSeconds));
      throw new AppFailure(
        'rate_limited',
        `too many verifications from this address; try again in ${retryAfterSeconds} s`,
        undefined,
        { retryAfterSeconds },
      );
    }
    const pdf = await readBody(req, MAX_VERIFY_BYTES);
    const report = await verificationReport(pdf, services.minutes.identities.trust, {
      online: true,
      timeoutMs: services.config.minutes.signing.serviceTimeoutMs,
    });
    return sendJson(res, 200, report);
  }
  if (url.pathname === '/api/verify/trust' && method === 'GET') {
    // Public certificates: the desktop shell keeps them to check signatures where no server can be reached.
    return sendJson(res, 200, { certificates: trustListPem(services.minutes.identities.trust) });
  }
  if (url.pathname.startsWith('/api/signing/agency/')) return agencySigningRoute(req, res, services, url);
  const { user } = signedIn(req, services);
  const identities = services.minutes.identities;
  const actor = { id: `user:${user.id}`, name: user.displayName };
  if (url.pathname === '/api/signing/certificates') {
    if (method === 'GET') {
      return sendJson(res, 200, { certificates: identities.certificates.list(user.id).map(certificateInfo) });
    }
    if (method === 'POST') {
      const { certificate, chain, method: held } = await readCertificateBody(req);
      const registered = await identities.register(user.id, certificate, chain, held);
      services.office.agency.audit(
        actor,
        'signing.registerCertificate',
        registered.sha256,
        registrationDetail(registered),
      );
      return sendJson(res, 201, { certificate: certificateInfo(registered) });
    }
  }
  if (url.pathname === '/api/signing/remote' && method === 'POST') {
    // The account's certificate at the remote-signing provider (its user ID there: a phone number, an ID number).
    const { userID } = await readJson(req, remoteSchema, 4096);
    const registered = await services.minutes.registerRemote(user.id, userID);
    services.office.agency.audit(actor, 'signing.registerCertificate', registered.sha256, {
      subject: registered.subject,
      issuer: registered.issuer,
      method: 'remote',
    });
    return sendJson(res, 201, { certificate: certificateInfo(registered) });
  }
  if (url.pathname === '/api/signing/image') {
    if (method === 'GET') {
      const png = identities.images.get(user.id);
      if (!png) throw new AppFailure('not_found', 'no signature image yet');
      res.writeHead(200, {
        'content-type': 'image/png',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(png);
      return;
    }
    if (method === 'PUT') {
      identities.images.put(user.id, await readBody(req, MAX_SIGNATURE_IMAGE_BYTES));
      services.office.agency.audit(actor, 'signing.setImage', user.id);
      return sendJson(res, 200, {});
    }
    if (method === 'DELETE') {
      identities.images.remove(user.id);
      return sendJson(res, 200, {});
    }
  }
  const one = /^\/api\/signing\/certificates\/([0-9a-f]{64})$/.exec(url.pathname);
  if (one && method === 'DELETE') {
    if (!identities.certificates.remove(user.id, one[1]!)) {
      throw new AppFailure('not_found', 'no such certificate on this account');
    }
    services.office.agency.audit(actor, 'signing.removeCertificate', one[1]!);
    return sendJson(res, 200, {});
  }
  throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
}

/** Handles /api/signing/…; returns false for other paths. */
export function handleSigningApi(req: IncomingMessage, res: ServerResponse, services: Services): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  if (
    !url.pathname.startsWith('/api/signing/') &&
    url.pathname !== '/api/verify' &&
    url.pathname !== '/api/verify/trust'
  )
    return false;
  route(req, res, services, url).catch((error: unknown) =>
    sendFailure(res, error, `[signing] ${req.method} ${url.pathname}`),
  );
  return true;
}
