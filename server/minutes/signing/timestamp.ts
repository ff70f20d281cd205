// RFC 3161 time-stamps from the agency's time-stamping authority (TSA_URL): a signature's value is hashed and sent,
// the TSA answers with a token — a CMS SignedData over a TSTInfo that states the time and the hash. The token goes
// into the signature as an unsigned attribute (PAdES B-T) or, for a document timestamp (B-LTA), into its own field.
// The answer is checked here (status, the hash we sent, our nonce); its signature is checked by whoever verifies.
import { createHash, randomBytes } from 'node:crypto';
import {
  at,
  boolean,
  bytesOf,
  children,
  contentOf,
  decodeOid,
  integer,
  integerBytes,
  nullValue,
  octetString,
  oid,
  read,
  readTime,
  sequence,
} from './der.ts';
import { fetchDer } from './fetchDer.ts';
import { AppFailure } from '../../../common/errors.ts';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';

export interface TimestampToken {
  /** The TimeStampToken: a ContentInfo with SignedData. */
  token: Buffer;
  /** The time the TSA vouches for. */
  genTime: Date;
}

export const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

/** A TimeStampReq for a SHA-256 digest, asking for the TSA's certificate in the token. */
export function timestampRequest(digest: Buffer, nonce: Buffer): Buffer {
  const imprint = sequence(sequence(oid(SHA256), nullValue()), octetString(digest));
  return sequence(integer(1), imprint, integerBytes(nonce), boolean(true));
}

export interface TstInfo {
  genTime: Date;
  hashAlgorithm: string;
  hashedMessage: Buffer;
  nonce: Buffer | null;
  /** The serial number the TSA gave the token. */
  serial: Buffer;
  /** The TSTInfo as encoded (what the token's message digest covers). */
  raw: Buffer;
}

/** The TSTInfo inside a token (its encapsulated content). */
export function readTstInfo(token: Buffer): TstInfo {
  const signedData = at(token, read(token), [1, 0]);
  const encap = children(token, signedData).find((n, i) => i > 1 && n.tag === 0x30)!;
  const [type, wrapper] = children(token, encap);
  if (decodeOid(contentOf(token, type!)) !== TST_INFO) throw new Error('the token does not hold a TSTInfo');
  const octets = children(token, wrapper!)[0]!;
  const info = Buffer.from(contentOf(token, octets));
  const fields = children(info, read(info));
  const [algorithm, hashed] = children(info, fields[2]!);
  const nonceNode = fields.slice(5).find((n) => n.tag === 0x02);
  return {
    hashAlgorithm: decodeOid(contentOf(info, children(info, algorithm!)[0]!)),
    hashedMessage: Buffer.from(contentOf(info, hashed!)),
    serial: Buffer.from(bytesOf(info, fields[3]!)),
    genTime: readTime(info, fields[4]!),
    nonce: nonceNode ? Buffer.from(contentOf(info, nonceNode)) : null,
    raw: info,
  };
}

/** Reads a TimeStampResp: the token when granted and about `digest` with our nonce; otherwise what is wrong. */
export function readTimestampResponse(der: Buffer, digest: Buffer, nonce: Buffer): TimestampToken {
  const [statusInfo, tokenNode] = children(der, read(der));
  const status = contentOf(der, children(der, statusInfo!)[0]!)[0];
  if (status !== 0 && status !== 1) throw new Error(`the TSA refused (status ${status})`);
  if (!tokenNode) throw new Error('the TSA answered without a token');
  const token = Buffer.from(bytesOf(der, tokenNode));
  const info = readTstInfo(token);
  if (info.hashAlgorithm !== SHA256 || !info.hashedMessage.equals(digest)) {
    throw new Error('the token is about other data');
  }
  const sent = integerBytes(nonce);
  if (!info.nonce || !info.nonce.equals(contentOf(sent, read(sent)))) throw new Error('the token has another nonce');
  return { token, genTime: info.genTime };
}

/** A token for a SHA-256 digest (of a signature value, or of a document's signed ranges) from the TSA at `url`. */
export async function requestTimestamp(url: string, digest: Buffer, timeoutMs: number): Promise<TimestampToken> {
  const nonce = randomBytes(8);
  const body = timestampRequest(digest, nonce);
  const what = 'the time-stamping authority';
  const der = await fetchDer({
    url,
    body,
    contentType: 'application/timestamp-query',
    timeoutMs,
    what,
    reason: 'timestamp_unavailable',
  });
  try {
    return readTimestampResponse(der, digest, nonce);
  } catch (error) {
    throw new AppFailure('signing_failed', `${what} at ${url}: ${(error as Error).message}`, 'timestamp_unavailable');
  }
}
