// What the signing checks read from an X.509 certificate beyond what Node's X509Certificate offers (RFC 5280): the
// key usage bits, the OCSP responder and CRL addresses a CA publishes in the certificate, and the hashes OCSP names a
// certificate by. DER in, plain values out.
import { createHash, X509Certificate } from 'node:crypto';
import { at, bytesOf, children, contentOf, decodeOid, read, type Node } from './der.ts';

const EXT = {
  keyUsage: '2.5.29.15',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;
const ACCESS_OCSP = '1.3.6.1.5.5.7.48.1';

/** The TBSCertificate's fields, with the index of the first after the optional [0] version. */
function tbsFields(der: Buffer): { fields: Node[]; first: number } {
  const tbs = at(der, read(der), [0]);
  const fields = children(der, tbs);
  return { fields, first: fields[0]!.tag === 0xa0 ? 1 : 0 };
}

/** The extensions' values (the OCTET STRING contents) by OID. */
export function extensions(der: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const { fields } = tbsFields(der);
  const wrapper = fields.find((f) => f.tag === 0xa3);
  if (!wrapper) return out;
  for (const ext of children(der, children(der, wrapper)[0]!)) {
    const parts = children(der, ext);
    const value = parts[parts.length - 1]!;
    out.set(decodeOid(contentOf(der, parts[0]!)), Buffer.from(contentOf(der, value)));
  }
  return out;
}

export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyCertSign: boolean;
}

/** The key usage bits, or null when the certificate has no key usage extension. */
export function keyUsage(der: Buffer): KeyUsage | null {
  const value = extensions(der).get(EXT.keyUsage);
  if (!value) return null;
  const bits = contentOf(value, read(value)); // [unused bits, byte 0, byte 1?]
  const first = bits[1] ?? 0;
  return {
    digitalSignature: (first & 0x80) !== 0,
    nonRepudiation: (first & 0x40) !== 0,
    keyCertSign: (first & 0x04) !== 0,
  };
}

/** The URIs ([6] IA5String) anywhere inside a DER value. */
function uris(value: Buffer, node: Node = read(value)): string[] {
  if (node.tag === 0x86) return [contentOf(value, node).toString('latin1')];
  if ((node.tag & 0x20) === 0) return [];
  return children(value, node).flatMap((child) => uris(value, child));
}

/** OCSP responders named in the authority information access extension (http only). */
export function ocspUrls(der: Buffer): string[] {
  const value = extensions(der).get(EXT.authorityInfoAccess);
  if (!value) return [];
  return children(value, read(value))
    .filter((desc) => decodeOid(contentOf(value, children(value, desc)[0]!)) === ACCESS_OCSP)
    .flatMap((desc) => uris(value, children(value, desc)[1]!))
    .filter((url) => url.startsWith('http://') || url.startsWith('https://'));
}

/** CRL addresses in the distribution points extension (http only). */
export function crlUrls(der: Buffer): string[] {
  const value = extensions(der).get(EXT.crlDistributionPoints);
  if (!value) return [];
  return uris(value).filter((url) => url.startsWith('http://') || url.startsWith('https://'));
}

/** The serial number's INTEGER, encoded (tag and length included). */
export function serialOf(der: Buffer): Buffer {
  const { fields, first } = tbsFields(der);
  return Buffer.from(bytesOf(der, fields[first]!));
}

/** The issuer Name, encoded. */
export function issuerNameOf(der: Buffer): Buffer {
  const { fields, first } = tbsFields(der);
  return Buffer.from(bytesOf(der, fields[first + 2]!));
}

/** The subject Name, encoded. */
export function subjectNameOf(der: Buffer): Buffer {
  const { fields, first } = tbsFields(der);
  return Buffer.from(bytesOf(der, fields[first + 4]!));
}

/** The subject public key's bits (the BIT STRING's content without its unused-bits byte). */
export function publicKeyBits(der: Buffer): Buffer {
  const { fields, first } = tbsFields(der);
  const spki = fields[first + 5]!;
  const bitString = children(der, spki)[1]!;
  return Buffer.from(contentOf(der, bitString).subarray(1));
}

export const sha1 = (data: Buffer): Buffer => createHash('sha1').update(data).digest();
export const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A certificate from DER or PEM text (the first one). */
export function certificateDer(input: Buffer): Buffer {
  return Buffer.from(new X509Certificate(input).raw);
}
