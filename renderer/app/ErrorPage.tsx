// Shown instead of the lobby when the invitation cannot be used (expired, invalid, unknown meeting) or when the
// server refuses the join for good.
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AppHeader } from './AppHeader.tsx';
import { LINK_ERRORS, errorMessageKey, errorPageTitleKey, type ClientErrorCode } from './clientErrors.ts';
import { LinkOffIcon } from './icons.tsx';

export function ErrorPage({ code, onRetry }: { code: ClientErrorCode; onRetry?: () => void }) {
  const { t } = useI18n();
  const linkProblem = LINK_ERRORS.includes(code);
  return (
    <div className="page">
      <AppHeader />
      <main className="page-center">
        <section className="notice-card" data-testid="error-page" data-code={code} role="alert">
          <div className="notice-icon notice-icon--error">
            <LinkOffIcon size={30} />
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
