// How the meeting screen reaches the minutes: a "Biên bản" button in the control bar (with the record's state
// once known) that opens the minutes editor as a full view over the stage. MeetingView places the two elements.
import { useEffect, useState, type ReactNode } from 'react';
import type { MeetingRole } from '../../../common/roles.ts';
import { Svg } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import { MinutesStore } from './minutesStore.ts';
import { MinutesWorkspace } from './MinutesWorkspace.tsx';

const MinutesIcon = ({ size = 22 }: { size?: number }) => (
  <Svg size={size}>
    <path d="M6 3.5h8.5L19 8v12.5H6z" />
    <path d="M14 3.5V8h5M9 12h7M9 15h7M9 18h4.5" />
  </Svg>
);

export function useMinutesUi(
  session: MeetingSession,
  role: MeetingRole | null,
  currentAgendaItemId: string | null,
): { button: ReactNode; view: ReactNode } {
  const { t } = useI18n();
  const [store] = useState(() => new MinutesStore());
  const [open, setOpen] = useState(false);
  useEffect(() => store.attach(session), [store, session]);
  const { view } = useStore(store);

  const button = (
    <button
      type="button"
      className={`ctl${open ? ' ctl--active' : ''}`}
      data-testid="minutes-open"
      aria-pressed={open}
      onClick={() => setOpen((o) => !o)}
    >
      <span className="ctl-icon">
        <MinutesIcon />
        {view && view.state !== 'draft' && (
          <span className="ctl-badge ctl-badge--quiet mn-ctl-state" data-state={view.state} />
        )}
      </span>
      <span className="ctl-label">{t('minutes.open')}</span>
    </button>
  );
  const overlay =
    open && role ? (
      <MinutesWorkspace
        session={session}
        store={store}
        role={role}
        currentAgendaItemId={currentAgendaItemId}
        onClose={() => setOpen(false)}
      />
    ) : null;
  return { button, view: overlay };
}
