// Whether the shell trusts the meeting server's certificate because it chains to the CA this installation pins by
// SHA-256 fingerprint (the server's generated local CA, docs/deployment.md), without adding that CA to the OS store.
// Only the configured server's host is decided here; for it and for everything else, a certificate that does not
// pass this check goes to Chromium's own verification, so the pin can only add trust for one host, never remove any.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** The CA certificate pinned for one server origin; `sha256` as "AB:CD:…" (upper-case hex, colon-separated). */
export interface CaPin {
  origin: string;
  sha256: string;
}

/** What Electron's setCertificateVerifyProc presents: PEM data and the issuer chain as Chromium built it. */
export interface PresentedCertificate {
  data: string;
  issuerCert?: PresentedCertificate | null;
}

export interface TrustDecision {
  accept: boolean;
  /** False when the pin says nothing about this host (then nothing is logged). */
  applies: boolean;
  reason: string;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
/** Longer chains than this are not ours: the generated CA signs the server certificate directly. */
const MAX_CHAIN = 8;

/** A SHA-256 fingerprint as people copy it (colons, spaces or none; any case), normalised; null if it is not one. */
export function parseFingerprint(value: string): string | null {
  // openssl prints "sha256 Fingerprint=AB:…", Windows shows "ab cd …", the server's log "AB:CD:…".
  const hex = value
    .trim()
    .replace(/^sha-?256(\s*fingerprint)?\s*[:=]?/i, '')
    .replace(/[\s:]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** The chain Electron presents, leaf first, as PEM strings. */
export function presentedChain(certificate: PresentedCertificate): string[] {
  const out: string[] = [];
  for (let c: PresentedCertificate | null | undefined = certificate; c && out.length < MAX_CHAIN; c = c.issuerCert) {
    // A self-signed root may name itself as its issuer.
    if (out[out.length - 1] === c.data) break;
    out.push(c.data);
  }
  return out;
}

const bare = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

function validAt(certificate: X509Certificate, now: Date): boolean {
  return Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() <= Date.parse(certificate.validTo);
}

/**
 * Accepts when the chain's leaf names `hostname`, is a valid TLS server certificate, and chains by signature to the
 * certificate with the pinned fingerprint, which must be a CA; all of them valid now.
 */
export function decideServerTrust(input: {
  pin: CaPin | null;
  hostname: string;
  chain: readonly (string | Buffer)[];
  now?: Date;
}): TrustDecision {
  const { pin, chain } = input;
  const now = input.now ?? new Date();
  const host = bare(input.hostname);
  const refuse = (reason: string): TrustDecision => ({ accept: false, applies: true, reason });
  if (pin === null) return { accept: false, applies: false, reason: 'no CA is pinned' };
  const origin = new URL(pin.origin);
  if (origin.protocol !== 'https:' || bare(origin.hostname) !== host) {
    return { accept: false, applies: false, reason: `the pin is for ${pin.origin}, not ${host}` };
  }
  let certificates: X509Certificate[];
  try {
    certificates = chain.slice(0, MAX_CHAIN).map((c) => new X509Certificate(c));
  } catch {
    return refuse('the presented chain does not parse');
  }
  const anchor = certificates.findIndex((c) => c.fingerprint256 === pin.sha256);
  if (anchor < 0) return refuse('no certificate in the chain has the pinned fingerprint');
  if (anchor === 0) return refuse('the pinned certificate is the server certificate itself, not its CA');
  if (!certificates[anchor]!.ca) return refuse('the pinned certificate is not a CA certificate');
  for (let i = 0; i < anchor; i++) {
    const [subject, issuer] = [certificates[i]!, certificates[i + 1]!];
    if (!subject.checkIssued(issuer) || !subject.verify(issuer.publicKey)) {
      return refuse(`certificate ${i} of the chain is not signed by the next one`);
    }
    if (i > 0 && !subject.ca) return refuse(`certificate ${i} of the chain signs others but is no CA`);
  }
  if (!certificates.slice(0, anchor + 1).every((c) => validAt(c, now))) {
    return refuse('a certificate of the chain is expired or not valid yet');
  }
  const leaf = certificates[0]!;
  if (leaf.ca) return refuse('the server certificate is a CA certificate');
  const usages = leaf.keyUsage; // X509Certificate.keyUsage lists the extended key usages
  if (usages !== undefined && !usages.includes(SERVER_AUTH) && !usages.includes(ANY_EXTENDED_KEY_USAGE)) {
    return refuse('the server certificate is not for TLS servers');
  }
  // Like Chromium: names only from subjectAltName, never from the subject's common name.
  const named = isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host, { subject: 'never' });
  if (named === undefined) return refuse(`the server certificate does not name ${host}`);
  return { accept: true, applies: true, reason: `chains to the pinned CA ${pin.sha256}` };
}
