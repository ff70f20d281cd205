// Sending an agenda document ahead of the meeting: the PDF as the raw request body to
// POST /api/meetings/<id>/agenda/<itemId>/documents?fileName=&title=. The server inspects it (size, pages, a PDF
// it can read); its refusal is shown with the reason it gave.
import type { AgendaDocument } from '../../../../common/office.ts';
import type { ErrorReason } from '../../../../common/errors.ts';
import type { MessageKey } from '../../../i18n/vi.ts';
import { api, meetingPath, type ApiError } from '../api.ts';

/** "Báo cáo quý III.pdf" → "Báo cáo quý III" */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.pdf$/i, '').trim();
  return base === '' ? name : base;
}

export function looksLikePdf(file: Pick<File, 'name' | 'type'>): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

export function uploadAgendaDocument(meetingId: string, itemId: string, file: File): Promise<AgendaDocument> {
  const query = new URLSearchParams({ fileName: file.name, title: titleFromFileName(file.name) });
  return api.upload<AgendaDocument>(
    meetingPath(meetingId, `/agenda/${encodeURIComponent(itemId)}/documents?${query}`),
    file,
    'application/pdf',
  );
}

const PDF_REASONS: Partial<Record<ErrorReason, MessageKey>> = {
  not_a_pdf: 'schedule.pdf.not_a_pdf',
  pdf_empty: 'schedule.pdf.pdf_empty',
  pdf_truncated: 'schedule.pdf.pdf_truncated',
  pdf_damaged: 'schedule.pdf.pdf_damaged',
  pdf_unreadable: 'schedule.pdf.pdf_unreadable',
  document_too_large: 'schedule.pdf.document_too_large',
  too_many_pages: 'schedule.pdf.too_many_pages',
};

/**
 * What went wrong with an upload, for the person: the reason's own message when the server named one we know,
 * otherwise the code's (413: too large) — and the server's own words where it gave no reason we know (422).
 */
export interface UploadProblem {
  key: MessageKey;
  /** The numbers the message may quote (pages, limits). */
  params: Record<string, string | number>;
  /** The server's words, shown under the message when no reason of ours explains it. */
  detail: string | null;
}

export function uploadProblem(error: ApiError): UploadProblem {
  const params = error.params ?? {};
  const known = error.reason ? PDF_REASONS[error.reason] : undefined;
  if (known) return { key: known, params, detail: null };
  if (error.code === 'too_large' || error.status === 413)
    return { key: 'schedule.pdf.document_too_large', params, detail: error.message || null };
  if (error.status === 422 || error.code === 'invalid_message')
    return { key: 'schedule.pdf.unusable', params, detail: error.message || null };
  const key: MessageKey = error.code === 'network' ? 'error.network' : 'schedule.pdf.failed';
  return { key, params, detail: error.message || null };
}
