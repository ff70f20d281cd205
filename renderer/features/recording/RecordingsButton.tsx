// In the room: a control-bar button that opens the meeting's recordings (shown once there is one), to watch a
// finished one with its chapters; the chair may delete one.
import { useState } from 'react';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { RecordIcon } from '../screenShare/shareIcons.tsx';
import { RecordingList } from './RecordingList.tsx';

export function RecordingsButton() {
  const { t } = useI18n();
  const { recording } = useBriefing();
  const { recordings } = useStore(recording);
  const permissions = usePermissions();
  const act = useAction();
  const [open, setOpen] = useState(false);
  if (!permissions.can('recording.view') || recordings.length === 0) return null;
  return (
    <span className="recordings-anchor">
      <button
        type="button"
        className="ctl"
        data-testid="recordings-open"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span className="ctl-icon">
          <RecordIcon size={22} />
        </span>
        <span className="ctl-label">{t('recording.list')}</span>
      </button>
      {open && (
        <div className="recordings-popover" role="dialog" aria-label={t('recording.list')}>
          <RecordingList
            recordings={recordings}
            urlOf={(r) => recording.url(r.id)}
            onDelete={permissions.can('recording.delete') ? (r) => act(() => recording.delete(r.id)) : undefined}
          />
        </div>
      )}
    </span>
  );
}
