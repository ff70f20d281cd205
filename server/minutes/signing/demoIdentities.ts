// Demo signing identities: a throw-away CA labelled "DEMO — không có giá trị pháp lý" and one PKCS#12 software token
// per demo signer (chair, secretary), generated at runtime into the data directory — never committed. Real
// deployments import each user's own PKCS#12 issued by a licensed CA instead.
import { generateKeyPair, generateKeyPairSync, randomBytes, type KeyPairKeyObjectResult } from 'node:crypto';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { createCertificate, type NameAttribute } from './x509.ts';

export const DEMO_LABEL = 'DEMO — không có giá trị pháp lý';
export const DEMO_CA_NAME = `Phòng họp số DEMO CA (${DEMO_LABEL})`;

export interface DemoSigner {
  /** The meeting participant id, e.g. "secretary". */
  id: string;
  name: string;
  /** Shown as the certificate's title, e.g. "Thư ký". */
  title: string;
  organization: string;
}

export interface DemoIdentityFile {
  id: string;
  name: string;
  title: string;
  p12Path: string;
  password: string;
}

export interface DemoIdentities {
  demo: true;
  warning: string;
  caCertificatePath: string;
  identities: DemoIdentityFile[];
}

const MANIFEST = 'identities.json';
const DAY = 86_400_000;

function forgeCertificate(der: Buffer): forge.pki.Certificate {
  return forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary')));
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Generates the demo CA and one PKCS#12 per signer into `dir` (created 0700; key files 0600). */
export function createDemoIdentities(dir: string, signers: readonly DemoSigner[]): DemoIdentities {
  const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  return writeDemoIdentities(dir, signers, keys(), signers.map(keys));
}

const generateRsa = promisify(generateKeyPair);

/** The same, with the keys generated off the event loop (the slow part): a server keeps answering meanwhile. */
export async function createDemoIdentitiesAsync(dir: string, signers: readonly DemoSigner[]): Promise<DemoIdentities> {
  const keys = () => generateRsa('rsa', { modulusLength: 2048 });
  const [ca, ...own] = await Promise.all([keys(), ...signers.map(keys)]);
  return writeDemoIdentities(dir, signers, ca!, own);
}

function writeDemoIdentities(
  dir: string,
  signers: readonly DemoSigner[],
  ca: KeyPairKeyObjectResult,
  signerKeys: KeyPairKeyObjectResult[],
): DemoIdentities {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const now = Date.now();
  const caName: NameAttribute[] = [
    ['C', 'VN'],
    ['O', `Phòng họp số — ${DEMO_LABEL}`],
    ['CN', DEMO_CA_NAME],
  ];
  const issuer = { name: caName, privateKey: ca.privateKey, publicKey: ca.publicKey };
  const caCert = createCertificate({
    subject: caName,
    publicKey: ca.publicKey,
    issuer,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 10 * 365 * DAY),
    ca: true,
  });
  const caPath = join(dir, 'demo-ca.pem');
  writeFileSync(caPath, pem(caCert));

  const identities: DemoIdentityFile[] = signers.map((signer, i) => {
    const keys = signerKeys[i]!;
    const cert = createCertificate({
      subject: [
        ['C', 'VN'],
        ['O', signer.organization],
        ['title', signer.title],
        ['CN', signer.name],
      ],
      publicKey: keys.publicKey,
      issuer,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 3 * 365 * DAY),
      ca: false,
    });
    // forge only wraps key and certificates into the PKCS#12 container (AES-256, PBKDF2).
    const forgeKey = forge.pki.privateKeyFromPem(keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    const password = randomBytes(12).toString('base64url');
    const p12 = forge.pkcs12.toPkcs12Asn1(forgeKey, [forgeCertificate(cert), forgeCertificate(caCert)], password, {
      algorithm: 'aes256',
      friendlyName: signer.name,
      generateLocalKeyId: true,
    });
    const p12Path = join(dir, `${signer.id}.p12`);
    writeFileSync(p12Path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
    return { id: signer.id, name: signer.name, title: signer.title, p12Path, password };
  });
  const manifest: DemoIdentities = { demo: true, warning: DEMO_LABEL, caCertificatePath: caPath, identities };
  const manifestPath = join(dir, MANIFEST);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  chmodSync(manifestPath, 0o600);
  return manifest;
}

function existing(dir: string, signers: readonly DemoSigner[]): DemoIdentities | null {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoIdentities;
  return signers.every((s) => manifest.identities.some((i) => i.id === s.id)) ? manifest : null;
}

/** The demo identities in `dir`, created on first use. */
export function ensureDemoIdentities(dir: string, signers: readonly DemoSigner[]): DemoIdentities {
  return existing(dir, signers) ?? createDemoIdentities(dir, signers);
}

/** The same without holding the event loop for the key generation (the demo server calls this after it started). */
export async function ensureDemoIdentitiesAsync(dir: string, signers: readonly DemoSigner[]): Promise<DemoIdentities> {
  return existing(dir, signers) ?? createDemoIdentitiesAsync(dir, signers);
}
