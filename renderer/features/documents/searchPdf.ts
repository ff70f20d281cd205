// Text search over the whole PDF: the pages whose text contains the query, compared without case and in Unicode
// NFC, so that Vietnamese typed with combining marks finds text stored precomposed and the other way round.
import type { PDFDocumentProxy } from 'pdfjs-dist';

export function normalizeForSearch(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ');
}

export async function searchPdf(pdf: PDFDocumentProxy, query: string): Promise<number[]> {
  const needle = normalizeForSearch(query.trim());
  const hits: number[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('');
    if (normalizeForSearch(text).includes(needle)) hits.push(n);
  }
  return hits;
}
