// The sign-in page: username and password against POST /api/login (the session cookie is HttpOnly; this page
// only gets the SessionInfo back). Wrong credentials, a lockout after repeated failures (with how long to wait)
// and a disabled account each get their own message.
import { useState, type FormEvent } from 'react';
import type { AgencyInfo, SessionInfo } from '../../../../common/office.ts';
import { AppHeader } from '../../../app/AppHeader.tsx';
import { AlertIcon } from '../../../app/icons.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { inShell, rememberSession } from '../shellSession.ts';
import { api, type ApiError } from '../api.ts';
import { errorKey } from '../ui.tsx';
import { useAction } from '../useAction.ts';
import { useWaitText } from './waitText.ts';
import '../forms.css';
import './auth.css';

export function SignInPage({
  needsSetup,
  agency,
  expired,
  onSignedIn,
}: {
  needsSetup: boolean;
  agency: AgencyInfo | null;
  expired: boolean;
  onSignedIn(info: SessionInfo): void;
}) {
  const { t } = useI18n();
  const waitText = useWaitText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    // Nothing to send yet: the cursor goes where something is missing.
    const missing = username.trim() === '' ? 'signin-username' : password === '' ? 'signin-password' : null;
    if (missing) return document.getElementById(missing)?.focus();
    const signedIn = await run(
      async () => {
        const info = await api.post<SessionInfo & { token?: string }>(
          '/api/login',
          { username: username.trim(), password, ...(inShell() ? { bearer: true } : {}) },
          { expectUnauthorized: true },
        );
        await rememberSession(info.token);
        const { token: _kept, ...session } = info;
        onSignedIn(session);
      },
      { stayBusy: true },
    );
    if (!signedIn) setPassword('');
  };

  const message = (e: ApiError): string => {
    switch (e.code) {
      case 'unauthorized':
        return t('signin.wrong');
      case 'rate_limited':
        return e.retryAfter !== null ? t('signin.locked', { wait: waitText(e.retryAfter) }) : t('signin.lockedNoWait');
      case 'forbidden':
        return t('signin.disabled');
      default:
        return t(errorKey(e));
    }
  };

  return (
    <div className="page">
      <AppHeader />
      <main className="page-center auth-page">
        {needsSetup && (
          <section className="auth-banner" role="status" data-testid="signin-needs-setup">
            <strong>{t('signin.needsSetup')}</strong>
            <span>{t('signin.needsSetupHint')}</span>
          </section>
        )}
        <form className="card auth-card" onSubmit={submit} noValidate aria-labelledby="signin-title">
          <p className="eyebrow" data-testid="signin-agency">
            {agency?.name || t('app.tagline')}
          </p>
          <h1 id="signin-title" className="card-title auth-title">
            {t('signin.title')}
          </h1>
          <p className="card-hint">{t('signin.hint')}</p>
          {expired && !error && <p className="auth-note">{t('signin.expired')}</p>}
          <div className="field">
            <label className="field-label" htmlFor="signin-username">
              {t('signin.username')}
            </label>
            <input
              id="signin-username"
              className="input"
              data-testid="signin-username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              value={username}
              maxLength={64}
              onChange={(event) => setUsername(event.target.value)}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="signin-password">
              {t('signin.password')}
            </label>
            <input
              id="signin-password"
              className="input"
              data-testid="signin-password"
              type="password"
              autoComplete="current-password"
              value={password}
              maxLength={1024}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {error && (
            <div className="form-error" role="alert" data-testid="signin-error" data-code={error.code}>
              <AlertIcon size={18} />
              <p>{message(error)}</p>
            </div>
          )}
          <button
            type="submit"
            className="btn btn-primary btn-lg btn-block"
            data-testid="signin-submit"
            disabled={busy}
          >
            {busy && <span className="spinner spinner--small spinner--light" aria-hidden="true" />}
            {busy ? t('signin.submitting') : t('signin.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
