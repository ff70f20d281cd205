// CMS SignedData (RFC 5652) for PAdES baseline B-B (ETSI EN 319 142-1): detached, SHA-256, signed attributes
// content-type, message-digest and ESS signing-certificate-v2 (RFC 5035); no signing-time attribute — PAdES puts the
// claimed time in the signature dictionary's /M instead. Also the reading side, for verification.
import {
  createHash,
  createPublicKey,
  sign as cryptoSign,
  verify as cryptoVerify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import {
  TAG,
  at,
  bytesOf,
  children,
  context,
  contentOf,
  decodeOid,
  integer,
  nullValue,
  octetString,
  oid,
  read,
  sequence,
  setOf,
  tlv,
  type Node,
} from './der.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

/** The parts of a certificate CMS refers to: its DER, issuer Name and serial number as encoded. */
export interface CertificateParts {
  der: Buffer;
  issuer: Buffer;
  serial: Buffer;
}

export function certificateParts(der: Buffer): CertificateParts {
  const tbs = at(der, read(der), [0]);
  const fields = children(der, tbs);
  const first = fields[0]!.tag === 0xa0 ? 1 : 0; // [0] version is optional
  return { der, serial: bytesOf(der, fields[first]!), issuer: bytesOf(der, fields[first + 2]!) };
}

function attribute(type: string, value: Buffer): Buffer {
  return sequence(oid(type), setOf(value));
}

/** ESS signing-certificate-v2: binds the signer's certificate (by SHA-256 hash and issuer/serial) to the signature. */
function signingCertificateV2(cert: CertificateParts): Buffer {
  const certHash = createHash('sha256').update(cert.der).digest();
  const issuerSerial = sequence(sequence(context(4, cert.issuer)), cert.serial);
  // hashAlgorithm is omitted: SHA-256 is its DEFAULT, and DER leaves defaults out.
  return sequence(sequence(sequence(octetString(certHash), issuerSerial)));
}

export interface SignInput {
  /** SHA-256 of the signed byte ranges. */
  digest: Buffer;
  privateKey: KeyObject;
  certificate: Buffer;
  /** Issuer certificates to include, signer's first. */
  chain: Buffer[];
}

/**
 * The signed attributes for a document digest, DER-encoded as the SET (tag 0x31) that the signer signs: whoever holds
 * the key (a token, a remote provider, a demo key) signs exactly these bytes, SHA-256 with its key's algorithm.
 */
export function signedAttributes(digest: Buffer, certificate: Buffer): Buffer {
  return setOf(
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octetString(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificateParts(certificate))),
  );
}

export type SignatureKeyType = 'rsa' | 'ec';

/** The key type a certificate's public key has, or a failure for any other. */
export function keyTypeOf(certificate: Buffer): SignatureKeyType {
  const type = new X509Certificate(certificate).publicKey.asymmetricKeyType;
  if (type === 'rsa' || type === 'ec') return type;
  throw new Error(`unsupported signing key type: ${String(type)}`);
}

/** Whether `signature` (PKCS#1 v1.5 for RSA, DER for ECDSA) over the signed attributes verifies with the certificate. */
export function signatureMatches(signedAttrs: Buffer, signature: Buffer, certificate: Buffer): boolean {
  try {
    return cryptoVerify('sha256', signedAttrs, new X509Certificate(certificate).publicKey, signature);
  } catch {
    return false;
  }
}

export interface AssembleInput {
  /** What signedAttributes() returned. */
  signedAttrs: Buffer;
  /** The signer's signature over signedAttrs. */
  signature: Buffer;
  certificate: Buffer;
  /** Issuer certificates to include. */
  chain: Buffer[];
  /** An RFC 3161 TimeStampToken over the signature value (PAdES B-T), as a ContentInfo. */
  timestampToken?: Buffer;
}

/** A DER-encoded ContentInfo holding a detached SignedData, from signed attributes and a signature made elsewhere. */
export function assembleSignedData(input: AssembleInput): Buffer {
  const cert = certificateParts(input.certificate);
  const signatureAlgorithm =
    keyTypeOf(input.certificate) === 'rsa'
      ? sequence(oid(OID.sha256WithRSA), nullValue())
      : sequence(oid(OID.ecdsaWithSHA256));
  const sha256 = sequence(oid(OID.sha256));
  const { signedAttrs } = input;
  const unsigned = input.timestampToken
    ? [context(1, attribute(OID.signatureTimeStampToken, input.timestampToken))]
    : [];
  const signerInfo = sequence(
    integer(1),
    sequence(cert.issuer, cert.serial),
    sha256,
    // The attributes are signed as a SET (tag 0x31) and stored as [0] IMPLICIT.
    tlv(0xa0, contentOf(signedAttrs, read(signedAttrs))),
    signatureAlgorithm,
    octetString(input.signature),
    ...unsigned,
  );
  const certificates = [input.certificate, ...input.chain.filter((c) => !c.equals(input.certificate))];
  const signedData = sequence(
    integer(1),
    setOf(sha256),
    sequence(oid(OID.data)),
    tlv(0xa0, Buffer.concat(certificates)),
    setOf(signerInfo),
  );
  return sequence(oid(OID.signedData), context(0, signedData));
}

