// Uploads a PDF to an agenda item over the documents HTTP API (docs: server/http/documentsApi.ts), authorised by
// the participant's invitation token. The server inspects the file; its refusal comes back as an error value with
// a reason, shown to the user as is. Too large files are refused before sending.
import type { DocumentInfo, DocumentLimits } from '../../../common/documents.ts';

/** The server's reasons for refusing a file, as the user reads them. */
const REASONS: Record<string, string> = {
  not_a_pdf: 'tệp không phải là PDF',
  pdf_empty: 'tệp PDF rỗng',
  pdf_truncated: 'tệp PDF bị cắt cụt (tải lên chưa hết?)',
  pdf_damaged: 'tệp PDF bị hỏng',
  pdf_unreadable: 'không đọc được tệp PDF',
  document_too_large: 'tệp vượt quá dung lượng cho phép',
  too_many_pages: 'tài liệu có quá nhiều trang',
  forbidden: 'bạn không có quyền tải tài liệu lên',
};

export type UploadResult = { ok: true; document: DocumentInfo } | { ok: false; code: string; message: string };

export async function uploadDocument(
  token: string,
  agendaItemId: string,
  file: File,
  limits: DocumentLimits | null,
  documentId?: string,
): Promise<UploadResult> {
  if (limits && file.size > limits.maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return { ok: false, code: 'too_large', message: `tệp ${mb(file.size)} vượt giới hạn ${mb(limits.maxBytes)}` };
  }
  const query = new URLSearchParams({ agendaItemId, fileName: file.name });
  if (documentId) query.set('documentId', documentId);
  try {
    const response = await fetch(`/api/documents?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body: file,
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok && body) return { ok: true, document: body as DocumentInfo };
    const error = (body as { error?: { code?: string; detail?: string; reason?: string } } | null)?.error;
    const code = error?.reason ?? error?.code ?? String(response.status);
    return { ok: false, code, message: REASONS[code] ?? error?.detail ?? `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, code: 'network', message: error instanceof Error ? error.message : String(error) };
  }
}
