// The document on the meeting stage: the agenda documents to choose from (and upload, for the chair and
// secretary), the presenter's follow-me bar, the page toolbar (pages, zoom, fit, thumbnails, search), the annotation
// tools and layers, and the pages themselves. The presenter's view goes to the server as the presenter scrolls;
// the others follow it until they browse on their own, and come back with `follow-presenter`.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import {
  authorColor,
  currentVersion,
  type AnnotationLayer as LayerName,
  type DocumentInfo,
} from '../../../common/documents.ts';
import type { AgendaItem } from '../../../common/meeting.ts';
import { can } from '../../../common/permissions.ts';
import { useStore } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { AnnotationLayer, type DrawingSettings, type Tool } from './AnnotationLayer.tsx';
import { marksOf } from './annotationModel.ts';
import type { DocumentsStore } from './documentsStore.ts';
import { exportAnnotated } from './exportAnnotated.ts';
import { openPdf, PdfOpenError, type OpenedPdf } from './pdfLoader.ts';
import { PdfPages, type Fit, type PageSpot, type PdfPagesHandle } from './PdfPages.tsx';
import { fill, useDocStrings, type DocStrings } from './strings.ts';
import { Thumbnails } from './Thumbnails.tsx';
import { uploadDocument } from './uploadDocument.ts';
import { useAnnotationLayers } from './useAnnotationLayers.ts';
import { searchPdf } from './searchPdf.ts';
import './documents.css';

type Opening =
  { state: 'idle' } | { state: 'loading' } | { state: 'open'; opened: OpenedPdf } | { state: 'error'; message: string };

const TOOLS: { tool: Tool; key: keyof DocStrings; icon: string; testId?: string }[] = [
  { tool: 'none', key: 'toolNone', icon: 'I' },
  { tool: 'pen', key: 'toolPen', icon: '✎', testId: 'tool-pen' },
  { tool: 'highlighter', key: 'toolHighlighter', icon: '▮', testId: 'tool-highlighter' },
  { tool: 'line', key: 'toolLine', icon: '╱' },
  { tool: 'arrow', key: 'toolArrow', icon: '↗' },
  { tool: 'rect', key: 'toolRect', icon: '▭' },
  { tool: 'ellipse', key: 'toolEllipse', icon: '◯' },
  { tool: 'note', key: 'toolNote', icon: '✉' },
  { tool: 'eraser', key: 'toolEraser', icon: '⌫', testId: 'tool-eraser' },
  { tool: 'select', key: 'toolSelect', icon: '✥' },
  { tool: 'laser', key: 'toolLaser', icon: '◉' },
];

function openErrorMessage(error: unknown, s: DocStrings): string {
  if (!(error instanceof PdfOpenError)) return s.errDamaged;
  return { password_cancelled: s.errPassword, damaged: s.errDamaged, not_pdf: s.errNotPdf, network: s.errNetwork }[
    error.kind
  ];
}

function defaultDocument(
  documents: DocumentInfo[],
  agenda: AgendaItem[],
  currentIndex: number | null,
): DocumentInfo | null {
  const item = agenda[currentIndex ?? 0];
  return (
    documents.find((d) => d.id === item?.documentId) ??
    documents.find((d) => d.agendaItemId === item?.id) ??
    documents.find((d) => d.agendaItemId === agenda[0]?.id) ??
    documents[0] ??
    null
  );
}

