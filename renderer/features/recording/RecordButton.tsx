// The control-bar button that starts and stops the recording, for the chair (and the secretary when the chair
// allows); nobody sees it in a meeting that may not be recorded.
import { mayControlRecording } from '../../../common/screenShare.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing } from '../meeting/briefing.tsx';
import { RecordIcon } from '../screenShare/shareIcons.tsx';
import { useState } from 'react';

export function RecordButton() {
  const { t } = useI18n();
  const { recording } = useBriefing();
  const view = useStore(recording);
  const act = useAction();
  const [busy, setBusy] = useState(false);
  if (!view.role || !mayControlRecording(view.role, view.policy)) return null;
  const active = view.state.active;
  const label = active ? t('recording.stop') : t('recording.start');
  const run = async () => {
    setBusy(true);
    await act(() => (active ? recording.stop() : recording.start()));
    setBusy(false);
  };
  return (
    <button
      type="button"
      className={`ctl${active ? ' ctl--recording' : ''}`}
      data-testid={active ? 'record-stop' : 'record-start'}
      aria-label={label}
      title={label}
      disabled={busy}
      onClick={() => void run()}
    >
      <span className="ctl-icon">
        <RecordIcon size={22} />
      </span>
      <span className="ctl-label">{label}</span>
    </button>
  );
}
