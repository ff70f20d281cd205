// First-run setup at /setup?token=… (the one-time link the server prints on an empty data folder): the agency's
// name, code and parent body, and the first administrator. On success the server signs that administrator in.
import { useState, type FormEvent } from 'react';
import type { SessionInfo, SetupStatus } from '../../../../common/office.ts';
import { AppHeader } from '../../../app/AppHeader.tsx';
import { BuildingIcon, LinkOffIcon } from '../../../app/icons.tsx';
import { Link, navigate } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { ErrorText, Field, Loading, LoadFailed } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import { useAction } from '../useAction.ts';
import '../forms.css';
import '../office.css';
import './auth.css';

const MIN_PASSWORD = 10;

function Notice({ title, text, error }: { title: string; text: string; error?: boolean }) {
  const { t } = useI18n();
  return (
    <section className={`notice-card${error ? ' notice-card--error' : ''}`} data-testid="setup-notice">
      <div className={`notice-icon${error ? ' notice-icon--error' : ''}`}>
        {error ? <LinkOffIcon size={30} /> : <BuildingIcon size={30} />}
      </div>
      <h1 className="notice-title">{title}</h1>
      <p className="notice-text">{text}</p>
      {!error && (
        <Link to="/" className="btn btn-primary">
          {t('setup.toSignIn')}
        </Link>
      )}
    </section>
  );
}

function SetupForm({ token }: { token: string }) {
  const { t } = useI18n();
  const [agencyName, setAgencyName] = useState('');
  const [agencyCode, setAgencyCode] = useState('');
  const [parent, setParent] = useState('');
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState(() => t('setup.defaultDisplayName'));
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [email, setEmail] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useAction();

  const problems = {
    agencyName: agencyName.trim() === '' ? t('setup.err.agencyName') : null,
    username: username.trim().length < 3 ? t('setup.err.username') : null,
    displayName: displayName.trim() === '' ? t('setup.err.displayName') : null,
    password: password.length < MIN_PASSWORD ? t('setup.err.password', { n: MIN_PASSWORD }) : null,
  };
  const shown = (problem: string | null) => (tried ? problem : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (busy || Object.values(problems).some((problem) => problem !== null)) return;
    await run(
      async () => {
        await api.post<SessionInfo>(
          '/api/setup',
          {
            token,
            agency: { name: agencyName.trim(), code: agencyCode.trim(), parent: parent.trim() },
            admin: {
              username: username.trim(),
              displayName: displayName.trim(),
              password,
              ...(email.trim() ? { email: email.trim() } : {}),
            },
          },
          { expectUnauthorized: true },
        );
        navigate('/', { replace: true });
      },
      { stayBusy: true },
    );
  };

  return (
    <form className="card setup-card" onSubmit={submit} noValidate aria-labelledby="setup-title">
      <p className="eyebrow">{t('app.name')}</p>
      <h1 id="setup-title" className="card-title auth-title">
        {t('setup.title')}
      </h1>
      <p className="card-hint">{t('setup.hint')}</p>

      <h2 className="section-label">{t('setup.agency')}</h2>
      <Field
        id="setup-agency"
        label={t('setup.agencyName')}
        hint={t('setup.agencyNameHint')}
        error={shown(problems.agencyName)}
      >
        <input
          id="setup-agency"
          className="input"
          data-testid="setup-agency"
          value={agencyName}
          maxLength={200}
          autoFocus
          onChange={(event) => setAgencyName(event.target.value)}
        />
      </Field>
      <div className="form-row">
        <Field id="setup-agency-code" label={t('setup.agencyCode')} hint={t('setup.optional')}>
          <input
            id="setup-agency-code"
            className="input"
            data-testid="setup-agency-code"
            value={agencyCode}
            maxLength={40}
            onChange={(event) => setAgencyCode(event.target.value)}
          />
        </Field>
        <Field id="setup-parent" label={t('setup.parent')} hint={t('setup.optional')}>
          <input
            id="setup-parent"
            className="input"
            data-testid="setup-parent"
            value={parent}
            maxLength={200}
            onChange={(event) => setParent(event.target.value)}
          />
        </Field>
      </div>

      <div className="divider" />
      <h2 className="section-label">{t('setup.admin')}</h2>
      <div className="form-row">
        <Field id="setup-username" label={t('setup.username')} error={shown(problems.username)}>
          <input
            id="setup-username"
            className="input"
            data-testid="setup-username"
            value={username}
            maxLength={64}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(event) => setUsername(event.target.value)}
          />
        </Field>
        <Field id="setup-display-name" label={t('setup.displayName')} error={shown(problems.displayName)}>
          <input
            id="setup-display-name"
            className="input"
            data-testid="setup-display-name"
            value={displayName}
            maxLength={120}
            autoComplete="name"
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </Field>
      </div>
      <Field
        id="setup-password"
        label={t('setup.password')}
        hint={t('setup.passwordHint', { n: MIN_PASSWORD })}
        error={shown(problems.password)}
      >
        <div className="input-with-action">
          <input
            id="setup-password"
            className="input"
            data-testid="setup-password"
            type={showPassword ? 'text' : 'password'}
            value={password}
            maxLength={1024}
            autoComplete="new-password"
            onChange={(event) => setPassword(event.target.value)}
          />
          <button
            type="button"
            className="input-action"
            aria-pressed={showPassword}
            onClick={() => setShowPassword((shown) => !shown)}
          >
            {showPassword ? t('setup.hidePassword') : t('setup.showPassword')}
          </button>
        </div>
      </Field>
      <Field id="setup-email" label={t('setup.email')} hint={t('setup.optional')}>
        <input
          id="setup-email"
          className="input"
          data-testid="setup-email"
          type="email"
          value={email}
          maxLength={200}
          autoComplete="email"
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>

      {error &&
        (error.code === 'unauthorized' || error.code === 'forbidden' || error.code === 'token_invalid' ? (
          <p className="form-error" role="alert" data-testid="setup-error">
            {t('setup.badToken')}
          </p>
        ) : (
          <ErrorText error={error} testId="setup-error" />
        ))}
      <button type="submit" className="btn btn-primary btn-lg btn-block" data-testid="setup-submit" disabled={busy}>
        {busy && <span className="spinner spinner--small spinner--light" aria-hidden="true" />}
        {busy ? t('setup.submitting') : t('setup.submit')}
      </button>
    </form>
  );
}

export function SetupPage({ token }: { token: string | null }) {
  const { t } = useI18n();
  const status = useResource<SetupStatus>('/api/setup');
  let body;
  if (status.state.status === 'loading') body = <Loading />;
  else if (status.state.status === 'failed') body = <LoadFailed error={status.state.error} onRetry={status.reload} />;
  else if (!status.state.data.needsSetup) body = <Notice title={t('setup.done')} text={t('setup.doneHint')} />;
  else if (token === null) body = <Notice title={t('setup.noToken')} text={t('setup.noTokenHint')} error />;
  else body = <SetupForm token={token} />;
  return (
    <div className="page">
      <AppHeader />
      <main className="page-center auth-page">{body}</main>
    </div>
  );
}
