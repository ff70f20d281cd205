// X.509 v3 certificates built with DER and signed by Node's crypto (RFC 5280): only what the demo CA needs — a CA
// certificate and end-entity signing certificates with key usage non-repudiation and extended key usage
// documentSigning. Its Name, extension and key identifier encoders also serve the HTTPS certificates
// (server/tls/certificates.ts).
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  children,
  context,
  contentOf,
  integer,
  nullValue,
  octetString,
  oid,
  printableString,
  read,
  sequence,
  setOf,
  time,
  tlv,
  utf8String,
} from './der.ts';

export const NAME_OIDS = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', title: '2.5.4.12' } as const;
export type NameAttribute = [keyof typeof NAME_OIDS, string];

export interface CertificateRequest {
  subject: NameAttribute[];
  publicKey: KeyObject;
  issuer: { name: NameAttribute[]; privateKey: KeyObject; publicKey: KeyObject };
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
}

/** An X.509 Name (a sequence of one-attribute RDNs); the country as PrintableString, the rest as UTF8String. */
export function distinguishedName(attributes: NameAttribute[]): Buffer {
  return sequence(
    ...attributes.map(([key, value]) =>
      setOf(sequence(oid(NAME_OIDS[key]), key === 'C' ? printableString(value) : utf8String(value))),
    ),
  );
}

/** A certificate extension; `critical` is written only when true (DER leaves a default out). */
export function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** SHA-1 of the subjectPublicKey bits: the usual key identifier (RFC 5280, 4.2.1.2, method 1). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const bits = children(spki, read(spki))[1]!;
  return createHash('sha1').update(contentOf(spki, bits).subarray(1)).digest();
}

/** A DER certificate signed with the issuer's RSA key (sha256WithRSAEncryption). */
export function createCertificate(request: CertificateRequest): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, and never a leading zero byte
  const algorithm = sequence(oid('1.2.840.113549.1.1.11'), nullValue());
  const extensions = request.ca
    ? [
        extension('2.5.29.19', true, sequence(boolean(true))),
        // keyCertSign (bit 5) + cRLSign (bit 6): 0b0000011, one unused bit
        extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
      ]
    : [
        extension('2.5.29.19', false, sequence()),
        // digitalSignature (bit 0) + nonRepudiation (bit 1): 0b11, six unused bits
        extension('2.5.29.15', true, bitString(Buffer.from([0xc0]), 6)),
        // emailProtection (OpenSSL's default S/MIME purpose check) and documentSigning (RFC 9336)
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.4'), oid('1.3.6.1.5.5.7.3.36'))),
      ];
  extensions.push(
    extension('2.5.29.14', false, octetString(keyIdentifier(request.publicKey))),
    extension('2.5.29.35', false, sequence(tlv(0x80, keyIdentifier(request.issuer.publicKey)))),
  );
  const tbs = sequence(
    context(0, integer(2)),
    tlv(0x02, serial),
    algorithm,
    distinguishedName(request.issuer.name),
    sequence(time(request.notBefore), time(request.notAfter)),
    distinguishedName(request.subject),
    Buffer.from(request.publicKey.export({ type: 'spki', format: 'der' })),
    context(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, request.issuer.privateKey);
  return sequence(tbs, algorithm, bitString(signature));
}
