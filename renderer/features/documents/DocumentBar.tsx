// The stage's top bar: the agenda documents to choose from, uploading one (chair and secretary), who presents,
// following the presenter again after browsing, and taking, handing over or stopping the presentation (for those
// who may assign the presenter). The hand-over list follows the participants as they come and go.
import { useState, useSyncExternalStore } from 'react';
import type { DocumentInfo } from '../../../common/documents.ts';
import type { AgendaItem } from '../../../common/meeting.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import type { DocumentsView } from './documentsStore.ts';
import { uploadDocument } from './uploadDocument.ts';
import type { PresenterFollow } from './usePresenterFollow.ts';

function HandOver({ session }: { session: MeetingSession }) {
  const { t } = useI18n();
  const peers = useSyncExternalStore(session.subscribe, () => session.getState().peers);
  return (
    <select
      className="doc-select doc-select--small"
      aria-label={t('documents.handOver')}
      data-testid="hand-over"
      value=""
      onChange={(e) => e.target.value && void session.request('setPresenter', { peerId: e.target.value })}
    >
      <option value="">{t('documents.handOver')}…</option>
      {peers.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}

export function DocumentBar({
  session,
  view,
  agenda,
  currentIndex,
  follow,
  canManage,
  canAssign,
}: {
  session: MeetingSession;
  view: DocumentsView;
  agenda: AgendaItem[];
  currentIndex: number | null;
  follow: PresenterFollow;
  canManage: boolean;
  canAssign: boolean;
}) {
  const { t } = useI18n();
  const { documents, presenter, selfId } = view;
  const { shown, isPresenter, presenterView, followsNow } = follow;
  const [uploadState, setUploadState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const upload = async (file: File) => {
    const item = agenda[currentIndex ?? 0] ?? agenda[0];
    if (!item) return;
    setUploadState({ busy: true, error: null });
    const result = await uploadDocument(session.inviteToken, item.id, file, view.limits);
    setUploadState({ busy: false, error: result.ok ? null : `${t('documents.uploadFailed')}: ${result.message}` });
    if (result.ok) follow.show(result.document.id);
  };
  const following = t('documents.following', { name: presenter?.presenterName ?? '' });
  const title = (d: DocumentInfo) => (agenda.find((a) => a.id === d.agendaItemId)?.title ?? '') + ' — ' + d.title;

  return (
    <>
      <div className="doc-bar">
        <select
          className="doc-select"
          aria-label={t('documents.documents')}
          value={shown?.id ?? ''}
          onChange={(e) => follow.choose(e.target.value)}
        >
          {documents.length === 0 && <option value="">{t('documents.noDocuments')}</option>}
          {documents.map((d) => (
            <option key={d.id} value={d.id}>
              {title(d)}
            </option>
          ))}
        </select>
        {canManage && (
          <label className="doc-btn doc-upload" data-testid="document-upload">
            {uploadState.busy ? t('documents.uploading') : t('documents.upload')}
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
          {presenter?.presenterName
            ? t('documents.presenter', { name: presenter.presenterName })
            : t('documents.noPresenter')}
        </span>
        {!isPresenter && presenterView && (
          <button
            type="button"
            className={`doc-btn${followsNow ? ' doc-btn--on' : ''}`}
            data-testid="follow-presenter"
            aria-pressed={followsNow}
            onClick={follow.follow}
            title={followsNow ? following : t('documents.browsing')}
          >
            {followsNow ? following : t('documents.follow')}
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
                {t('documents.takePresenter')}
              </button>
            ) : (
              <button
                type="button"
                className="doc-btn"
                data-testid="stop-presenting"
                onClick={() => void session.request('setPresenter', { peerId: null })}
              >
                {t('documents.stopPresenting')}
              </button>
            )}
            <HandOver session={session} />
          </>
        )}
      </div>
      {uploadState.error && (
        <div className="doc-error" role="alert" data-testid="upload-error">
          {uploadState.error}
        </div>
      )}
    </>
  );
}
