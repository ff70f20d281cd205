// The document on the meeting stage: the agenda documents to choose from (and upload, for the chair and
// secretary), the presenter's follow-me bar, the page toolbar (pages, zoom, fit, thumbnails, search), the annotation
// tools and layers, and the pages themselves. The presenter's view goes to the server as the presenter scrolls;
// the others follow it until they browse on their own, and come back with `follow-presenter`.
import { useState } from 'react';
import { authorColor } from '../../../common/documents.ts';
import type { AgendaItem } from '../../../common/meeting.ts';
import { can } from '../../../common/permissions.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { AnnotationLayer, type DrawingSettings } from './AnnotationLayer.tsx';
import { AnnotationToolbar, type DrawingChoice } from './AnnotationToolbar.tsx';
import { DocumentBar } from './DocumentBar.tsx';
import type { DocumentsStore } from './documentsStore.ts';
import { PageToolbar } from './PageToolbar.tsx';
import type { PdfOpenFailure } from './pdfLoader.ts';
import { PdfPages } from './PdfPages.tsx';
import { Thumbnails } from './Thumbnails.tsx';
import { useAnnotationLayers } from './useAnnotationLayers.ts';
import { useDocumentOpening } from './useDocumentOpening.ts';
import { usePageView } from './usePageView.ts';
import { usePresenterFollow } from './usePresenterFollow.ts';
import './documents.css';

const OPEN_FAILURE: Record<PdfOpenFailure, MessageKey> = {
  password_cancelled: 'documents.errPassword',
  damaged: 'documents.errDamaged',
  not_pdf: 'documents.errNotPdf',
  network: 'documents.errNetwork',
};

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
  const { t } = useI18n();
  const view = useStore(store);
  const { selfId, role } = view;
  const follow = usePresenterFollow(view, agenda, currentIndex);
  const { shown, version, followsNow } = follow;
  const opening = useDocumentOpening(session, shown?.id ?? null, version);
  const pdf = opening.state === 'open' ? opening.opened.pdf : null;
  const pageView = usePageView(session, follow, pdf);
  const { layers, version: marksVersion } = useAnnotationLayers(session, shown?.id ?? null, version);
  const [drawing, setDrawing] = useState<DrawingChoice>({ tool: 'none', layer: 'shared', showOthers: true });
  const [thumbs, setThumbs] = useState(false);
  const { page } = pageView;

  const settings: DrawingSettings = {
    ...drawing,
    color: selfId ? authorColor(selfId) : '#c00',
    selfId: selfId ?? '',
    selfName: view.selfName,
    mayClearOthers: role === 'chair' || (selfId !== null && view.presenter?.presenterId === selfId),
    notePrompt: t('documents.notePrompt'),
    replyPrompt: t('documents.replyPrompt'),
    pendingLabel: t('documents.pending'),
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

  return (
    <section
      className="doc-stage"
      data-testid="document-stage"
      data-current-page={page}
      data-following={followsNow ? 'true' : 'false'}
      data-document-id={shown?.id ?? ''}
    >
      <DocumentBar
        session={session}
        view={view}
        agenda={agenda}
        currentIndex={currentIndex}
        follow={follow}
        canManage={role !== null && can(role, 'document.manage')}
        canAssign={role !== null && can(role, 'presenter.assign')}
      />
      <PageToolbar pdf={pdf} pageView={pageView} thumbs={thumbs} onThumbs={setThumbs} />
      <AnnotationToolbar
        drawing={drawing}
        onDrawing={(change) => setDrawing((d) => ({ ...d, ...change }))}
        layers={layers}
        pdf={pdf}
        shown={shown}
        selfId={selfId}
      />
      <div className="doc-body">
        {!view.online && (
          <span className="doc-offline" role="status">
            {t('documents.offline')}
          </span>
        )}
        {thumbs && pdf && <Thumbnails pdf={pdf} current={page} onPick={pageView.goToPage} />}
        {opening.state === 'loading' && (
          <div className="doc-status" role="status">
            {t('documents.loading')}
          </div>
        )}
        {opening.state === 'error' && (
          <div className="doc-error doc-error--big" role="alert" data-testid="document-error">
            {t(OPEN_FAILURE[opening.failure])}
          </div>
        )}
        {opening.state === 'idle' && <div className="doc-status">{t('documents.noDocuments')}</div>}
        {pdf && (
          <PdfPages
            pdf={pdf}
            fit={pageView.fit}
            zoom={pageView.zoom}
            handle={pageView.pages}
            onCurrentPage={pageView.onCurrentPage}
            onScale={pageView.onScale}
            onScrolled={pageView.onScrolled}
            onUserScroll={follow.browse}
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
