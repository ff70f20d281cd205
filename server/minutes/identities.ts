// Who signs with which certificate. A person registers the certificate of their USB token, remote-signing account or
// certificate file while signed in to their own account (never through an invitation, which a scheduler can issue in
// anyone's name); the key stays where it is and signs through a signer (signers.ts). A certificate is checked before
// it is registered and again before every signature: chain to the trust list, key usage, validity, revocation.
// The demo meeting's chair and secretary sign with the generated demo identities, whose keys the server holds,
// clearly labelled as demo — on a demo server only: a real server refuses them, and refuses any certificate the demo
// CA issued, so that no filed record of a real agency can carry a signature without legal value.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import type { SigningIdentityInfo } from '../../common/minutesView.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import { KeyedRateLimiter } from '../rateLimits.ts';
import type { Database } from '../storage/database.ts';
import { sha256Hex } from './signing/certificateFields.ts';
import { SigningCertificateStore, type RegisteredCertificate, type SigningMethod } from './signing/certificateStore.ts';
import { DEMO_LABEL, type DemoIdentities } from './signing/demoIdentities.ts';
import { loadPkcs12File, nameAttribute, type SigningIdentity } from './signing/identity.ts';
import { checkRevocation, refuseRevoked, type RevocationStatus } from './signing/revocation.ts';
import { SignatureImages } from './signing/signatureImages.ts';
import type { SigningConfig } from './signing/signingConfig.ts';
import { checkSigningCertificate, TrustList } from './signing/trust.ts';

/** Whether the demo CA issued this identity's certificate or any certificate of its chain (they all say DEMO). */
export function isDemoIdentity(identity: Pick<SigningIdentity, 'x509' | 'chain'>): boolean {
  const label = DEMO_LABEL.normalize('NFC');
  const names = [identity.x509.issuer, ...identity.chain.map((der) => new X509Certificate(der).subject)];
  return names.some((name) => name.normalize('NFC').includes(label));
}

function refuseDemo(identity: Pick<SigningIdentity, 'x509' | 'chain' | 'commonName'>): void {
  if (!isDemoIdentity(identity)) return;
  throw new AppFailure(
    'signing_failed',
    `the certificate of ${identity.commonName} was issued by the demo CA (${DEMO_LABEL}): ` +
      'it signs only on a demo server (npm run demo); use a certificate from a licensed CA',
    'certificate_untrusted',
  );
}

const commonName = (cert: X509Certificate) => nameAttribute(cert.subject, 'CN') ?? cert.subject.replace(/\n/g, ', ');
const issuerName = (cert: X509Certificate) =>
  nameAttribute(cert.issuer, 'CN') ?? nameAttribute(cert.issuer, 'O') ?? 'không rõ';

/** A certificate checked for signing now: its path to a trusted root and the revocation answers on the way. */
export interface CheckedCertificate {
  certificate: Buffer;
  /** Signer first, root last. */
  path: Buffer[];
  /** The signer's status and those of intermediates that publish one, as the CA answered. */
  revocation: RevocationStatus[];
}

/** What signs for a participant: a demo identity (key held here) or a certificate the account registered. */
export type ParticipantSigner =
  { kind: 'demo'; identity: SigningIdentity } | { kind: 'certificate'; registered: RegisteredCertificate };

export interface SigningIdentitiesOptions {
  /** A demo server (`npm run demo`): the only place where demo identities may sign. */
  demo?: boolean;
  signing: SigningConfig;
  /** Where the accounts' signature images are kept (DATA_DIR). */
  dataDir: string;
}

export class SigningIdentities {
  readonly certificates: SigningCertificateStore;
  readonly images: SignatureImages;
  /** The public verification's allowance per client address (SIGNING_VERIFY_PER_MINUTE, in bursts of as many). */
  readonly verifications: KeyedRateLimiter;
  readonly #config: SigningConfig;
  readonly #allowDemo: boolean;
  readonly #demo = new Map<string, DemoIdentities>();
  readonly #demoInfo = new Map<string, SigningIdentityInfo>();
  #trust: TrustList | null = null;

  constructor(db: Database, options: SigningIdentitiesOptions) {
    this.certificates = new SigningCertificateStore(db);
    this.images = new SignatureImages(options.dataDir);
    const perMinute = options.signing.verifyPerMinute;
    this.verifications = new KeyedRateLimiter(perMinute / 60, perMinute);
    this.#config = options.signing;
    this.#allowDemo = options.demo === true;
  }

  /**
   * The demo identities sign for this meeting's participants with the same ids (the demo's chair and secretary).
   * Refused unless this is a demo server.
   */
  useDemo(meetingId: string, demo: DemoIdentities): void {
    if (!this.#allowDemo) {
      throw new AppFailure(
        'signing_failed',
        `demo signing identities (${DEMO_LABEL}) exist only on a demo server (npm run demo)`,
      );
    }
    this.#demo.set(meetingId, demo);
    this.#trust = null; // the demo CA joins the trust list
  }

