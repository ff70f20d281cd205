// Who signs with which key. Each user imports their own PKCS#12 software token (the file is kept as it came,
// encrypted with the user's password, which the server never stores: it is asked for at every signature). The demo
// meeting's chair and secretary sign with the generated demo identities, clearly labelled as demo — on a demo server
// only: a real server refuses them, and refuses any certificate the demo CA issued, so that no filed record of a
// real agency can carry a signature without legal value.
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppFailure } from '../../common/errors.ts';
import type { SigningIdentityInfo } from '../../common/minutesView.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import { DEMO_LABEL, type DemoIdentities } from './signing/demoIdentities.ts';
import { loadPkcs12File, nameAttribute, type SigningIdentity } from './signing/identity.ts';
import { Pkcs12Opener } from './signing/openPkcs12.ts';
import { KeyedRateLimiter } from '../rateLimits.ts';
import type { MinutesStore } from './MinutesStore.ts';

/** Largest PKCS#12 file accepted (a key and a few certificates take a few kilobytes). */
export const MAX_PKCS12_BYTES = 64 * 1024;
/**
 * Attempts to open a participant's own PKCS#12 (importing it, or signing with its password): a few in a row, then
 * one every ATTEMPT_INTERVAL_S — so that a password cannot be guessed at speed, nor workers kept busy.
 */
const ATTEMPT_BURST = 5;
const ATTEMPT_INTERVAL_S = 12;

function describe(identity: SigningIdentity, kind: SigningIdentityInfo['kind']): SigningIdentityInfo {
  return {
    kind,
    subject: identity.commonName,
    issuer: identity.issuerName,
    notAfter: new Date(identity.x509.validTo).toISOString(),
    needsPassword: kind === 'pkcs12',
  };
}

/** Whether the demo CA issued this identity's certificate or any certificate of its chain (they all say DEMO). */
export function isDemoIdentity(identity: Pick<SigningIdentity, 'x509' | 'chain'>): boolean {
  const label = DEMO_LABEL.normalize('NFC');
  const names = [identity.x509.issuer, ...identity.chain.map((der) => new X509Certificate(der).subject)];
  return names.some((name) => name.normalize('NFC').includes(label));
}

function refuseDemo(identity: SigningIdentity): void {
  if (!isDemoIdentity(identity)) return;
  throw new AppFailure(
    'signing_failed',
    `the certificate of ${identity.commonName} was issued by the demo CA (${DEMO_LABEL}): ` +
      'it signs only on a demo server (npm run demo); import a certificate from a licensed CA',
  );
}

export interface SigningIdentitiesOptions {
  /** A demo server (`npm run demo`): the only place where demo identities may sign. */
  demo?: boolean;
  /** How long opening an uploaded PKCS#12 may take (its worker thread is stopped then). */
  openTimeoutMs?: number;
}

export class SigningIdentities {
  readonly #store: MinutesStore;
  readonly #dataDir: string;
  readonly #allowDemo: boolean;
  readonly #demo = new Map<string, DemoIdentities>();
  readonly #demoInfo = new Map<string, SigningIdentityInfo>();
  readonly #opener: Pkcs12Opener;
  readonly #attempts = new KeyedRateLimiter(1 / ATTEMPT_INTERVAL_S, ATTEMPT_BURST);

  constructor(store: MinutesStore, dataDir: string, options: SigningIdentitiesOptions = {}) {
    this.#store = store;
    this.#dataDir = dataDir;
    this.#allowDemo = options.demo === true;
    this.#opener = new Pkcs12Opener(options.openTimeoutMs);
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
  }

  /** An account's token follows the person across meetings; without an account it belongs to this invitation. */
  ownerOf(meetingId: string, participant: Participant): string {
    return participant.userId ? `user:${participant.userId}` : `participant:${meetingId}/${participant.id}`;
  }

  info(meetingId: string, participant: Participant): SigningIdentityInfo | null {
    const stored = this.#store.identity(this.ownerOf(meetingId, participant));
    if (stored) {
      return {
        kind: 'pkcs12',
        subject: stored.subject,
        issuer: stored.issuer,
        notAfter: stored.notAfter,
        needsPassword: true,
      };
    }
    const demo = this.#demoFile(meetingId, participant.id);
    if (!demo) return null;
    const key = `${meetingId}/${participant.id}`;
    let info = this.#demoInfo.get(key);
    if (!info) {
      info = describe(loadPkcs12File(demo.p12Path, demo.password), 'demo');
      this.#demoInfo.set(key, info);
    }
    return info;
  }

  /** Opens a participant's own file in a worker, within their allowance of attempts. */
  #open(owner: string, p12: Buffer, password: string): Promise<SigningIdentity> {
    if (!this.#attempts.take(owner)) {
      throw new AppFailure(
        'rate_limited',
        `too many attempts to open the signing file; try again in ${ATTEMPT_INTERVAL_S} seconds`,
      );
    }
    return this.#opener.open(p12, password);
  }

  /** Checks the file with its password (a key and a matching certificate) and keeps it for this participant. */
  async import(
    meetingId: string,
    participant: Participant,
    p12: Buffer,
    password: string,
  ): Promise<SigningIdentityInfo> {
    if (p12.byteLength === 0 || p12.byteLength > MAX_PKCS12_BYTES) {
      throw new AppFailure('too_large', `a PKCS#12 file has at most ${MAX_PKCS12_BYTES} bytes`);
    }
    const identity = await this.#open(this.ownerOf(meetingId, participant), p12, password);
    if (new Date(identity.x509.validTo).getTime() < Date.now()) {
      throw new AppFailure('signing_failed', `the certificate expired on ${identity.x509.validTo}`);
    }
    if (!this.#allowDemo) refuseDemo(identity);
    const owner = this.ownerOf(meetingId, participant);
    const dir = join(this.#dataDir, 'signing', 'users');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `${createHash('sha256').update(owner).digest('hex').slice(0, 32)}.p12`);
    writeFileSync(file, p12, { mode: 0o600 });
    chmodSync(file, 0o600);
    const info = describe(identity, 'pkcs12');
    this.#store.saveIdentity({
      owner,
      file: relative(this.#dataDir, file),
      subject: info.subject,
      issuer: nameAttribute(identity.x509.issuer, 'CN') ?? info.issuer,
      notAfter: info.notAfter,
      uploadedAt: new Date().toISOString(),
    });
    return info;
  }

  /** The key to sign with: the imported token (with its password), else the demo identity. */
  async load(meetingId: string, participant: Participant, password: string | undefined): Promise<SigningIdentity> {
    const owner = this.ownerOf(meetingId, participant);
    const stored = this.#store.identity(owner);
    if (stored) {
      if (!password)
        throw new AppFailure('signing_failed', 'the password of the signing identity is needed', 'signing_password');
      const identity = await this.#open(owner, readFileSync(join(this.#dataDir, stored.file)), password);
      // A token imported while this data folder served the demo does not sign once it serves for real.
      if (!this.#allowDemo) refuseDemo(identity);
      return identity;
    }
    const demo = this.#demoFile(meetingId, participant.id);
    if (demo) return loadPkcs12File(demo.p12Path, demo.password);
    throw new AppFailure(
      'signing_failed',
      `${participant.name} has no signing identity: import a PKCS#12 file first`,
      'no_signing_identity',
    );
  }

  #demoFile(meetingId: string, participantId: string) {
    return this.#demo.get(meetingId)?.identities.find((i) => i.id === participantId);
  }
}
