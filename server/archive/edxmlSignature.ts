// The agency's signature on an edXML package (QCVN 102:2016: the package carries an XML signature of the sender):
// W3C XMLDSig, enveloped, over the whole document (Reference URI=""), so the header, the manifest and every
// attachment's bytes are covered; exclusive canonicalisation, RSA-SHA256 and SHA-256 digests (the certificates of
// Vietnam's public and government CAs carry RSA keys), the agency's certificate and its issuers in KeyInfo.
// Canonicalisation and signing are xml-crypto's (a maintained implementation), never ours; only the Reference's
// digest is taken outside it, over the library's canonical form with the attachments streamed in (edxmlStream.ts).
// The signature sits in edXMLHeader after the TraceHeaderList. The key comes from a PKCS#12 file or from PEM files
// (ARCHIVE_EDXML_SIGN_P12 / _PASSWORD, or ARCHIVE_EDXML_SIGN_CERT / _KEY).
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { AppFailure } from '../../common/errors.ts';
import { loadPkcs12File } from '../minutes/signing/identity.ts';

export interface EdxmlSigningKey {
  privateKey: KeyObject;
  /** The agency's certificate first, then its issuers (PEM). */
  certificatesPem: string[];
  /** For logs and docs: whose key it is. */
  subject: string;
  notAfter: string;
}

export type EdxmlKeySource = { p12: string; password: string } | { certFile: string; keyFile: string };

const C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

function refuse(detail: string): never {
  throw new AppFailure('signing_failed', detail);
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}

/** Opens the agency's key and certificate, and checks that they belong together and that the certificate is valid. */
export function loadEdxmlSigningKey(source: EdxmlKeySource, now = new Date()): EdxmlSigningKey {
  let privateKey: KeyObject;
  let certificates: X509Certificate[];
  if ('p12' in source) {
    const identity = loadPkcs12File(source.p12, source.password);
    privateKey = identity.privateKey;
    certificates = [identity.x509, ...identity.chain.map((der) => new X509Certificate(der))];
  } else {
    const pems = splitPem(readFileSync(source.certFile, 'utf8'));
    if (pems.length === 0) refuse(`${source.certFile} holds no PEM certificate`);
    certificates = pems.map((pem) => new X509Certificate(pem));
    try {
      privateKey = createPrivateKey(readFileSync(source.keyFile));
    } catch (error) {
      refuse(`${source.keyFile} is not a readable private key (PEM, unencrypted): ${(error as Error).message}`);
    }
  }
  const [certificate] = certificates;
  if (!certificate) refuse('no certificate for the edXML signature');
  if (!certificate.checkPrivateKey(privateKey)) refuse('the edXML signing key does not belong to its certificate');
  if (Date.parse(certificate.validTo) < now.getTime())
    refuse(`the edXML signing certificate expired ${certificate.validTo}`);
  if (privateKey.asymmetricKeyType !== 'rsa') {
    refuse(`edXML signing needs an RSA key, not ${privateKey.asymmetricKeyType}`);
  }
  return {
    privateKey,
    certificatesPem: certificates.map((c) => c.toString()),
    subject: certificate.subject.replace(/\n/g, ', '),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

/** The Reference's transforms: the signature is left out, then exclusive canonicalisation. */
const TRANSFORMS = [ENVELOPED, C14N] as const;

/**
 * The octets the Reference digests for a package: its root element through the Reference's transforms, applied by
 * xml-crypto's own transform classes. An attachment's base64 with line breaks canonicalises to itself, so a package
 * built with placeholders in place of its attachments canonicalises to text that splits at the placeholders.
 */
export function canonicalEdxml(xml: string): string {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  if (!root) refuse('the edXML package is not XML');
  const algorithms = new SignedXml().CanonicalizationAlgorithms;
  const options = { defaultNsForPrefix: SignedXml.defaultNsForPrefix, ancestorNamespaces: [] };
  let node: Node | string = root.cloneNode(true);
  for (const transform of TRANSFORMS) {
    if (typeof node === 'string') refuse('a transform gave octets where a node set was expected');
    const Algorithm = algorithms[transform];
    if (!Algorithm) refuse(`xml-crypto has no ${transform}`);
    node = new Algorithm().process(node, options);
  }
  return node.toString();
}

/**
 * The package with an enveloped XMLDSig signature after its TraceHeaderList, the Reference's digest given: it was
 * computed over `canonical` with the attachments streamed in where their placeholders are (edxmlStream.ts). xml-crypto
 * builds the signature; the digest it asks for must be of exactly that canonical form, or nothing is signed.
 */
export function signEdxmlWithDigest(xml: string, key: EdxmlSigningKey, canonical: string, digest: string): string {
  const signature = new SignedXml({
    privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicCert: key.certificatesPem.join('\n'),
    canonicalizationAlgorithm: C14N,
    signatureAlgorithm: RSA_SHA256,
  });
  signature.HashAlgorithms = {
    ...signature.HashAlgorithms,
    [SHA256]: class PresetDigest {
      getHash = (octets: string): string => {
        if (octets !== canonical) refuse('the canonical form signed is not the one digested');
        return digest;
      };
      getAlgorithmName = (): string => SHA256;
    },
  };
  signature.addReference({ xpath: '/*', isEmptyUri: true, digestAlgorithm: SHA256, transforms: [...TRANSFORMS] });
  signature.computeSignature(xml, {
    prefix: 'ds',
    location: {
      reference: "/*/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']/*[local-name()='TraceHeaderList']",
      action: 'after',
    },
  });
  return signature.getSignedXml();
}
