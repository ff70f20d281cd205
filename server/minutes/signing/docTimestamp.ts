// PAdES B-LTA: a document timestamp (ETSI.RFC3161) over the whole file as it is — the signatures, their timestamps
// and the DSS — so that when the algorithms or the CAs of today weaken, the proof that all of it existed at this time
// remains; another one can be added later over this one. For the copy that is filed.
import { finishSignature, prepareSignature, type SignResult } from '../sign.ts';
import { requestTimestamp } from './timestamp.ts';

/** Field name of the document timestamp (an invisible field on the last page). */
export const DOC_TIMESTAMP_FIELD = 'DauThoiGian';

export async function addDocumentTimestamp(pdf: Buffer, tsaUrl: string, timeoutMs: number): Promise<SignResult> {
  const existing = (pdf.toString('latin1').match(/\/DocTimeStamp/g) ?? []).length;
  const fieldName = existing === 0 ? DOC_TIMESTAMP_FIELD : `${DOC_TIMESTAMP_FIELD}${existing + 1}`;
  const prepared = await prepareSignature(pdf, { kind: 'timestamp', fieldName });
  const { token } = await requestTimestamp(tsaUrl, prepared.digest, timeoutMs);
  return finishSignature(prepared, token);
}
