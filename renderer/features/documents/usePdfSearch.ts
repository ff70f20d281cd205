// Search in the open PDF: the pages whose text holds the query. Searching again for the same text goes to the next
// hit (wrapping round); the toolbar shows "hit n of m" or that nothing was found.
import { useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { searchPdf } from './searchPdf.ts';

export interface PdfSearch {
  query: string;
  /** Page numbers with a hit, in order. */
  hits: number[];
  /** Index into `hits` of the page shown. */
  at: number;
  /** Searched and found nothing. */
  none: boolean;
}

const EMPTY: PdfSearch = { query: '', hits: [], at: 0, none: false };

export function usePdfSearch(
  pdf: PDFDocumentProxy | null,
  goToPage: (page: number) => void,
): { search: PdfSearch; runSearch(query: string): Promise<void> } {
  const [search, setSearch] = useState<PdfSearch>(EMPTY);

  const runSearch = async (query: string) => {
    if (!pdf || query.trim() === '') return setSearch({ ...EMPTY, query });
    if (query === search.query && search.hits.length > 0) {
      const at = (search.at + 1) % search.hits.length;
      setSearch({ ...search, at });
      return goToPage(search.hits[at]!);
    }
    const hits = await searchPdf(pdf, query);
    setSearch({ query, hits, at: 0, none: hits.length === 0 });
    if (hits[0]) goToPage(hits[0]);
  };

  return { search, runSearch };
}
