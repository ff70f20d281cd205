// One page of the open PDF: a frame of the page's size always (so the scroll height is right), and — only while
// it is near the viewport — a canvas rendered at the device pixel ratio (sharp on HiDPI screens) plus pdf.js's text
// layer (selectable, searchable Vietnamese text). Leaving the viewport releases the canvas and pdf.js's resources for
// the page (its decoded images, outside the JS heap, and its operator list), so memory stays bounded however far one
// scrolls.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { pdfjs } from './pdfLoader.ts';

/** Canvas pixels per page at most (a 4K-wide page at 2× would otherwise cost ~130 MB). */
const MAX_CANVAS_PIXELS = 16_000_000;

export function PdfPage({
  pdf,
  pageNumber,
  width,
  height,
  scale,
  near,
  onDrawn,
  children,
}: {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  height: number;
  scale: number;
  near: boolean;
  /** The canvas was drawn (true), or released (false). Keep it stable: a new function redraws the page. */
  onDrawn?(pageNumber: number, drawn: boolean): void;
  children?: ReactNode;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState(false);
  const pageRef = useRef<PDFPageProxy | null>(null);

  useEffect(() => {
    if (!near) return;
    let cancelled = false;
    let renderTask: { cancel(): void; promise: Promise<void> } | null = null;
    let textLayer: { cancel(): void } | null = null;
    void (async () => {
      const page = await pdf.getPage(pageNumber);
      pageRef.current = page;
      const canvas = canvasRef.current;
      if (cancelled || !canvas) return;
      const viewport = page.getViewport({ scale });
      const dpr = window.devicePixelRatio || 1;
      const ratio = Math.min(dpr, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      renderTask = page.render({
        canvas,
        viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
      });
      try {
        await renderTask.promise;
      } catch {
        return; // cancelled: a newer render or the page left the viewport
      }
      if (cancelled) return;
      setRendered(true);
      onDrawn?.(pageNumber, true);
      const container = textRef.current;
      if (!container) return;
      container.replaceChildren();
      const layer = new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container, viewport });
      textLayer = layer;
      await layer.render().catch(() => undefined);
    })();
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
      setRendered(false);
      onDrawn?.(pageNumber, false);
    };
  }, [pdf, pageNumber, scale, near, onDrawn]);

  // Only when the page leaves (a new scale redraws from the kept operator list). pdf.js defers the cleanup until a
  // cancelled render has finished.
  useEffect(() => {
    if (near) return;
    pageRef.current?.cleanup();
    pageRef.current = null;
  }, [near]);

  return (
    <div
      className="doc-page"
      data-testid="document-page"
      data-page-number={pageNumber}
      data-rendered={rendered ? 'true' : 'false'}
      style={{ width, height, ['--scale-factor' as string]: scale, ['--total-scale-factor' as string]: scale }}
    >
      {near && (
        <>
          <canvas ref={canvasRef} className="doc-canvas" style={{ width, height }} />
          <div ref={textRef} className="textLayer" />
          {children}
        </>
      )}
    </div>
  );
}
