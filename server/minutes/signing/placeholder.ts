// The signature value's place in a PDF being signed: the dictionary is written with a zero-filled /Contents of a
// fixed size and a /ByteRange placeholder; once the file's length is known the range is filled in, the digest of
// every byte but the /Contents value is taken, and later the CMS (or a timestamp token) goes into the reserved space
// without moving a byte. The digest is what a signer signs; nothing in the file changes between the two steps.
import { createHash } from 'node:crypto';
import { AppFailure } from '../../../common/errors.ts';

/** Bytes reserved for the CMS value: a signature with its chain and an RFC 3161 timestamp fit with room to spare. */
export const SIGNATURE_SPACE = 24_576;
export const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

export type ByteRange = [number, number, number, number];

/** A PDF with its last signature dictionary's byte range filled in and its value still zeros. */
export interface PreparedPdf {
  pdf: Buffer;
  byteRange: ByteRange;
  /** Offset of the '<' that opens the /Contents value. */
  contentsAt: number;
  /** SHA-256 of the signed ranges. */
  digest: Buffer;
}

/** The dictionary's entries that hold the places (to put into a /Sig or /DocTimeStamp dictionary). */
export function placeholderEntries(): string {
  return `${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(SIGNATURE_SPACE * 2)}>`;
}

/** Fills the byte range of the last placeholder in `out` (written in place) and takes the digest. */
export function fillByteRange(out: Buffer): PreparedPdf {
  const rangeAt = out.lastIndexOf(BYTE_RANGE_PLACEHOLDER, undefined, 'latin1');
  if (rangeAt < 0) throw new AppFailure('signing_failed', 'no signature placeholder in the prepared PDF');
  const contentsAt = out.indexOf('/Contents <', rangeAt, 'latin1') + '/Contents '.length;
  const afterContents = contentsAt + SIGNATURE_SPACE * 2 + 2;
  const byteRange: ByteRange = [0, contentsAt, afterContents, out.length - afterContents];
  const rangeText = `/ByteRange [${byteRange.join(' ')}]`;
  if (rangeText.length > BYTE_RANGE_PLACEHOLDER.length) throw new AppFailure('signing_failed', 'PDF too large to sign');
  out.write(rangeText.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');
  const digest = createHash('sha256').update(out.subarray(0, contentsAt)).update(out.subarray(afterContents)).digest();
  return { pdf: out, byteRange, contentsAt, digest };
}

/** The signed file: a copy of the prepared one with `value` (DER) in the reserved space. */
export function embedValue(prepared: PreparedPdf, value: Buffer): { pdf: Buffer; sha256: string } {
  if (value.length > SIGNATURE_SPACE) {
    throw new AppFailure('signing_failed', `a signature of ${value.length} bytes does not fit the reserved space`);
  }
  const out = Buffer.from(prepared.pdf);
  out.write(value.toString('hex').toUpperCase(), prepared.contentsAt + 1, 'latin1');
  return { pdf: out, sha256: createHash('sha256').update(out).digest('hex') };
}
