// X.509 v3 certificates for HTTPS (RFC 5280), with EC P-256 keys from node:crypto and ECDSA-SHA256 signatures: the
// local CA's own certificate and the server certificate it issues. EC keys are generated in a millisecond, so the
// first start does not wait on RSA key generation. What browsers check is written here: subjectAltName (Chromium
// ignores the common name), extendedKeyUsage serverAuth, basicConstraints and keyUsage on the CA.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  children,
  contentOf,
  context,
  decodeOid,
  integer,
  octetString,
  oid,
  read,
  sequence,
  time,
  tlv,
} from '../minutes/signing/der.ts';
import { distinguishedName, extension, keyIdentifier } from '../minutes/signing/x509.ts';

export type NameAttribute = ['C' | 'O' | 'CN', string];

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const SUBJECT_ALT_NAME = '2.5.29.17';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateKeys(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A host name or address as a certificate names it: DNS names lower case, IP addresses in canonical form. */
export interface HostNames {
  dns: string[];
  ips: string[];
}

export interface IssuerKeys {
  /** The issuer's subject Name, DER as in its own certificate: copied byte for byte into what it issues. */
  name: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The 4 or 16 bytes of an IP address, as subjectAltName's iPAddress carries it. */
export function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  if (isIP(ip) !== 6) throw new Error(`not an IP address: ${ip}`);
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = text.slice(0, v4.index) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  all.forEach((group, i) => out.writeUInt16BE(group, i * 2));
  return out;
}

/** The canonical text of an IP address's bytes (IPv6 fully expanded, lower case), so that two spellings compare. */
export function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function subjectAltName(hosts: HostNames): Buffer {
  return sequence(
    ...hosts.dns.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...hosts.ips.map((ip) => tlv(0x87, ipBytes(ip))),
  );
}

interface CertificateFields {
  subject: Buffer;
  publicKey: KeyObject;
  issuer: IssuerKeys;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function signCertificate(fields: CertificateFields): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, and never a leading zero byte
  // RFC 5758: the ECDSA algorithm identifiers carry no parameters.
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const tbs = sequence(
    context(0, integer(2)),
    tlv(0x02, serial),
    algorithm,
    fields.issuer.name,
    sequence(time(fields.notBefore), time(fields.notAfter)),
    fields.subject,
    Buffer.from(fields.publicKey.export({ type: 'spki', format: 'der' })),
    context(
      3,
      sequence(
        ...fields.extensions,
        extension('2.5.29.14', false, octetString(keyIdentifier(fields.publicKey))),
        extension('2.5.29.35', false, sequence(tlv(0x80, keyIdentifier(fields.issuer.publicKey)))),
      ),
    ),
  );
  // node:crypto signs EC keys as a DER ECDSA-Sig-Value, which is what X.509 wants.
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, fields.issuer.privateKey)));
}

/** A self-signed CA certificate that may only sign end-entity certificates (pathLenConstraint 0). */
export function createCaCertificate(keys: KeyPair, subject: NameAttribute[], notBefore: Date, notAfter: Date): Buffer {
  const encoded = distinguishedName(subject);
  return signCertificate({
    subject: encoded,
    publicKey: keys.publicKey,
    issuer: { name: encoded, ...keys },
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, sequence(boolean(true), integer(0))),
      // keyCertSign (bit 5) + cRLSign (bit 6): 0b0000011, one unused bit
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
    ],
  });
}

/** A TLS server certificate for the given names and addresses, issued by the CA. */
export function createServerCertificate(
  publicKey: KeyObject,
  hosts: HostNames,
  issuer: IssuerKeys,
  notBefore: Date,
  notAfter: Date,
): Buffer {
  const first = hosts.dns[0] ?? hosts.ips[0];
  if (first === undefined) throw new Error('a server certificate needs at least one host name or address');
  return signCertificate({
    subject: distinguishedName([
      ['C', 'VN'],
      ['O', 'Phòng họp số'],
      ['CN', first],
    ]),
    publicKey,
    issuer,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, sequence()),
      // digitalSignature (bit 0): what an ECDHE-ECDSA handshake uses the key for
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      extension('2.5.29.37', false, sequence(oid(SERVER_AUTH))),
      extension(SUBJECT_ALT_NAME, false, subjectAltName(hosts)),
    ],
  });
}

/** A certificate's subject Name, DER (the sixth field of its TBSCertificate). */
export function subjectName(der: Buffer): Buffer {
  const tbs = children(der, read(der))[0]!;
  const subject = children(der, tbs)[5]!;
  return der.subarray(subject.start, subject.end);
}

/** The DNS names and IP addresses in a certificate's subjectAltName (read back to decide about renewal). */
export function readSubjectAltNames(der: Buffer): HostNames {
  const tbs = children(der, read(der))[0]!;
  const explicit = children(der, tbs).find((node) => der[node.start] === 0xa3);
  const out: HostNames = { dns: [], ips: [] };
  if (!explicit) return out;
  for (const ext of children(der, children(der, explicit)[0]!)) {
    const parts = children(der, ext);
    if (decodeOid(contentOf(der, parts[0]!)) !== SUBJECT_ALT_NAME) continue;
    const value = contentOf(der, parts[parts.length - 1]!);
    for (const general of children(value, read(value))) {
      const content = contentOf(value, general);
      if (general.tag === 0x82) out.dns.push(content.toString('ascii').toLowerCase());
      if (general.tag === 0x87) out.ips.push(ipText(content));
    }
  }
  return out;
}

export function pemCertificate(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
