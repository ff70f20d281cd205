// The agency's signature over HTTP, for signed-in accounts (session cookie or office bearer): the văn thư (agency role
// `secretary`) registers the agency's certificate and signs signed minutes for the agency before they are filed; an
// administrator uploads the agency's seal image with its real diameter. The key stays with the văn thư's signer — or
// with the remote-signing provider, where the server sends the signature and the văn thư confirms it on the phone.
//   GET  /api/signing/agency/certificate                  the agency's certificate (null when none)
//   POST /api/signing/agency/certificate                  { certificate, chain?, method } (văn thư)
//   POST /api/signing/agency/remote                        { userID }: the provider's credential as the agency's
//   GET  /api/signing/agency/seal                          the seal image (PNG)
//   PUT  /api/signing/agency/seal?diameterMm=<20–60>       the seal image, raw PNG body (administrator; POST too)
//   GET  /api/signing/agency/meetings/<id>                 { required, ready, signed } (văn thư, administrator)
//   POST /api/signing/agency/meetings/<id>/prepare         the signed attributes to sign (văn thư)
//   POST /api/signing/agency/meetings/<id>/complete        { signatureId, signature: base64 } (văn thư)
//   POST /api/signing/agency/meetings/<id>/cancel          { signatureId } (văn thư; also stops waiting on the phone)
//   POST /api/signing/agency/meetings/<id>/remote          prepared and sent to the phone: { signatureId, state }
//   GET  /api/signing/agency/meetings/<id>/remote/<sigId>  { state: waiting | signed | rejected | expired | failed }
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import type { AgencySigned } from '../minutes/agencySigning.ts';
import { certificateInfo } from '../minutes/identities.ts';
import { MAX_SEAL_BYTES } from '../minutes/signing/agencySeal.ts';
import type { Services } from '../services.ts';
import { signedIn } from './authApi.ts';
import { base64, readCertificateBody, registrationDetail } from './certificateBody.ts';
import { readBody, readJson } from './request.ts';
import { sendJson } from './respond.ts';

const completeSchema = z.object({ signatureId: z.string().min(1).max(64), signature: base64 }).strict();
const cancelSchema = z.object({ signatureId: z.string().min(1).max(64) }).strict();
const remoteSchema = z.object({ userID: z.string().trim().min(1).max(200) }).strict();

/** Handles /api/signing/agency/…; the caller has matched the prefix. */
export async function agencySigningRoute(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const { user } = signedIn(req, services);
  const agency = services.minutes.agency;
  const actor = { userId: user.id, name: user.displayName, agencyRole: user.agencyRole };
  const audit = (action: string, target: string, detail?: Record<string, unknown>) =>
    services.office.agency.audit({ id: `user:${user.id}`, name: user.displayName }, action, target, detail);
  const path = url.pathname.slice('/api/signing/agency/'.length);
  const auditSigned = (meetingId: string, done: AgencySigned) =>
    audit('signing.agencySign', done.record.id, {
      meetingId,
      subject: done.certificate.commonName,
      issuer: done.certificate.issuerName,
      level: done.level,
    });

  if (path === 'certificate' && method === 'GET') {
    const registered = agency.certificate();
    return sendJson(res, 200, { certificate: registered ? certificateInfo(registered) : null });
  }
  if (path === 'certificate' && method === 'POST') {
    const { certificate, chain, method: held } = await readCertificateBody(req);
    const registered = await agency.register(actor, certificate, chain, held);
    audit('signing.registerAgencyCertificate', registered.sha256, registrationDetail(registered));
    return sendJson(res, 201, { certificate: certificateInfo(registered) });
  }
  if (path === 'remote' && method === 'POST') {
    const { userID } = await readJson(req, remoteSchema, 4096);
    const registered = await agency.registerRemote(actor, userID);
    audit('signing.registerAgencyCertificate', registered.sha256, registrationDetail(registered));
    return sendJson(res, 201, { certificate: certificateInfo(registered) });
  }
  if (path === 'seal' && method === 'GET') {
    const seal = agency.seals.get();
    if (!seal) throw new AppFailure('not_found', 'no seal image yet');
    res.writeHead(200, {
      'content-type': 'image/png',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-seal-diameter-mm': String(seal.diameterMm),
    });
    res.end(seal.png);
    return;
  }
  if (path === 'seal' && (method === 'PUT' || method === 'POST')) {
    if (user.agencyRole !== 'admin') throw new AppFailure('forbidden', 'administrators only', 'role');
    const diameterMm = Number(url.searchParams.get('diameterMm'));
    agency.seals.put(await readBody(req, MAX_SEAL_BYTES), diameterMm);
    audit('signing.setAgencySeal', 'seal', { diameterMm });
    return sendJson(res, 200, {});
  }
  const state = /^meetings\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (state && method === 'GET') {
    // Whether a record is signed is not everyone's business: the văn thư and the administrators.
    if (user.agencyRole === 'member') throw new AppFailure('forbidden', "only the agency's văn thư asks", 'role');
    return sendJson(res, 200, await agency.status(state[1]!));
  }
  const remoteState = /^meetings\/([A-Za-z0-9_-]{1,64})\/remote\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (remoteState && method === 'GET') {
    return sendJson(res, 200, agency.remoteState(remoteState[1]!, actor, remoteState[2]!));
  }
  const step = /^meetings\/([A-Za-z0-9_-]{1,64})\/(prepare|complete|cancel|remote)$/.exec(path);
  if (step && method === 'POST') {
    const [, meetingId, action] = step as unknown as [string, string, string];
    if (action === 'prepare') return sendJson(res, 200, await agency.prepare(meetingId, actor));
    if (action === 'remote') {
      // The provider answers at the callback route shared with the participants' remote signatures (signingApi.ts).
      const callbackBase = `${services.config.publicUrl}/api/signing/csc/callback/`;
      const signed = (done: AgencySigned) => auditSigned(meetingId, done);
      return sendJson(res, 200, await agency.signRemote(meetingId, actor, callbackBase, signed));
    }
    if (action === 'cancel') {
      agency.cancel(meetingId, actor, (await readJson(req, cancelSchema, 4096)).signatureId);
      return sendJson(res, 200, {});
    }
    const body = await readJson(req, completeSchema, 64 * 1024);
    const done = await agency.complete(meetingId, actor, body.signatureId, Buffer.from(body.signature, 'base64'));
    auditSigned(meetingId, done);
    return sendJson(res, 200, { pdfSha256: done.record.pdfSha256, level: done.level });
  }
  throw new AppFailure('not_found', `no API at ${method} ${url.pathname}`);
}
