// The agency's signature on the demo's past minutes (Decree 30/2020 Appendix I: the agency signs the filed copy, its
// red seal over the left third of the chair's signature image). A demo server gives the agency a DEMO certificate of
// the demo CA (DEMO_AGENCY_SIGNER, its key held by the demo server in place of the văn thư's token) and the demo
// seal drawn in code (signing/demoSeal.ts), each only where the agency has none — what an administrator or the văn
// thư set stays — and then signs as the văn thư would: prepare, sign the signed attributes, complete. A real server
// refuses the DEMO certificate when it is registered (identities.ts), so none of this can reach a real agency.
import { sign as cryptoSign } from 'node:crypto';
import type { AgencyActor } from '../minutes/agencySigning.ts';
import { DEMO_AGENCY_SIGNER } from '../minutes/demoMinutes.ts';
import { sha256Hex } from '../minutes/signing/certificateFields.ts';
import type { DemoIdentities } from '../minutes/signing/demoIdentities.ts';
import { DEMO_SEAL_DIAMETER_MM, demoSealPng } from '../minutes/signing/demoSeal.ts';
import { loadPkcs12File, type SigningIdentity } from '../minutes/signing/identity.ts';
import type { Services } from '../services.ts';

/** Who signs for the demo agency, and with what. */
export interface DemoAgencySigner {
  actor: AgencyActor;
  identity: SigningIdentity;
}

/** The văn thư: the meeting's secretary when their account holds the agency role, else the first active one. */
function vanThu(services: Services, meetingId: string): AgencyActor | null {
  const seat = services.office.planner.participants(meetingId).find((p) => p.role === 'secretary');
  const seated = seat?.userId ? services.accounts.user(seat.userId) : undefined;
  const user =
    seated?.agencyRole === 'secretary' && !seated.disabled
      ? seated
      : services.accounts.listUsers().find((u) => u.agencyRole === 'secretary' && !u.disabled);
  return user ? { userId: user.id, name: user.displayName, agencyRole: user.agencyRole } : null;
}

/**
 * Gives the agency the demo certificate and seal where it has none; answers who signs for it with the demo key, or
 * null when the agency signs with another certificate (then its văn thư signs, as on a real server) or nobody could.
 */
export async function prepareDemoAgency(
  services: Services,
  meetingId: string,
  identities: DemoIdentities,
  say: (line: string) => void,
): Promise<DemoAgencySigner | null> {
  const file = identities.identities.find((i) => i.id === DEMO_AGENCY_SIGNER.id);
  const actor = vanThu(services, meetingId);
  if (!file || !actor) return null;
  const identity = loadPkcs12File(file.p12Path, file.password);
  const agency = services.minutes.agency;
  const audit = (action: string, target: string, detail: Record<string, unknown>) =>
    services.office.agency.audit({ id: `user:${actor.userId}`, name: actor.name }, action, target, detail);
  if (!agency.seals.get()) {
    agency.seals.put(demoSealPng(), DEMO_SEAL_DIAMETER_MM);
    audit('signing.setAgencySeal', 'seal', { diameterMm: DEMO_SEAL_DIAMETER_MM, demo: true });
    say(`con dấu DEMO của cơ quan đã tải lên (${DEMO_SEAL_DIAMETER_MM} mm)`);
  }
  let registered = agency.certificate();
  if (!registered) {
    registered = await agency.register(actor, identity.certificate, identity.chain, 'file');
    audit('signing.registerAgencyCertificate', registered.sha256, { subject: registered.subject, demo: true });
    say(`chứng thư số DEMO của cơ quan đã đăng ký (${registered.subject})`);
  }
  return registered.sha256 === sha256Hex(identity.certificate) ? { actor, identity } : null;
}

/** Signs the record for the agency with the demo key, through the văn thư's steps; returns the level reached. */
export async function signForDemoAgency(services: Services, meetingId: string, signer: DemoAgencySigner) {
  const agency = services.minutes.agency;
  const prepared = await agency.prepare(meetingId, signer.actor);
  const signature = cryptoSign('sha256', Buffer.from(prepared.signedAttributes, 'base64'), signer.identity.privateKey);
  const done = await agency.complete(meetingId, signer.actor, prepared.signatureId, signature);
  services.office.agency.audit(
    { id: `user:${signer.actor.userId}`, name: signer.actor.name },
    'signing.agencySign',
    done.record.id,
    { meetingId, subject: done.certificate.commonName, issuer: done.certificate.issuerName, level: done.level },
  );
  return done.level;
}
