// Alerts for the chair and secretary when a connection point drops, comes back, leaves or its network turns poor:
// a short stack of notices under the header, each fading after a while (the board row stays highlighted longer).
import { useEffect } from 'react';
import { CloseIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useBriefing } from '../meeting/briefing.tsx';
import { shortPointName, type AlertItem } from './statusState.ts';

const VISIBLE_MS = 8000;
const SHOWN = 4;

function Alert({ alert }: { alert: AlertItem }) {
  const { t } = useI18n();
  const { status } = useBriefing();
  const onDismiss = () => status.dismiss(alert.id);
  useEffect(() => {
    const timer = setTimeout(() => status.dismiss(alert.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [status, alert.id]);
  const point = shortPointName(alert.connectionPoint);
  const who = point ? `${point} (${alert.name})` : alert.name;
  return (
    <div
      className={`status-alert status-alert--${alert.kind}`}
      data-testid="status-alert"
      data-kind={alert.kind}
      data-participant-id={alert.participantId}
      role="alert"
    >
      <span className="status-alert-mark" aria-hidden="true" />
      <span className="status-alert-text">
        <strong>{t(`alert.${alert.kind}`)}</strong>
        <span>{who}</span>
      </span>
      <button type="button" className="toast-close" aria-label={t('toast.dismiss')} onClick={onDismiss}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}

export function StatusAlerts() {
  const briefing = useBriefing();
  const view = useStore(briefing.status);
  const shown = view.alerts.slice(-SHOWN);
  if (shown.length === 0) return null;
  return (
    <div className="status-alerts" aria-live="assertive">
      {shown.map((alert) => (
        <Alert key={alert.id} alert={alert} />
      ))}
    </div>
  );
}
