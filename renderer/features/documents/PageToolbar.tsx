// The page toolbar of the document stage: previous and next page with "page n of m", zoom out and in, fit to the
// width or the page, the thumbnails strip, and search in the document.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { PageView } from './usePageView.ts';
import { usePdfSearch } from './usePdfSearch.ts';

export function PageToolbar({
  pdf,
  pageView,
  thumbs,
  onThumbs,
}: {
  pdf: PDFDocumentProxy | null;
  pageView: PageView;
  thumbs: boolean;
  onThumbs(shown: boolean): void;
}) {
  const { t } = useI18n();
  const { page, fit, scale, goToPage, zoomTo, fitTo } = pageView;
  const { search, runSearch } = usePdfSearch(pdf, goToPage);
  return (
    <div className="doc-bar doc-bar--tools">
      <button
        type="button"
        className="doc-btn"
        data-testid="page-prev"
        title={t('documents.prev')}
        onClick={() => goToPage(page - 1)}
        disabled={page <= 1}
      >
        ‹
      </button>
      <span className="doc-page-no" data-testid="page-indicator">
        {t('documents.page')} {page} {t('documents.of')} {pdf?.numPages ?? '–'}
      </span>
      <button
        type="button"
        className="doc-btn"
        data-testid="page-next"
        title={t('documents.next')}
        onClick={() => goToPage(page + 1)}
        disabled={!pdf || page >= pdf.numPages}
      >
        ›
      </button>
      <span className="doc-sep" />
      <button
        type="button"
        className="doc-btn"
        title={t('documents.zoomOut')}
        onClick={() => zoomTo(Math.max(0.25, scale / 1.2))}
      >
        −
      </button>
      <span className="doc-zoom">{Math.round(scale * 100)}%</span>
      <button
        type="button"
        className="doc-btn"
        title={t('documents.zoomIn')}
        onClick={() => zoomTo(Math.min(5, scale * 1.2))}
      >
        +
      </button>
      <button
        type="button"
        className={`doc-btn${fit === 'width' ? ' doc-btn--on' : ''}`}
        onClick={() => fitTo('width')}
      >
        {t('documents.fitWidth')}
      </button>
      <button type="button" className={`doc-btn${fit === 'page' ? ' doc-btn--on' : ''}`} onClick={() => fitTo('page')}>
        {t('documents.fitPage')}
      </button>
      <button type="button" className={`doc-btn${thumbs ? ' doc-btn--on' : ''}`} onClick={() => onThumbs(!thumbs)}>
        {t('documents.thumbnails')}
      </button>
      <form
        className="doc-search"
        onSubmit={(e) => {
          e.preventDefault();
          void runSearch(String(new FormData(e.currentTarget).get('q') ?? ''));
        }}
      >
        <input
          name="q"
          type="search"
          placeholder={t('documents.search')}
          aria-label={t('documents.search')}
          data-testid="document-search"
        />
        {search.none && <span className="doc-search-info">{t('documents.searchNone')}</span>}
        {search.hits.length > 0 && (
          <span className="doc-search-info">
            {t('documents.searchResult', { n: search.at + 1, total: search.hits.length })}
          </span>
        )}
      </form>
    </div>
  );
}
