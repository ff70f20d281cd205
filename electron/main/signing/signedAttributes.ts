// What the desktop's token agrees to sign: only CMS signed attributes (RFC 5652 §5.4) for a PDF signature — a DER SET
// with content-type id-data, a 32-byte message digest and the ESS signing certificate of the certificate that signs.
// A page (or a server) that asks the token to sign anything else — a TLS handshake, a login challenge of another
// site — is refused before a PIN is asked. Plain DER reading, no dependencies: the main process stays small.

const OID_CONTENT_TYPE = '06092a864886f70d010903';
const OID_MESSAGE_DIGEST = '06092a864886f70d010904';
const OID_SIGNING_CERTIFICATE_V2 = '060b2a864886f70d010910022f';
const ID_DATA = '06092a864886f70d010701';

interface Element {
  tag: number;
  content: Buffer;
  /** The whole element (header and content). */
  raw: Buffer;
}

function elements(buffer: Buffer): Element[] {
  const out: Element[] = [];
  let at = 0;
  while (at < buffer.length) {
    const tag = buffer[at]!;
    let length = buffer[at + 1];
    if (length === undefined) throw new Error('truncated DER');
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 3) throw new Error('unsupported DER length');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (buffer[at + 2 + i] ?? 0);
      header += count;
    }
    const end = at + header + length;
    if (end > buffer.length) throw new Error('DER element runs past its end');
    out.push({ tag, content: buffer.subarray(at + header, end), raw: buffer.subarray(at, end) });
    at = end;
  }
  return out;
}

/** The message digest the attributes carry; throws unless they are signed attributes of a PDF signature. */
export function checkSignedAttributes(data: Buffer): { messageDigest: Buffer } {
  if (data.length > 2048) throw new Error('too long for signed attributes');
  const [set, ...rest] = elements(data);
  if (!set || rest.length > 0 || set.tag !== 0x31) throw new Error('not a DER SET of attributes');
  let contentType = false;
  let digest: Buffer | null = null;
  let signingCertificate = false;
  for (const attribute of elements(set.content)) {
    if (attribute.tag !== 0x30) throw new Error('an attribute is not a SEQUENCE');
    const [type, values] = elements(attribute.content);
    if (!type || !values || values.tag !== 0x31) throw new Error('a malformed attribute');
    const oid = type.raw.toString('hex');
    const [value] = elements(values.content);
    if (oid === OID_CONTENT_TYPE) contentType = value?.raw.toString('hex') === ID_DATA;
    else if (oid === OID_MESSAGE_DIGEST)
      digest = value?.tag === 0x04 && value.content.length === 32 ? value.content : null;
    else if (oid === OID_SIGNING_CERTIFICATE_V2) signingCertificate = true;
    else throw new Error(`an attribute this signer does not sign: ${oid}`);
  }
  if (!contentType || !digest || !signingCertificate) {
    throw new Error('the attributes lack content-type id-data, a SHA-256 message digest or the signing certificate');
  }
  return { messageDigest: Buffer.from(digest) };
}