export function DocumentStage({
  session,
  store,
  agenda,
  currentIndex,
}: {
  session: MeetingSession;
  store: DocumentsStore;
  agenda: AgendaItem[];
  currentIndex: number | null;
}) {
  const s = useDocStrings();
  const view = useStore(store);
  const { documents, presenter, selfId, role } = view;
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [following, setFollowing] = useState(true);
  const [fit, setFit] = useState<Fit>('width');
  const [zoom, setZoom] = useState(1);
  const [scale, setScale] = useState({ value: 1, seq: 0 });
  const [page, setPage] = useState(1);
  const [tool, setTool] = useState<Tool>('none');
  const [layer, setLayer] = useState<LayerName>('shared');
  const [showOthers, setShowOthers] = useState(true);
  const [thumbs, setThumbs] = useState(false);
  const [opening, setOpening] = useState<Opening>({ state: 'idle' });
  const [uploadState, setUploadState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [search, setSearch] = useState<{ query: string; hits: number[]; at: number; none: boolean }>({
    query: '',
    hits: [],
    at: 0,
    none: false,
  });
  const pages = useRef<PdfPagesHandle>(null);

  const isPresenter = presenter?.presenterId != null && presenter.presenterId === selfId;
  const presenterView = presenter?.view ?? null;
  const followsNow = following && !isPresenter && presenterView !== null;
  const shown =
    (followsNow ? documents.find((d) => d.id === presenterView.documentId) : null) ??
    documents.find((d) => d.id === chosenId) ??
    defaultDocument(documents, agenda, currentIndex);
  const version = shown
    ? followsNow && presenterView.documentId === shown.id
      ? presenterView.version
      : currentVersion(shown).version
    : null;
  const { layers, version: marksVersion } = useAnnotationLayers(session, shown?.id ?? null, version);
  const pdf: PDFDocumentProxy | null = opening.state === 'open' ? opening.opened.pdf : null;

  // Open the PDF of the shown document version (a signed, short-lived download URL from the server).
  useEffect(() => {
    if (!shown || version === null) return;
    let cancelled = false;
    let opened: OpenedPdf | null = null;
    setOpening({ state: 'loading' });
    setPage(1);
    void (async () => {
      try {
        const { url } = await session.request('documentUrl', { documentId: shown.id, version });
        opened = await openPdf(url, async (retry) => window.prompt(retry ? s.passwordRetry : s.passwordPrompt));
        if (cancelled) return opened.close();
        setOpening({ state: 'open', opened });
      } catch (error) {
        if (!cancelled) setOpening({ state: 'error', message: openErrorMessage(error, s) });
      }
    })();
    return () => {
      cancelled = true;
      opened?.close();
    };
    // Strings change with the locale only; reopening the PDF for that would be wasteful.
  }, [session, shown?.id, version]);

  // Followers go where the presenter is, whenever the presenter moves or the layout changes (before the paint).
  useLayoutEffect(() => {
    if (!followsNow || !pdf || presenterView.documentId !== shown?.id) return;
    if (presenterView.fit !== fit) setFit(presenterView.fit);
    if (!presenterView.fit && presenterView.zoom !== zoom) setZoom(presenterView.zoom);
    pages.current?.goTo(presenterView);
  }, [followsNow, presenterView, pdf, shown?.id, scale, fit, zoom]);

  // The presenter publishes where they are (at most every 50 ms, the last position always).
  const lastSent = useRef({ at: 0, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const publish = useCallback(
    (spot: PageSpot) => {
      if (!isPresenter || !shown || version === null) return;
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
    if (isPresenter && pdf && pages.current) publish(pages.current.spot());
  }, [isPresenter, pdf, fit, scale.value, publish]);

  const onScale = useCallback((value: number) => setScale((prev) => ({ value, seq: prev.seq + 1 })), []);
  const shownId = shown?.id ?? null;
  const browse = useCallback(() => {
    if (isPresenter) return;
    // Browsing keeps the document on screen: it becomes the chosen one instead of the presenter's.
    setChosenId((chosen) => (following ? shownId : chosen));
    setFollowing(false);
  }, [isPresenter, following, shownId]);
  const goToPage = (n: number) => {
    browse();
    const spot = { page: n, scrollX: 0, scrollY: 0 };
    pages.current?.goTo(spot);
    // The presenter's turn goes out now, not a frame later with the scroll event.
    publish(spot);
  };

  const color = selfId ? authorColor(selfId) : '#c00';
  const settings: DrawingSettings = {
    tool,
    layer,
    showOthers,
    color,
    selfId: selfId ?? '',
    selfName: view.selfName,
    notePrompt: s.notePrompt,
    replyPrompt: s.replyPrompt,
    pendingLabel: s.pending,
  };
  const overlay = (n: number, w: number, h: number) => (
    <AnnotationLayer
      revision={marksVersion}
      page={n}
      width={w}
      height={h}
      layers={layers}
      settings={settings}
      isCurrent={n === page}
    />
  );

  const canManage = role !== null && can(role, 'document.manage');
  const canAssign = role !== null && can(role, 'presenter.assign');
  const peers = session.getState().peers;
  const undoer = layers?.layer(layer).undo;

  const runSearch = async (query: string) => {
    if (!pdf || query.trim() === '') return setSearch({ query, hits: [], at: 0, none: false });
    if (query === search.query && search.hits.length > 0) {
      const at = (search.at + 1) % search.hits.length;
      setSearch({ ...search, at });
      return goToPage(search.hits[at]!);
    }
    const hits = await searchPdf(pdf, query);
    setSearch({ query, hits, at: 0, none: hits.length === 0 });
    if (hits[0]) goToPage(hits[0]);
  };

  const exportCopy = async () => {
    if (!pdf || !layers || !shown) return;
    const marks = [
      ...[...marksOf(layers.shared.sync.doc).values()].filter((m) => showOthers || m.author === selfId),
      ...marksOf(layers.private.sync.doc).values(),
    ];
    const bytes = await exportAnnotated(await pdf.getData(), marks);
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = currentVersion(shown).fileName.replace(/\.pdf$/i, '') + ' (ghi chú).pdf';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const upload = async (file: File) => {
    const item = agenda[currentIndex ?? 0] ?? agenda[0];
    if (!item) return;
    setUploadState({ busy: true, error: null });
    const result = await uploadDocument(session.inviteToken, item.id, file, view.limits);
    setUploadState({ busy: false, error: result.ok ? null : `${s.uploadFailed}: ${result.message}` });
    if (result.ok) {
      setChosenId(result.document.id);
      setFollowing(false);
    }
  };

  return (
    <section
      className="doc-stage"
      data-testid="document-stage"
      data-current-page={page}
      data-following={followsNow ? 'true' : 'false'}
      data-document-id={shown?.id ?? ''}
    >
      <div className="doc-bar">
        <select
          className="doc-select"
          aria-label={s.documents}
          value={shown?.id ?? ''}
          onChange={(e) => {
            // After browse(), which would otherwise keep the document on screen.
            browse();
            setChosenId(e.target.value);
          }}
        >
          {documents.length === 0 && <option value="">{s.noDocuments}</option>}
          {documents.map((d) => (
            <option key={d.id} value={d.id}>
              {(agenda.find((a) => a.id === d.agendaItemId)?.title ?? '') + ' — ' + d.title}
            </option>
          ))}
        </select>
        {canManage && (
          <label className="doc-btn doc-upload" data-testid="document-upload">
            {uploadState.busy ? s.uploading : s.upload}
            <input
              type="file"
              accept="application/pdf,.pdf"
              hidden
              disabled={uploadState.busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void upload(file);
              }}
            />
          </label>
        )}
        <span className="doc-presenter" data-testid="presenter-name">
          {presenter?.presenterName ? fill(s.presenter, { name: presenter.presenterName }) : s.noPresenter}
        </span>
        {!isPresenter && presenterView && (
          <button
            type="button"
            className={`doc-btn${followsNow ? ' doc-btn--on' : ''}`}
            data-testid="follow-presenter"
            aria-pressed={followsNow}
            onClick={() => setFollowing(true)}
            title={followsNow ? fill(s.following, { name: presenter?.presenterName ?? '' }) : s.browsing}
          >
            {followsNow ? fill(s.following, { name: presenter?.presenterName ?? '' }) : s.follow}
          </button>
        )}
        {canAssign && (
          <>
            {!isPresenter ? (
              <button
                type="button"
                className="doc-btn"
                data-testid="take-presenter"
                onClick={() => void session.request('setPresenter', { peerId: selfId })}
              >
                {s.takePresenter}
              </button>
            ) : (
              <button
                type="button"
                className="doc-btn"
                data-testid="stop-presenting"
                onClick={() => void session.request('setPresenter', { peerId: null })}
              >
                {s.stopPresenting}
              </button>
            )}
            <select
              className="doc-select doc-select--small"
              aria-label={s.handOver}
              data-testid="hand-over"
              value=""
              onChange={(e) => e.target.value && void session.request('setPresenter', { peerId: e.target.value })}
            >
              <option value="">{s.handOver}…</option>
              {peers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      {uploadState.error && (
        <div className="doc-error" role="alert" data-testid="upload-error">
          {uploadState.error}
        </div>
      )}
      <div className="doc-bar doc-bar--tools">
        <button
          type="button"
          className="doc-btn"
          data-testid="page-prev"
          title={s.prev}
          onClick={() => goToPage(page - 1)}
          disabled={page <= 1}
        >
          ‹
        </button>
        <span className="doc-page-no" data-testid="page-indicator">
          {s.page} {page} {s.of} {pdf?.numPages ?? '–'}
        </span>
        <button
          type="button"
          className="doc-btn"
          data-testid="page-next"
          title={s.next}
          onClick={() => goToPage(page + 1)}
          disabled={!pdf || page >= pdf.numPages}
        >
          ›
        </button>
        <span className="doc-sep" />
        <button
          type="button"
          className="doc-btn"
          title={s.zoomOut}
          onClick={() => {
            browse();
            setZoom(Math.max(0.25, scale.value / 1.2));
            setFit(null);
          }}
        >
          −
        </button>
        <span className="doc-zoom">{Math.round(scale.value * 100)}%</span>
        <button
          type="button"
          className="doc-btn"
          title={s.zoomIn}
          onClick={() => {
            browse();
            setZoom(Math.min(5, scale.value * 1.2));
            setFit(null);
          }}
        >
          +
        </button>
        <button
          type="button"
          className={`doc-btn${fit === 'width' ? ' doc-btn--on' : ''}`}
          onClick={() => {
            browse();
            setFit('width');
          }}
        >
          {s.fitWidth}
        </button>
        <button
          type="button"
          className={`doc-btn${fit === 'page' ? ' doc-btn--on' : ''}`}
          onClick={() => {
            browse();
            setFit('page');
          }}
        >
          {s.fitPage}
        </button>
        <button type="button" className={`doc-btn${thumbs ? ' doc-btn--on' : ''}`} onClick={() => setThumbs(!thumbs)}>
          {s.thumbnails}
        </button>
        <form
          className="doc-search"
          onSubmit={(e) => {
            e.preventDefault();
            void runSearch(String(new FormData(e.currentTarget).get('q') ?? ''));
          }}
        >
          <input name="q" type="search" placeholder={s.search} aria-label={s.search} data-testid="document-search" />
          {search.none && <span className="doc-search-info">{s.searchNone}</span>}
          {search.hits.length > 0 && (
            <span className="doc-search-info">
              {fill(s.searchResult, { n: search.at + 1, total: search.hits.length })}
            </span>
          )}
        </form>
      </div>
      <div className="doc-bar doc-bar--tools">
        {TOOLS.map(({ tool: t, key, icon, testId }) => (
          <button
            key={t}
            type="button"
            className={`doc-tool${tool === t ? ' doc-btn--on' : ''}`}
            data-testid={testId}
            aria-pressed={tool === t}
            title={s[key]}
            onClick={() => setTool(t)}
          >
            {icon}
          </button>
        ))}
        <span className="doc-sep" />
        <button
          type="button"
          className="doc-btn"
          title={s.undo}
          data-testid="undo"
          onClick={() => {
            undoer?.undo();
            layers?.layer(layer).sync.flush();
          }}
        >
          ↶
        </button>
        <button
          type="button"
          className="doc-btn"
          title={s.redo}
          data-testid="redo"
          onClick={() => {
            undoer?.redo();
            layers?.layer(layer).sync.flush();
          }}
        >
          ↷
        </button>
        <button
          type="button"
          className={`doc-btn doc-layer doc-layer--${layer}`}
          data-testid="layer-toggle"
          data-layer={layer}
          title={s.layerHint}
          onClick={() => setLayer(layer === 'shared' ? 'private' : 'shared')}
        >
          {layer === 'shared' ? s.layerShared : s.layerPrivate}
        </button>
        <label className="doc-check">
          <input
            type="checkbox"
            checked={showOthers}
            onChange={(e) => setShowOthers(e.target.checked)}
            data-testid="show-others"
          />
          {s.showOthers}
        </label>
        <button
          type="button"
          className="doc-btn"
          data-testid="export-annotated"
          onClick={() => void exportCopy()}
          disabled={!pdf}
        >
          {s.export}
        </button>
      </div>
      <div className="doc-body">
        {!view.online && (
          <span className="doc-offline" role="status">
            {s.offline}
          </span>
        )}
        {thumbs && pdf && <Thumbnails pdf={pdf} current={page} onPick={goToPage} />}
        {opening.state === 'loading' && (
          <div className="doc-status" role="status">
            {s.loading}
          </div>
        )}
        {opening.state === 'error' && (
          <div className="doc-error doc-error--big" role="alert" data-testid="document-error">
            {opening.message}
          </div>
        )}
        {opening.state === 'idle' && <div className="doc-status">{s.noDocuments}</div>}
        {pdf && (
          <PdfPages
            pdf={pdf}
            fit={fit}
            zoom={zoom}
            handle={pages}
            onCurrentPage={setPage}
            onScale={onScale}
            onScrolled={publish}
            onUserScroll={browse}
            overlay={overlay}
          />
        )}
      </div>
    </section>
  );
}

export function useDocumentsCount(store: DocumentsStore): number {
  return useStore(store).documents.length;
}
