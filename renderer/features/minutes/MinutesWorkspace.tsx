// The minutes editor as a full view over the meeting: the lifecycle bar, the parts of the record on the left, the
// part being written in the middle (an agenda item by default: the one under way), and the timeline, comments and
// history on the right. The content is the shared Yjs document; everyone reads it, the secretary and the invited
// co-editors write in it while it is a draft or under review.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { minutesRoot, addSection, type YRecord } from '../../../common/minutesDoc.ts';
import { followUpsOffered, refileOfferedTo } from '../../../common/minutesFiling.ts';
import { canEditMinutes, minutesActions } from '../../../common/minutesView.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { LifecycleBar } from './LifecycleBar.tsx';
import type { MinutesStore } from './minutesStore.ts';
import { ActionsPart, DecisionsPart, RecipientsPart } from './outcomeParts.tsx';
import { AttendancePart, ConclusionsPart, HeaderPart, SectionPart, type PartProps } from './parts.tsx';
import { roman } from '../../../common/minutes.ts';
import { SidePane } from './SidePane.tsx';
import { minutesErrorText } from './minutesErrors.ts';
import {
  setAwarenessField,
  settle,
  useDocVersion,
  useLocalAwareness,
  useMinutesDoc,
  useRemoteEditors,
  useSyncStatus,
} from './useMinutesDoc.ts';
import './minutes.css';
import './minutesBody.css';
import './minutesSide.css';
import './filing.css';

type Part =
  | { kind: 'header' | 'attendance' | 'conclusions' | 'decisions' | 'actions' | 'recipients' }
  | { kind: 'section'; id: string };

const FIXED_BEFORE = ['header', 'attendance'] as const;
const FIXED_AFTER = ['conclusions', 'decisions', 'actions', 'recipients'] as const;

const str = (map: YRecord | undefined, key: string) => {
  const v = map?.get(key);
  return typeof v === 'string' ? v : '';
};

