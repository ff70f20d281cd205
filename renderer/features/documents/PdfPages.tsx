// The scrolling column of pages of one PDF. It knows the page geometry (sizes at scale 1, offsets at the current
// scale), which pages are near the viewport (IntersectionObserver: only those render), which page is current, and
// how to go to a page and a spot on it — for page-next/prev, thumbnails, search and following the presenter.
// Once the current page is drawn, the pages before and after it are drawn too (off screen), so that turning a page
// shows a drawn page at once instead of waiting ~150 ms for its data and rendering (bench:pdf).
import {
  useCallback,
  useEffect,
  useEffectEvent,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { PdfPage } from './PdfPage.tsx';

const GAP = 12;
const PAD = 16;

export interface PageSpot {
  page: number;
  /** The viewport's top-left corner as a fraction of the page (0..1). */
  scrollX: number;
  scrollY: number;
}

export interface PdfPagesHandle {
  goTo(spot: PageSpot): void;
  spot(): PageSpot;
}

export type Fit = 'width' | 'page' | null;

export function fitScale(
  fit: Fit,
  zoom: number,
  page: { w: number; h: number },
  box: { w: number; h: number },
): number {
  if (!fit || box.w <= 0) return zoom;
  const width = (box.w - 2 * PAD) / page.w;
  return fit === 'width' ? width : Math.min(width, (box.h - 2 * PAD) / page.h);
}

export function PdfPages({
  pdf,
  fit,
  zoom,
  handle,
  onCurrentPage,
  onScale,
  onScrolled,
  onUserScroll,
  overlay,
}: {
  pdf: PDFDocumentProxy;
  fit: Fit;
  zoom: number;
  handle: Ref<PdfPagesHandle>;
  onCurrentPage(page: number): void;
  onScale(scale: number): void;
  /** Any scroll (by the user or by goTo). */
  onScrolled(spot: PageSpot): void;
  /** The user scrolled by wheel, touch or keys (not goTo). */
  onUserScroll(): void;
  overlay(page: number, width: number, height: number): ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ w: 0, h: 0 });
  const [sizes, setSizes] = useState<{ w: number; h: number }[] | null>(null);
  const [near, setNear] = useState<Set<number>>(() => new Set([1]));
  const current = useRef(1);
  const lastSpot = useRef<PageSpot | null>(null);
  // The page whose neighbours are drawn ahead: the current page, from the moment it is drawn itself (not before, so
  // that the neighbours never compete with the page the reader is waiting for).
  const drawn = useRef(new Set<number>());
  const [aheadOf, setAheadOf] = useState<number | null>(null);
  const onDrawn = useCallback((n: number, isDrawn: boolean) => {
    if (!isDrawn) return void drawn.current.delete(n);
    drawn.current.add(n);
    if (n === current.current) setAheadOf(n);
  }, []);
  const turnedTo = useCallback(
    (page: number) => {
      current.current = page;
      if (drawn.current.has(page)) setAheadOf(page);
      onCurrentPage(page);
    },
    [onCurrentPage],
  );

  // Page sizes at scale 1: the first page's for all, corrected as each page is loaded for rendering.
  useEffect(() => {
    let cancelled = false;
    void pdf.getPage(1).then((page) => {
      if (cancelled) return;
      const v = page.getViewport({ scale: 1 });
      setSizes(Array.from({ length: pdf.numPages }, () => ({ w: v.width, h: v.height })));
    });
    return () => {
      cancelled = true;
    };
  }, [pdf]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setBox({ w: el.clientWidth, h: el.clientHeight }));
    observer.observe(el);
    setBox({ w: el.clientWidth, h: el.clientHeight });
    return () => observer.disconnect();
  }, []);

  const scale = sizes ? fitScale(fit, zoom, sizes[0]!, box) : 1;
  useEffect(() => onScale(scale), [scale, onScale]);

  const offsets = useMemo(() => {
    const out: number[] = [];
    let y = PAD;
    for (const s of sizes ?? []) {
      out.push(y);
      y += Math.round(s.h * scale) + GAP;
    }
    return out;
  }, [sizes, scale]);

  const spotOf = useCallback((): PageSpot => {
    const el = scrollRef.current;
    if (!el || !sizes || offsets.length === 0) return { page: 1, scrollX: 0, scrollY: 0 };
    const probe = el.scrollTop + Math.min(el.clientHeight * 0.35, 200);
    let page = 1;
    for (let i = 0; i < offsets.length; i++) if (offsets[i]! <= probe) page = i + 1;
    const h = sizes[page - 1]!.h * scale;
    const w = sizes[page - 1]!.w * scale;
    return {
      page,
      scrollY: Math.max(0, Math.min(1, (el.scrollTop - offsets[page - 1]!) / h)),
      scrollX: w > 0 ? Math.max(0, Math.min(1, el.scrollLeft / w)) : 0,
    };
  }, [offsets, sizes, scale]);

  const goTo = useCallback(
    (spot: PageSpot) => {
      const el = scrollRef.current;
      if (!el || !sizes) return;
      const page = Math.max(1, Math.min(sizes.length, spot.page));
      const s = sizes[page - 1]!;
      el.scrollTop = offsets[page - 1]! + spot.scrollY * s.h * scale;
      el.scrollLeft = spot.scrollX * s.w * scale;
      lastSpot.current = { page, scrollX: spot.scrollX, scrollY: spot.scrollY };
      // The scroll event comes a frame later; the current page is known now.
      if (current.current !== page) turnedTo(page);
    },
    [offsets, sizes, scale, turnedTo],
  );

  useImperativeHandle(handle, () => ({ goTo, spot: spotOf }), [goTo, spotOf]);

  // A new scale (zoom, fit, window size) keeps the reader on the same spot of the same page: only when the geometry
  // changes, with the goTo of that geometry.
  const keepSpot = useEffectEvent(() => {
    if (lastSpot.current) goTo(lastSpot.current);
  });
  useLayoutEffect(() => keepSpot(), [offsets]);

  const onScroll = () => {
    const spot = spotOf();
    lastSpot.current = spot;
    if (spot.page !== current.current) turnedTo(spot.page);
    onScrolled(spot);
  };

  // Only the pages within a screen or so of the viewport render; the others keep their frame and lose the canvas.
  useEffect(() => {
    const root = scrollRef.current;
    if (!root || !sizes) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNear((prev) => {
          const next = new Set(prev);
          for (const entry of entries) {
            const n = Number((entry.target as HTMLElement).dataset.pageNumber);
            if (entry.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root, rootMargin: '50% 0px' },
    );
    root.querySelectorAll('.doc-page').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [sizes, scale]);

  return (
    <div
      ref={scrollRef}
      className="doc-scroll"
      data-testid="document-scroll"
      onScroll={onScroll}
      onWheel={onUserScroll}
      onTouchMove={onUserScroll}
      onKeyDown={onUserScroll}
      tabIndex={0}
    >
      <div className="doc-column" style={{ paddingTop: PAD, paddingBottom: PAD, gap: GAP }}>
        {sizes?.map((s, i) => {
          const w = Math.round(s.w * scale);
          const h = Math.round(s.h * scale);
          return (
            <PdfPage
              key={i}
              pdf={pdf}
              pageNumber={i + 1}
              width={w}
              height={h}
              scale={scale}
              near={near.has(i + 1) || (aheadOf !== null && Math.abs(aheadOf - (i + 1)) === 1)}
              onDrawn={onDrawn}
            >
              {overlay(i + 1, w, h)}
            </PdfPage>
          );
        })}
      </div>
    </div>
  );
}
