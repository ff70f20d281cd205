// Beside the record: the meeting's automatic timeline (editors insert its events into the current part), the
// review comments, the attachments (the meeting's recordings: MinutesAttachments.tsx), and the history (versions to download, signatures, who did what when, co-editors).
import { useEffect, useEffectEvent, useState } from 'react';
import type * as Y from 'yjs';
import { insertTimelineEntry, isInserted, minutesRoot } from '../../../common/minutesDoc.ts';
import type { MinutesComment, MinutesView } from '../../../common/minutesView.ts';
import type { PeerInfo } from '../../../common/meetingInfo.ts';
import { useStore } from '../../app/store.ts';
import type { MinutesStore } from './minutesStore.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { minutesErrorText, type Translate } from './minutesErrors.ts';
import { MinutesAttachments } from './MinutesAttachments.tsx';

export type SideTab = 'timeline' | 'comments' | 'attachments' | 'history';

/** "09:15 23/11" in Vietnam time. */
function dateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3600_000).toISOString();
  return `${local.slice(11, 16)} ${local.slice(8, 10)}/${local.slice(5, 7)}`;
}

function Timeline({
  store,
  doc,
  t,
  canWrite,
  currentSectionId,
  onError,
}: {
  store: MinutesStore;
  doc: Y.Doc;
  t: Translate;
  canWrite: boolean;
  currentSectionId: string | null;
  onError(message: string): void;
}) {
  const { timeline } = useStore(store);
  const load = () => void store.loadTimeline().catch((e: unknown) => onError(minutesErrorText(t, e as Error)));
  // Loaded when the tab opens; "Làm mới" reloads.
  const loadOnOpen = useEffectEvent(load);
  useEffect(() => {
    if (canWrite) loadOnOpen();
  }, [canWrite]);
  if (!canWrite) return <p className="mn-empty">{t('minutes.timeline.editorsOnly')}</p>;
  const sectionFor = (agendaItemId: string | null) =>
    minutesRoot(doc)
      .sections.toArray()
      .find((s) => agendaItemId !== null && s.get('agendaItemId') === agendaItemId)
      ?.get('id') as string | undefined;
  return (
    <div className="mn-side-list" data-testid="minutes-timeline">
      <button type="button" className="btn btn-secondary btn-sm" onClick={load}>
        {t('minutes.timeline.refresh')}
      </button>
      {timeline?.length === 0 && <p className="mn-empty">{t('minutes.timeline.empty')}</p>}
      {timeline?.map((entry) => {
        const inserted = isInserted(doc, entry.id);
        return (
          <div key={entry.id} className={`mn-event mn-event--${entry.kind}`}>
            <span className="mn-event-text">{entry.text}</span>
            <button
              type="button"
              className="mn-link"
              disabled={inserted}
              onClick={() => insertTimelineEntry(doc, entry, sectionFor(entry.agendaItemId) ?? currentSectionId)}
            >
              {inserted ? t('minutes.timeline.inserted') : t('minutes.timeline.insert')}
            </button>
          </div>
        );
      })}
    </div>
  );
}

