// Signing identities from PKCS#12 files (a software token per user): the private key, the signer's certificate and
// its issuers. node-forge reads the container (legacy 3DES/RC2 and OpenSSL 3's AES/PBKDF2 alike); signing itself
// uses Node's crypto with the key handed over as PKCS#8. The file says how many key-derivation iterations it wants;
// beyond MAX_KDF_ITERATIONS none is run. A file someone uploads is opened in a worker thread (openPkcs12.ts), which
// runs openPkcs12Parts; identityFromParts then builds the identity here.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { AppFailure } from '../../../common/errors.ts';

export interface SigningIdentity {
  privateKey: KeyObject;
  /** DER of the signer's certificate. */
  certificate: Buffer;
  /** DER of the other certificates in the container (issuers), in file order. */
  chain: Buffer[];
  x509: X509Certificate;
  /** The subject's common name, e.g. "Lê Thị Thu Hà". */
  commonName: string;
  /** The subject's title (2.5.4.12) when the certificate carries one. */
  title: string | null;
  /** The subject's organisation (O). */
  organization: string | null;
  /** The issuer's common name, e.g. a CA's name; demo identities say so here. */
  issuerName: string;
}

/** One attribute value from an X509Certificate subject/issuer text ("CN=…\nO=…"). */
export function nameAttribute(distinguishedName: string, key: string): string | null {
  for (const line of distinguishedName.split('\n')) {
    const eq = line.indexOf('=');
    if (line.slice(0, eq) === key) return line.slice(eq + 1);
  }
  return null;
}

/**
 * Key-derivation iterations a PKCS#12 may ask for (MAC, PBKDF2 or the PKCS#12 KDF). OpenSSL and Windows write a few
 * thousand; the count is the file's own choice, and a file asking for billions would keep a thread busy for hours.
 */
export const MAX_KDF_ITERATIONS = 2_000_000;

class IterationLimit extends Error {
  readonly iterations: unknown;
  constructor(iterations: unknown) {
    super(`too many key-derivation iterations: ${String(iterations)}`);
    this.iterations = iterations;
  }
}

function checkIterations(count: unknown): void {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count > MAX_KDF_ITERATIONS) {
    throw new IterationLimit(count);
  }
}

type Kdf = (...args: unknown[]) => unknown;
interface ForgeKdfs {
  pkcs5: { pbkdf2: Kdf };
  pkcs12: { generateKey: Kdf };
  pki: { pbe: { generatePkcs12Key: Kdf } };
}

/**
 * node-forge reads each count from the file and derives keys through these three functions (looked up at each call):
 * PBKDF2, the PKCS#12 KDF for the MAC, and the PKCS#12 KDF for legacy encryption. Wrapped once per thread, so that
 * no count beyond the limit runs wherever it sits — the MAC, the encrypted content, a key bag inside encrypted
 * content that only decryption reveals.
 */
function capIterations(): void {
  const kdfs = forge as unknown as ForgeKdfs;
  const capped = <T extends Kdf>(kdf: T, at: number): T =>
    ((...args: unknown[]) => {
      checkIterations(args[at]);
      return kdf(...args);
    }) as T;
  if ((kdfs.pkcs5.pbkdf2 as { capped?: boolean }).capped) return;
  kdfs.pkcs5.pbkdf2 = Object.assign(capped(kdfs.pkcs5.pbkdf2, 2), { capped: true });
  kdfs.pkcs12.generateKey = capped(kdfs.pkcs12.generateKey, 3);
  kdfs.pki.pbe.generatePkcs12Key = capped(kdfs.pki.pbe.generatePkcs12Key, 3);
}
capIterations();

function iterationFailure(error: IterationLimit): AppFailure {
  return new AppFailure(
    'invalid_message',
    `the PKCS#12 file asks for ${String(error.iterations)} key-derivation iterations; ` +
      `at most ${MAX_KDF_ITERATIONS} are accepted: export it again with the usual settings`,
    'pkcs12_iterations',
    { max: MAX_KDF_ITERATIONS },
  );
}

