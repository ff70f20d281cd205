// Where the reader is in the open PDF: the current page, the fit or zoom, and the scale the pages are drawn at.
// A follower takes the presenter's fit, zoom and spot whenever the presenter moves or the layout changes; the
// presenter publishes theirs as they scroll (at most every 50 ms, the last position always). Turning a page, zooming
// or changing the fit is browsing: a follower stops following.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { MeetingSession } from '../meeting/session.ts';
import type { Fit, PageSpot, PdfPagesHandle } from './PdfPages.tsx';
import type { PresenterFollow } from './usePresenterFollow.ts';

export interface PageView {
  pages: RefObject<PdfPagesHandle | null>;
  page: number;
  fit: Fit;
  zoom: number;
  /** The scale the pages are drawn at (from the fit and the window size, or the zoom). */
  scale: number;
  /** For PdfPages: the page under the reader's eyes changed. */
  onCurrentPage(page: number): void;
  /** For PdfPages: the drawing scale changed. */
  onScale(scale: number): void;
  /** For PdfPages: the pages scrolled; the presenter's position goes out. */
  onScrolled(spot: PageSpot): void;
  goToPage(page: number): void;
  zoomTo(zoom: number): void;
  fitTo(fit: Fit): void;
}

export function usePageView(session: MeetingSession, follow: PresenterFollow, pdf: PDFDocumentProxy | null): PageView {
  const { isPresenter, presenterView, followsNow, shown, version, browse } = follow;
  const pages = useRef<PdfPagesHandle>(null);
  // A presenter whose stage comes back (after a screen share, or from the video grid) resumes where it presented
  // instead of sending its first page to everyone (nothing is sent until it is back there), until it moves on its own.
  const resume = useRef(isPresenter ? presenterView : null);
  const [fit, setFit] = useState<Fit>(() => (isPresenter && presenterView ? presenterView.fit : 'width'));
  const [zoom, setZoom] = useState(() => (isPresenter && presenterView && !presenterView.fit ? presenterView.zoom : 1));
  // `seq` makes every report a change, so that following re-runs after each relayout even at an unchanged scale.
  const [scale, setScale] = useState({ value: 1, seq: 0 });
  // The page belongs to the PDF it was reported for: another PDF starts on its first page.
  const [current, setCurrent] = useState<{ pdf: PDFDocumentProxy | null; page: number }>({ pdf: null, page: 1 });
  const page = current.pdf === pdf ? current.page : 1;
  const onCurrentPage = useCallback((n: number) => setCurrent({ pdf, page: n }), [pdf]);
  const onScale = useCallback((value: number) => setScale((prev) => ({ value, seq: prev.seq + 1 })), []);

  // A follower takes the presenter's fit and zoom in the same render that brings the presenter's view, so the pages
  // are laid out at the presenter's scale before the paint (and keep it once the follower browses).
  const shownId = shown?.id ?? null;
  const adopt = followsNow && pdf !== null && presenterView !== null && presenterView.documentId === shownId;
  if (adopt && presenterView.fit !== fit) setFit(presenterView.fit);
  if (adopt && !presenterView.fit && presenterView.zoom !== zoom) setZoom(presenterView.zoom);

  // Followers go where the presenter is, whenever the presenter moves or the layout changes (before the paint).
  useLayoutEffect(() => {
    const target = followsNow ? presenterView : isPresenter ? resume.current : null;
    if (!target || !pdf || target.documentId !== shownId) return;
    pages.current?.goTo(target);
  }, [followsNow, isPresenter, presenterView, pdf, shownId, scale, fit, zoom]);

  const lastSent = useRef({ at: 0, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const onScrolled = useCallback(
    (spot: PageSpot) => {
      if (!isPresenter || !shown || version === null) return;
      const back = resume.current;
      if (back && back.documentId === shown.id && back.page !== spot.page) return; // on its way back: not news
      resume.current = null;
      const send = () => {
        lastSent.current.at = Date.now();
        lastSent.current.timer = 0;
        void session
          .request('presenterView', {
            documentId: shown.id,
            version,
            page: spot.page,
            zoom: scale.value,
            fit,
            scrollX: spot.scrollX,
            scrollY: spot.scrollY,
          })
          .catch(() => undefined);
      };
      if (lastSent.current.timer) clearTimeout(lastSent.current.timer);
      const wait = 50 - (Date.now() - lastSent.current.at);
      if (wait <= 0) send();
      else lastSent.current.timer = setTimeout(send, wait);
    },
    [isPresenter, shown, version, session, scale.value, fit],
  );
  useEffect(() => {
    if (isPresenter && pdf && pages.current) onScrolled(pages.current.spot());
  }, [isPresenter, pdf, fit, scale.value, onScrolled]);

  const goToPage = (n: number) => {
    resume.current = null;
    browse();
    const spot = { page: n, scrollX: 0, scrollY: 0 };
    pages.current?.goTo(spot);
    // The presenter's turn goes out now, not a frame later with the scroll event.
    onScrolled(spot);
  };
  const zoomTo = (value: number) => {
    resume.current = null;
    browse();
    setZoom(value);
    setFit(null);
  };
  const fitTo = (value: Fit) => {
    resume.current = null;
    browse();
    setFit(value);
  };

  return {
    pages,
    page,
    fit,
    zoom,
    scale: scale.value,
    onCurrentPage,
    onScale,
    onScrolled,
    goToPage,
    zoomTo,
    fitTo,
  };
}
