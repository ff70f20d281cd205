// Shown instead of the lobby when the invitation cannot be used (expired, invalid, unknown meeting) or when the
// server refuses the join for good.
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AppHeader } from './AppHeader.tsx';
import { LINK_ERRORS, errorMessageKey, errorPageTitleKey, type ClientErrorCode } from './clientErrors.ts';
import { ExitIcon, LinkOffIcon } from './icons.tsx';

export function ErrorPage({ code, onRetry }: { code: ClientErrorCode; onRetry?: () => void }) {
  const { t } = useI18n();
  const linkProblem = LINK_ERRORS.includes(code);
  const ended = code === 'meeting_ended' || code === 'removed';
  return (
    <div className="page">
      <AppHeader />
      <main className="page-center">
        <section
          className={`notice-card${ended ? '' : ' notice-card--error'}`}
          data-testid="error-page"
          data-code={code}
          role="alert"
        >
          <div className={`notice-icon${ended ? '' : ' notice-icon--error'}`}>
            {ended ? <ExitIcon size={30} /> : <LinkOffIcon size={30} />}
          </div>
          <h1 className="notice-title">{t(errorPageTitleKey(code))}</h1>
          {linkProblem ? (
            <p className="notice-text">{t('errorPage.help')}</p>
          ) : (
            <p className="notice-text">{t(errorMessageKey(code))}</p>
          )}
          {onRetry && (
            <button type="button" className="btn btn-secondary" onClick={onRetry}>
              {t('errorPage.retry')}
            </button>
          )}
        </section>
      </main>
    </div>
  );
}
