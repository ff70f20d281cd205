// For the chair: who asks to present a screen while someone else does, with "Cho phép" (the share moves to them)
// and "Từ chối". Shown over the stage while there are requests.
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';

export function ShareRequests() {
  const { t } = useI18n();
  const { sharing } = useBriefing();
  const view = useStore(sharing);
  const permissions = usePermissions();
  const act = useAction();
  if (!permissions.can('screen.control') || view.share.waiting.length === 0) return null;
  return (
    <aside className="share-requests" aria-label={t('share.requests')}>
      <h3 className="share-requests-heading">{t('share.requests')}</h3>
      <ul>
        {view.share.waiting.map((request) => (
          <li
            key={request.peerId}
            className="share-request"
            data-testid="screen-share-request"
            data-peer-id={request.peerId}
          >
            <span>
              {t('share.requestFrom', {
                name: request.connectionPoint ? `${request.name} (${request.connectionPoint})` : request.name,
              })}
            </span>
            <span className="share-request-actions">
              <button
                type="button"
                className="btn btn-sm"
                data-testid="screen-share-decline"
                onClick={() => void act(() => sharing.answer(request.peerId, false))}
              >
                {t('share.decline')}
              </button>
              <button
                type="button"
                className="btn btn-primary btn-sm"
                data-testid="screen-share-allow"
                onClick={() => void act(() => sharing.answer(request.peerId, true))}
              >
                {t('share.allow')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