/** Signs with a key held here (the demo identities): the same signed attributes and assembly as any signer. */
export function signDetached(input: SignInput): Buffer {
  const signedAttrs = signedAttributes(input.digest, input.certificate);
  const signature = cryptoSign('sha256', signedAttrs, input.privateKey);
  return assembleSignedData({ signedAttrs, signature, certificate: input.certificate, chain: input.chain });
}

export interface ParsedSignature {
  certificates: X509Certificate[];
  signer: X509Certificate;
  messageDigest: Buffer | null;
  signingCertificateHash: Buffer | null;
  hasSigningTimeAttribute: boolean;
  digestAlgorithm: string;
  /** Whether the signature over the signed attributes verifies with the signer's public key. */
  signatureValid: boolean;
  /** The SignerInfo's signature value (what a signature timestamp covers). */
  signatureValue: Buffer;
  /** The unsigned signature-time-stamp attribute's token (PAdES B-T), when present. */
  timestampToken: Buffer | null;
}

/** Reads a detached SignedData back and checks its signature over the signed attributes. */
export function parseSignedData(der: Buffer): ParsedSignature {
  const root = read(der);
  const [type, content] = children(der, root);
  if (!type || decodeOid(contentOf(der, type)) !== OID.signedData || !content) throw new Error('not a CMS SignedData');
  const signedData = at(der, content, [0]);
  const fields = children(der, signedData);
  const certs = fields.find((f) => f.tag === 0xa0);
  const signerInfos = fields[fields.length - 1]!;
  const certificates = certs ? children(der, certs).map((c) => new X509Certificate(bytesOf(der, c))) : [];
  const signerInfo = children(der, signerInfos)[0];
  if (!signerInfo) throw new Error('SignedData has no SignerInfo');
  const parts = children(der, signerInfo);
  const sid = parts[1]!;
  const [issuer, serial] = children(der, sid);
  const signer = certificates.find((c) => {
    const p = certificateParts(Buffer.from(c.raw));
    return issuer && serial && p.issuer.equals(bytesOf(der, issuer)) && p.serial.equals(bytesOf(der, serial));
  });
  if (!signer) throw new Error("the signer's certificate is not in the SignedData");
  const digestAlgorithm = decodeOid(contentOf(der, at(der, parts[2]!, [0])));
  const attrsNode = parts[3]!;
  if (attrsNode.tag !== 0xa0) throw new Error('SignerInfo has no signed attributes');
  let messageDigest: Buffer | null = null;
  let signingCertificateHash: Buffer | null = null;
  let hasSigningTimeAttribute = false;
  for (const attr of children(der, attrsNode)) {
    const [attrType, values] = children(der, attr) as [Node, Node];
    const attrOid = decodeOid(contentOf(der, attrType));
    const value = children(der, values)[0]!;
    if (attrOid === OID.messageDigest) messageDigest = Buffer.from(contentOf(der, value));
    if (attrOid === OID.signingTime) hasSigningTimeAttribute = true;
    if (attrOid === OID.signingCertificateV2) {
      const essCertId = at(der, value, [0, 0]);
      const first = children(der, essCertId)[0]!;
      // A hashAlgorithm other than the default would come first as a SEQUENCE.
      const hashNode = first.tag === TAG.SEQUENCE ? children(der, essCertId)[1]! : first;
      signingCertificateHash = Buffer.from(contentOf(der, hashNode));
    }
  }
  const signedAttrs = Buffer.concat([Buffer.from([TAG.SET]), der.subarray(attrsNode.start + 1, attrsNode.end)]);
  const signatureNode = parts.find((p, i) => i > 3 && p.tag === TAG.OCTET_STRING)!;
  const publicKey = createPublicKey(signer.publicKey.export({ type: 'spki', format: 'pem' }));
  const signatureValue = Buffer.from(contentOf(der, signatureNode));
  const signatureValid = cryptoVerify('sha256', signedAttrs, publicKey, signatureValue);
  let timestampToken: Buffer | null = null;
  const unsignedNode = parts.find((p, i) => i > 3 && p.tag === 0xa1);
  for (const attr of unsignedNode ? children(der, unsignedNode) : []) {
    const [attrType, values] = children(der, attr) as [Node, Node];
    if (decodeOid(contentOf(der, attrType)) === OID.signatureTimeStampToken) {
      timestampToken = Buffer.from(bytesOf(der, children(der, values)[0]!));
    }
  }
  return {
    signatureValue,
    timestampToken,
    certificates,
    signer,
    messageDigest,
    signingCertificateHash,
    hasSigningTimeAttribute,
    digestAlgorithm,
    signatureValid,
  };
}
