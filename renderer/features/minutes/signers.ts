// Who makes a signature the server prepared (MinutesSignPrepared): the desktop shell's USB token (the PIN is asked by
// the shell, never here), or a certificate file opened in this browser — the file and its password stay in the page
// and never reach the server, which receives the certificate and the signature only. Remote signing (a phone
// confirming) is the server's to drive. Each signer returns the base64 signature over the signed attributes.
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import type { PhonghopBridge } from '../../../common/bridge.ts';
import type forgeTypes from 'node-forge';

export type Signer = (prepared: MinutesSignPrepared) => Promise<string>;

export function tokenSigner(bridge: PhonghopBridge, documentTitle: string): Signer {
  return (prepared) =>
    bridge.signWithToken({
      certificateSha256: prepared.certificate.sha256,
      signedAttributes: prepared.signedAttributes,
      documentTitle,
      signerName: prepared.certificate.subject,
    });
}

/** A certificate file opened here: its certificate (to register) and a signer with its key. */
export interface OpenedFile {
  certificate: string;
  chain: string[];
  subject: string;
  sign: Signer;
}

const base64 = (binary: string) => btoa(binary);

/**
 * Opens a PKCS#12 (.p12, .pfx) with its password in this page (node-forge, loaded on demand). A file without its
 * integrity MAC is refused: it would open with any password. RSA keys only (what forge reads).
 */
export async function openCertificateFile(file: Blob, password: string): Promise<OpenedFile> {
  const { default: forge } = await import('node-forge');
  let binary = '';
  for (const byte of new Uint8Array(await file.arrayBuffer())) binary += String.fromCharCode(byte);
  const asn1 = forge.asn1.fromDer(binary);
  if (!Array.isArray(asn1.value) || asn1.value.length < 3) {
    throw Object.assign(new Error('the PKCS#12 file has no integrity MAC'), { reason: 'pkcs12_no_mac' });
  }
  let p12: ReturnType<typeof forge.pkcs12.pkcs12FromAsn1>;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    throw Object.assign(new Error(String(error)), { reason: 'signing_password' });
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const key = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)][0]?.key as
    forgeTypes.pki.rsa.PrivateKey | undefined;
  if (!key) throw Object.assign(new Error('the file holds no RSA key'), { reason: 'no_signing_identity' });
  const certs = bags(forge.pki.oids.certBag!).flatMap((b) => (b.cert ? [b.cert] : []));
  const own = certs.find((c) => {
    const pub = c.publicKey as forgeTypes.pki.rsa.PublicKey;
    return pub.n?.equals(key.n) === true;
  });
  if (!own) throw Object.assign(new Error('no certificate matches the key'), { reason: 'no_signing_identity' });
  const der = (c: forgeTypes.pki.Certificate) => base64(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes());
  return {
    certificate: der(own),
    chain: certs.filter((c) => c !== own).map(der),
    subject: String(own.subject.getField('CN')?.value ?? ''),
    sign: async (prepared) => {
      const md = forge.md.sha256.create();
      md.update(atob(prepared.signedAttributes));
      return base64(key.sign(md));
    },
  };
}