function forgeCertToDer(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

const MAC_DIGESTS: Record<string, { md: () => forge.md.MessageDigest; bytes: number }> = {
  [forge.pki.oids.sha1!]: { md: () => forge.md.sha1.create(), bytes: 20 },
  [forge.pki.oids.sha256!]: { md: () => forge.md.sha256.create(), bytes: 32 },
  [forge.pki.oids.sha384!]: { md: () => forge.md.sha384.create(), bytes: 48 },
  [forge.pki.oids.sha512!]: { md: () => forge.md.sha512.create(), bytes: 64 },
};

/**
 * OpenSSL 3 files encrypt with PBKDF2 over the password's UTF-8 bytes but compute the MAC over its UTF-16 form; forge
 * feeds one string to both. For a non-ASCII password we check the MAC here with the UTF-16 form, then let forge
 * decrypt the rest with the UTF-8 bytes.
 */
function openWithUtf8Password(data: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  const pfx = forge.asn1.fromDer(data.toString('binary'));
  const parts = pfx.value as forge.asn1.Asn1[];
  const macData = parts[2];
  if (macData) {
    const [digestInfo, salt, iterations] = macData.value as forge.asn1.Asn1[];
    const [algorithm, digest] = digestInfo!.value as forge.asn1.Asn1[] as [forge.asn1.Asn1, forge.asn1.Asn1];
    const oid = forge.asn1.derToOid((algorithm.value as forge.asn1.Asn1[])[0]!.value as string);
    const spec = MAC_DIGESTS[oid];
    if (!spec) throw new Error(`unsupported PKCS#12 MAC ${oid}`);
    const count = iterations ? Number.parseInt(forge.util.bytesToHex(iterations.value as string), 16) : 1;
    const key = forge.pkcs12.generateKey(
      password,
      forge.util.createBuffer(salt!.value as string),
      3,
      count,
      spec.bytes,
      spec.md(),
    );
    const content = (parts[1]!.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[];
    const mac = forge.hmac.create();
    mac.start(spec.md(), key);
    mac.update(content[0]!.value as string);
    if (mac.digest().getBytes() !== digest.value)
      throw new Error('PKCS#12 MAC could not be verified. Invalid password?');
    parts.length = 2;
  }
  return forge.pkcs12.pkcs12FromAsn1(pfx, forge.util.encodeUtf8(password));
}

/**
 * A PKCS#12 without its integrity MAC (PFX macData) opens with any password, so whoever made it decides what it holds:
 * such a file is refused before anything in it is read (`signing_failed` + pkcs12_no_mac).
 */
function refuseWithoutMac(data: Buffer): void {
  let parts: forge.asn1.Asn1[];
  try {
    parts = forge.asn1.fromDer(data.toString('binary')).value as forge.asn1.Asn1[];
  } catch (error) {
    throw new AppFailure('invalid_message', `not a PKCS#12 file: ${(error as Error).message}`);
  }
  if (!Array.isArray(parts) || parts.length < 3) {
    throw new AppFailure(
      'signing_failed',
      'the PKCS#12 file has no integrity MAC, so its password protects nothing: export it again with a password',
      'pkcs12_no_mac',
    );
  }
}

/** What a PKCS#12 container holds: its private key (PEM) and its certificates (DER), in file order. */
export interface Pkcs12Parts {
  keyPem: string;
  certificates: Buffer[];
}

/**
 * Opens a PKCS#12 container with node-forge (the costly part: key derivation and decryption). A wrong password or a
 * container without a key is `signing_failed`; iteration counts beyond the limit are `invalid_message` +
 * pkcs12_iterations, before any of them runs.
 */
export function openPkcs12Parts(data: Buffer, password: string): Pkcs12Parts {
  refuseWithoutMac(data);
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(data.toString('binary')), password);
  } catch (error) {
    if (error instanceof IterationLimit) throw iterationFailure(error);
    try {
      if (/^[\x00-\x7f]*$/.test(password)) throw error;
      p12 = openWithUtf8Password(data, password);
    } catch (second) {
      if (second instanceof IterationLimit) throw iterationFailure(second);
      throw new AppFailure(
        'signing_failed',
        `cannot open the PKCS#12 file (wrong password?): ${(error as Error).message}`,
      );
    }
  }
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)];
  const certBags = bags(forge.pki.oids.certBag!);
  const key = keyBags[0]?.key;
  if (!key) throw new AppFailure('signing_failed', 'the PKCS#12 file holds no private key (or one that is not RSA)');
  return {
    keyPem: forge.pki.privateKeyToPem(key),
    certificates: certBags.flatMap((bag) => (bag.cert ? [forgeCertToDer(bag.cert)] : [])),
  };
}

/** The identity from a container's parts: the certificate that matches the key signs, the others are its chain. */
export function identityFromParts({ keyPem, certificates: certs }: Pkcs12Parts): SigningIdentity {
  const privateKey = createPrivateKey(keyPem);
  const signerIndex = certs.findIndex((der) => new X509Certificate(der).checkPrivateKey(privateKey));
  if (signerIndex < 0) throw new AppFailure('signing_failed', 'no certificate in the PKCS#12 file matches its key');
  const certificate = certs[signerIndex]!;
  const x509 = new X509Certificate(certificate);
  return {
    privateKey,
    certificate,
    chain: certs.filter((_, i) => i !== signerIndex),
    x509,
    commonName: nameAttribute(x509.subject, 'CN') ?? 'không rõ',
    title: nameAttribute(x509.subject, 'title'),
    organization: nameAttribute(x509.subject, 'O'),
    issuerName: nameAttribute(x509.issuer, 'CN') ?? nameAttribute(x509.issuer, 'O') ?? 'không rõ',
  };
}

/** Opens a PKCS#12 on this thread: for files the server made or trusts (demo identities, tests). */
export function loadPkcs12(data: Buffer, password: string): SigningIdentity {
  return identityFromParts(openPkcs12Parts(data, password));
}

export function loadPkcs12File(path: string, password: string): SigningIdentity {
  return loadPkcs12(readFileSync(path), password);
}
