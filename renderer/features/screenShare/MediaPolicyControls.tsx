// The chair's settings for this meeting's screens and recording: whether connection points may share, whether the
// secretary may record, whether the meeting may be recorded at all.
import type { MediaPolicy } from '../../../common/screenShare.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useAction, useBriefing } from '../meeting/briefing.tsx';

const SETTINGS: { key: keyof MediaPolicy; label: MessageKey; testId: string }[] = [
  { key: 'delegatesMayShare', label: 'policy.delegatesShare', testId: 'policy-delegates-share' },
  { key: 'secretaryMayRecord', label: 'policy.secretaryRecord', testId: 'policy-secretary-record' },
  { key: 'recordingAllowed', label: 'policy.recordingAllowed', testId: 'policy-recording-allowed' },
];

export function MediaPolicyControls() {
  const { t } = useI18n();
  const { recording } = useBriefing();
  const { policy } = useStore(recording);
  const act = useAction();
  return (
    <section className="panel-section">
      <h3 className="panel-heading">{t('policy.heading')}</h3>
      {SETTINGS.map((setting) => (
        <label key={setting.key} className="check">
          <input
            type="checkbox"
            data-testid={setting.testId}
            checked={policy[setting.key]}
            onChange={(e) => void act(() => recording.setPolicy({ [setting.key]: e.target.checked }))}
          />
          {t(setting.label)}
        </label>
      ))}
    </section>
  );
}
