// From signed minutes to what the archives file: the metadata document systems index by, and the idempotency key
// (the record's id plus the signed bytes' hash: refiling the same signed PDF is a no-op, a re-signed one a new
// version).
import type { Minutes } from '../../common/minutes.ts';
import { sha256, type ArchiveDocument } from '../archive/DocumentArchive.ts';
import { documentNumber } from './format.ts';

export function filingKey(minutes: Pick<Minutes, 'id'>, signedPdf: Buffer): string {
  return `minutes:${minutes.id}:${sha256(signedPdf)}`;
}

export function archiveDocument(minutes: Minutes, signedPdf: Buffer, pages: number): ArchiveDocument {
  const h = minutes.header;
  if (!h.number) throw new Error('minutes without a number cannot be filed; finalise them first');
  return {
    pdf: signedPdf,
    meta: {
      subject: h.meetingTitle,
      documentType: 'Biên bản',
      number: documentNumber(h.number),
      notation: h.notation,
      issuedOn: h.date,
      place: h.place,
      agency: h.agency,
      parentAgency: h.parentAgency,
      agencyCode: h.agencyCode,
      signers: [
        { name: h.chair.name, position: h.chair.position, competence: 'Chủ trì' },
        { name: h.secretary.name, position: h.secretary.position, competence: 'Thư ký' },
      ],
      pages,
      recipients: minutes.recipients,
      minutesId: minutes.id,
      meetingId: minutes.meetingId,
    },
  };
}