export function MinutesWorkspace({
  session,
  store,
  role,
  currentAgendaItemId,
  onClose,
}: {
  session: MeetingSession;
  store: MinutesStore;
  role: MeetingRole;
  currentAgendaItemId: string | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const meeting = useSyncExternalStore(session.subscribe, session.getState);
  const self = meeting.self;
  const { view } = useStore(store);
  const [generation, setGeneration] = useState(0);
  const sync = useMinutesDoc(session, generation);
  const status = useSyncStatus(sync);
  useDocVersion(sync);
  const others = useRemoteEditors(sync);
  useLocalAwareness(sync, self ? { id: self.id, name: self.name } : null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Part | null>(null);

  useEffect(() => {
    store.open().catch((e: unknown) => setError(minutesErrorText(t, e as Error)));
  }, [store, t]);

  const editable = view ? view.state === 'draft' || view.state === 'review' : true;
  const wasEditable = useRef(editable);
  useEffect(() => {
    // Locked: start again from the server's copy, so that nothing it refused stays on screen.
    if (wasEditable.current && !editable) setGeneration((g) => g + 1);
    wasEditable.current = editable;
  }, [editable]);
  useEffect(
    () =>
      sync?.on('error', (e) => {
        setError(minutesErrorText(t, e as Error));
        setGeneration((g) => g + 1);
      }),
    [sync, t],
  );

  const onFocusField = useCallback((field: string | null) => setAwarenessField(sync, field), [sync]);

  if (!view || !sync || !self) {
    return (
      <div className="minutes-overlay" data-testid="minutes-view" data-loading="true">
        <div className="mn-loading" role="status">
          <span className="spinner spinner--dark" aria-hidden="true" />
          {t('minutes.loading')}
        </div>
      </div>
    );
  }

  const doc = sync.doc;
  const sections = minutesRoot(doc).sections.toArray();
  const me = { id: self.id, role };
  const canWrite = canEditMinutes(view, me);
  const readOnly = !canWrite;
  const actions = minutesActions(view, me);
  const current: Part =
    selected && (selected.kind !== 'section' || sections.some((s) => str(s, 'id') === selected.id))
      ? selected
      : (() => {
          const live = sections.find((s) => currentAgendaItemId && str(s, 'agendaItemId') === currentAgendaItemId);
          const first = live ?? sections[0];
          return first ? { kind: 'section' as const, id: str(first, 'id') } : { kind: 'header' as const };
        })();
  const currentSectionId = current.kind === 'section' ? current.id : null;
  const sectionTitle = (id: string | null) => {
    if (!id) return t('minutes.comments.whole');
    const index = sections.findIndex((s) => str(s, 'id') === id);
    return index >= 0 ? `${roman(index + 1)}. ${str(sections[index], 'title')}` : '';
  };
  const partProps: PartProps = { doc, t, readOnly, editors: others, onFocusField };
  const seeded = doc.getMap('meta').get('version') !== undefined;
  const editingNames = others.map((o) => o.user.name);
  const whereOthers = (part: Part) =>
    others.filter((o) => {
      if (!o.field) return false;
      if (part.kind === 'section') return o.field.startsWith(`section.${part.id}.`);
      return o.field.startsWith(part.kind === 'header' ? 'header.' : part.kind);
    });

  const navItem = (part: Part, label: string, key: string) => {
    const active =
      current.kind === part.kind && (part.kind !== 'section' || (current.kind === 'section' && current.id === part.id));
    const here = whereOthers(part);
    return (
      <button
        key={key}
        type="button"
        className={`mn-nav-item${active ? ' mn-nav-item--active' : ''}`}
        aria-current={active ? 'true' : undefined}
        data-testid={`minutes-nav-${key}`}
        onClick={() => setSelected(part)}
      >
        <span className="mn-nav-label">{label}</span>
        {here.map((o) => (
          <span key={o.user.peerId} className="mn-dot" style={{ background: o.user.color }} title={o.user.name} />
        ))}
      </button>
    );
  };

  let body;
  if (!seeded) {
    body = (
      <div className="mn-loading" role="status">
        <span className="spinner spinner--dark" aria-hidden="true" />
        {t('minutes.loading')}
      </div>
    );
  } else if (current.kind === 'section') {
    const index = sections.findIndex((s) => str(s, 'id') === current.id);
    body = <SectionPart {...partProps} section={sections[index]!} index={index} key={current.id} />;
  } else if (current.kind === 'header') body = <HeaderPart {...partProps} />;
  else if (current.kind === 'attendance')
    body = (
      <AttendancePart
        {...partProps}
        onRefresh={() =>
          void store.refreshAttendance().catch((e: unknown) => setError(minutesErrorText(t, e as Error)))
        }
      />
    );
  else if (current.kind === 'conclusions') body = <ConclusionsPart {...partProps} />;
  else if (current.kind === 'decisions') body = <DecisionsPart {...partProps} sections={sections} />;
  else if (current.kind === 'actions') body = <ActionsPart {...partProps} />;
  else body = <RecipientsPart {...partProps} />;

  return (
    <div className="minutes-overlay" data-testid="minutes-view" data-state={view.state} data-sync={status}>
      <div className="mn-top">
        <div className="mn-top-title">
          <h1>{t('minutes.title')}</h1>
          <span className={`mn-sync mn-sync--${status}`} data-testid="minutes-sync">
            {t(`minutes.sync.${status}` as MessageKey)}
          </span>
          {editingNames.length > 0 && (
            <span className="mn-muted">{t('minutes.editing', { names: editingNames.join(', ') })}</span>
          )}
        </div>
        <button type="button" className="btn btn-secondary btn-sm" data-testid="minutes-close" onClick={onClose}>
          {t('minutes.close')}
        </button>
      </div>
      <LifecycleBar
        store={store}
        t={t}
        actions={actions}
        canRefile={refileOfferedTo(role, view.filing)}
        canFollowUp={followUpsOffered(role, view.filing)}
        canSign={role === 'chair' || role === 'secretary'}
        beforeStep={() => settle(sync)}
        onError={setError}
        numberHint={str(minutesRoot(doc).header as unknown as YRecord, 'number')}
      />
      {error && (
        <div className="mn-error" role="alert" data-testid="minutes-error">
          <span>{error}</span>
          <button type="button" className="mn-link" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
      {readOnly && <div className="mn-note-bar">{editable ? t('minutes.notEditor') : t('minutes.locked')}</div>}
      <div className="mn-body">
        <nav className="mn-nav" aria-label={t('minutes.title')}>
          {FIXED_BEFORE.map((kind) => navItem({ kind }, t(`minutes.nav.${kind}`), kind))}
          {sections.map((s, i) =>
            navItem({ kind: 'section', id: str(s, 'id') }, `${roman(i + 1)}. ${str(s, 'title')}`, `section-${i + 1}`),
          )}
          {canWrite && (
            <button
              type="button"
              className="mn-nav-add"
              onClick={() => setSelected({ kind: 'section', id: addSection(doc, t('minutes.newSection')) })}
            >
              + {t('minutes.addSection')}
            </button>
          )}
          {FIXED_AFTER.map((kind) => navItem({ kind }, t(`minutes.nav.${kind}`), kind))}
        </nav>
        <main className="mn-main">{body}</main>
        <SidePane
          store={store}
          doc={doc}
          view={view}
          t={t}
          canWrite={canWrite}
          canComment={role !== 'guest'}
          canManage={role === 'secretary'}
          currentSectionId={currentSectionId}
          sectionTitle={sectionTitle}
          peers={meeting.peers}
          onError={setError}
        />
      </div>
    </div>
  );
}