  /** The trust list: SIGNING_TRUST_DIR, and on a demo server the demo CAs in use. */
  get trust(): TrustList {
    if (!this.#trust) {
      const demoRoots = [...this.#demo.values()].map((d) => new X509Certificate(readFileSync(d.caCertificatePath)));
      this.#trust = TrustList.fromDir(this.#config.trustDir, demoRoots);
    }
    return this.#trust;
  }

  /**
   * Checks a certificate for signing now — trusted chain, key usage, validity, not the demo CA's on a real server,
   * and not revoked (its CA must answer: revocation_unavailable otherwise; a demo certificate has no CA to ask).
   */
  async check(certificate: Buffer, chain: Buffer[], now = new Date()): Promise<CheckedCertificate> {
    const path = checkSigningCertificate(certificate, chain, this.trust, now);
    const x509 = path[0]!;
    const demo = isDemoIdentity({ x509, chain: path.slice(1).map((c) => Buffer.from(c.raw)) });
    if (demo && !this.#allowDemo) refuseDemo({ x509, chain: [], commonName: commonName(x509) });
    const revocation: RevocationStatus[] = [];
    if (!demo) {
      const timeout = this.#config.serviceTimeoutMs;
      for (let i = 0; i < path.length - 1; i++) {
        const cert = Buffer.from(path[i]!.raw);
        const status = await checkRevocation(cert, Buffer.from(path[i + 1]!.raw), timeout, now).catch((error) => {
          if (i === 0) throw error; // the signer's status must be known; an intermediate's when its CA says how
          return null;
        });
        if (!status) continue;
        refuseRevoked(status, commonName(path[i]!));
        revocation.push(status);
      }
    }
    return { certificate, path: path.map((c) => Buffer.from(c.raw)), revocation };
  }

  /**
   * Registers a certificate for the signed-in account after checking it; the certificate's name is what the
   * signature will show (and what the audit log records).
   */
  async register(
    userId: string,
    certificate: Buffer,
    chain: Buffer[],
    method: SigningMethod,
  ): Promise<RegisteredCertificate> {
    await this.check(certificate, chain);
    const x509 = new X509Certificate(certificate);
    const registered: RegisteredCertificate = {
      userId,
      sha256: sha256Hex(certificate),
      certificate,
      chain,
      subject: commonName(x509),
      issuer: issuerName(x509),
      notAfter: new Date(x509.validTo).toISOString(),
      method,
      registeredAt: new Date().toISOString(),
    };
    this.certificates.save(registered);
    return registered;
  }

  /**
   * What signs for this participant: the demo identity on a demo meeting, else a certificate their account
   * registered (the one named, or the most recent). A participant without an account cannot sign.
   */
  signerFor(meetingId: string, participant: Participant, sha256?: string): ParticipantSigner {
    const demo = this.#demoFile(meetingId, participant.id);
    if (demo && !sha256) return { kind: 'demo', identity: loadPkcs12File(demo.p12Path, demo.password) };
    if (!participant.userId) {
      throw new AppFailure(
        'signing_failed',
        `${participant.name} joined without an account: only a signed-in account signs the minutes`,
        'signing_needs_account',
      );
    }
    const registered = sha256
      ? this.certificates.get(participant.userId, sha256)
      : this.certificates.list(participant.userId)[0];
    if (registered) return { kind: 'certificate', registered };
    throw new AppFailure(
      'signing_failed',
      sha256
        ? `the certificate ${sha256.slice(0, 16)}… is not registered to ${participant.name}'s account`
        : `${participant.name} has no signing certificate: register one from the token, remote signing or a file`,
      sha256 ? 'certificate_not_registered' : 'no_signing_identity',
    );
  }

  info(meetingId: string, participant: Participant): SigningIdentityInfo | null {
    const registered = participant.userId ? this.certificates.list(participant.userId)[0] : undefined;
    if (registered) return certificateInfo(registered);
    const demo = this.#demoFile(meetingId, participant.id);
    if (!demo) return null;
    const key = `${meetingId}/${participant.id}`;
    let info = this.#demoInfo.get(key);
    if (!info) {
      const identity = loadPkcs12File(demo.p12Path, demo.password);
      info = {
        kind: 'demo',
        method: 'demo',
        subject: identity.commonName,
        issuer: identity.issuerName,
        notAfter: new Date(identity.x509.validTo).toISOString(),
        sha256: sha256Hex(identity.certificate),
      };
      this.#demoInfo.set(key, info);
    }
    return info;
  }

  #demoFile(meetingId: string, participantId: string) {
    return this.#demo.get(meetingId)?.identities.find((i) => i.id === participantId);
  }
}

export function certificateInfo(registered: RegisteredCertificate): SigningIdentityInfo {
  return {
    kind: 'certificate',
    method: registered.method,
    subject: registered.subject,
    issuer: registered.issuer,
    notAfter: registered.notAfter,
    sha256: registered.sha256,
  };
}
