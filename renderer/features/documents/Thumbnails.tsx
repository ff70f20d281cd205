// A column of small page images to jump with; like the pages, only the thumbnails near view are drawn.
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';

const WIDTH = 96;

function Thumbnail({ pdf, pageNumber, near }: { pdf: PDFDocumentProxy; pageNumber: number; near: boolean }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!near) return;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    let cancelled = false;
    void pdf.getPage(pageNumber).then((page) => {
      const canvas = canvasRef.current;
      if (cancelled || !canvas) return;
      const viewport = page.getViewport({
        scale: (WIDTH * (window.devicePixelRatio || 1)) / page.getViewport({ scale: 1 }).width,
      });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      task = page.render({ canvas, viewport });
      task.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNumber, near]);
  return near ? <canvas ref={canvasRef} style={{ width: WIDTH }} /> : <div className="doc-thumb-blank" />;
}

export function Thumbnails({
  pdf,
  current,
  onPick,
}: {
  pdf: PDFDocumentProxy;
  current: number;
  onPick(page: number): void;
}) {
  const rootRef = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState<Set<number>>(() => new Set([1, 2, 3, 4, 5]));
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNear((prev) => {
          const next = new Set(prev);
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.thumb);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root, rootMargin: '100% 0px' },
    );
    root.querySelectorAll('[data-thumb]').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [pdf]);
  return (
    <nav className="doc-thumbs" ref={rootRef} data-testid="document-thumbnails">
      {Array.from({ length: pdf.numPages }, (_, i) => (
        <button
          key={i}
          type="button"
          data-thumb={i + 1}
          className={`doc-thumb${current === i + 1 ? ' doc-thumb--current' : ''}`}
          onClick={() => onPick(i + 1)}
        >
          <Thumbnail pdf={pdf} pageNumber={i + 1} near={near.has(i + 1)} />
          <span>{i + 1}</span>
        </button>
      ))}
    </nav>
  );
}