function Comments({
  store,
  view,
  t,
  canComment,
  canResolve,
  sectionId,
  sectionTitle,
  onError,
}: {
  store: MinutesStore;
  view: MinutesView;
  t: Translate;
  canComment: boolean;
  canResolve: boolean;
  sectionId: string | null;
  sectionTitle: (id: string | null) => string;
  onError(message: string): void;
}) {
  const [text, setText] = useState('');
  const open = view.state === 'draft' || view.state === 'review';
  const send = async () => {
    try {
      await store.comment(sectionId, text.trim());
      setText('');
    } catch (error) {
      onError(minutesErrorText(t, error as Error));
    }
  };
  const item = (c: MinutesComment) => (
    <div key={c.id} className={`mn-comment${c.resolvedAt ? ' mn-comment--resolved' : ''}`}>
      <div className="mn-comment-head">
        <strong>{c.authorName}</strong>
        <span className="mn-time">{dateTime(c.createdAt)}</span>
        <span className="mn-comment-where">{sectionTitle(c.sectionId)}</span>
      </div>
      <p>{c.text}</p>
      {c.resolvedAt ? (
        <span className="mn-muted">{t('minutes.comments.resolved')}</span>
      ) : (
        canResolve && (
          <button
            type="button"
            className="mn-link"
            onClick={() => void store.resolveComment(c.id).catch(() => undefined)}
          >
            {t('minutes.comments.resolve')}
          </button>
        )
      )}
    </div>
  );
  return (
    <div className="mn-side-list" data-testid="minutes-comments">
      {view.comments.length === 0 && <p className="mn-empty">{t('minutes.comments.empty')}</p>}
      {view.comments.map(item)}
      {canComment && open && (
        <div className="mn-comment-form">
          <textarea
            className="input mn-note"
            data-testid="minutes-comment-text"
            placeholder={t('minutes.comments.placeholder')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <button
            type="button"
            className="btn btn-primary btn-sm"
            data-testid="minutes-comment-send"
            disabled={text.trim() === ''}
            onClick={() => void send()}
          >
            {t('minutes.comments.send')}
          </button>
        </div>
      )}
      {!open && <p className="mn-empty">{t('minutes.comments.closed')}</p>}
    </div>
  );
}

function History({
  store,
  view,
  t,
  canManage,
  peers,
  onError,
}: {
  store: MinutesStore;
  view: MinutesView;
  t: Translate;
  canManage: boolean;
  peers: PeerInfo[];
  onError(message: string): void;
}) {
  // Guests never edit the minutes (the server refuses them): they are not offered.
  const candidates = peers.filter((p) => p.role !== 'secretary' && !p.guest);
  const toggle = (id: string, on: boolean) =>
    void store
      .setEditors(on ? [...view.coEditorIds, id] : view.coEditorIds.filter((e) => e !== id))
      .catch((e: unknown) => onError(minutesErrorText(t, e as Error)));
  return (
    <div className="mn-side-list" data-testid="minutes-history">
      <h4 className="mn-side-title">{t('minutes.history.versions')}</h4>
      {[...view.versions].reverse().map((v) => (
        <div key={v.version} className="mn-version">
          <span>
            <strong>{t('minutes.history.version', { n: v.version })}</strong> ·{' '}
            {t(`minutes.version.${v.action}` as MessageKey)}
          </span>
          <span className="mn-muted">
            {v.actorName} · {dateTime(v.createdAt)}
          </span>
          <button
            type="button"
            className="mn-link"
            onClick={() =>
              void store.export('pdf', v.version).catch((e: unknown) => onError(minutesErrorText(t, e as Error)))
            }
          >
            {t('minutes.history.download')}
          </button>
        </div>
      ))}
      <h4 className="mn-side-title">{t('minutes.action.sign')}</h4>
      {(['secretary', 'chair'] as const).map((role) => {
        const s = view.signatures.find((x) => x.role === role);
        return (
          <p key={role} className="mn-signature" data-signed={s ? 'true' : 'false'}>
            {s
              ? t('minutes.signedBy', { role: t(`minutes.role.${role}`), name: s.name, time: dateTime(s.signedAt) })
              : `${t(`minutes.role.${role}`)}: ${t('minutes.notSigned')}`}
          </p>
        );
      })}
      <h4 className="mn-side-title">{t('minutes.history.editors')}</h4>
      <p className="mn-muted">{t('minutes.history.editorsHint')}</p>
      {candidates.map((p) => (
        <label key={p.id} className="mn-check">
          <input
            type="checkbox"
            checked={view.coEditorIds.includes(p.id)}
            disabled={!canManage}
            onChange={(e) => toggle(p.id, e.currentTarget.checked)}
          />
          {p.name}
          {p.connectionPoint ? <span className="mn-muted"> — {p.connectionPoint}</span> : null}
        </label>
      ))}
    </div>
  );
}

export function SidePane(props: {
  store: MinutesStore;
  doc: Y.Doc;
  view: MinutesView;
  t: Translate;
  canWrite: boolean;
  canComment: boolean;
  canManage: boolean;
  currentSectionId: string | null;
  sectionTitle(id: string | null): string;
  peers: PeerInfo[];
  onError(message: string): void;
}) {
  const { t } = props;
  const [tab, setTab] = useState<SideTab>(
    props.view.state === 'review' ? 'comments' : props.canWrite ? 'timeline' : 'comments',
  );
  const open = props.view.comments.filter((c) => !c.resolvedAt).length;
  return (
    <aside className="mn-side">
      <div className="mn-tabs" role="tablist">
        {(['timeline', 'comments', 'attachments', 'history'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            className="mn-tab"
            aria-selected={tab === id}
            data-testid={`minutes-tab-${id}`}
            onClick={() => setTab(id)}
          >
            {t(`minutes.side.${id}`)}
            {id === 'comments' && open > 0 && <span className="tab-badge">{open}</span>}
          </button>
        ))}
      </div>
      <div className="mn-side-body">
        {tab === 'timeline' && (
          <Timeline
            store={props.store}
            doc={props.doc}
            t={t}
            canWrite={props.canWrite}
            currentSectionId={props.currentSectionId}
            onError={props.onError}
          />
        )}
        {tab === 'comments' && (
          <Comments
            store={props.store}
            view={props.view}
            t={t}
            canComment={props.canComment}
            canResolve={props.canManage}
            sectionId={props.currentSectionId}
            sectionTitle={props.sectionTitle}
            onError={props.onError}
          />
        )}
        {tab === 'attachments' && <MinutesAttachments onError={props.onError} />}
        {tab === 'history' && (
          <History
            store={props.store}
            view={props.view}
            t={t}
            canManage={props.canManage}
            peers={props.peers}
            onError={props.onError}
          />
        )}
      </div>
    </aside>
  );
}
