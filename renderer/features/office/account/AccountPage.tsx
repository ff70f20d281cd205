// My account (/account): who I am in the agency, changing my password (local accounts; it ends my other
// sessions), and signing out everywhere (every session of the account, this one included).
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';
import { ErrorText, Field, Notice, PageHeading } from '../ui.tsx';
import { useAction } from '../useAction.ts';
import '../admin/admin.css';

const MIN_PASSWORD = 10;

function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useAction();
  const [done, setDone] = useState(false);
  const problems = {
    current: current === '' ? t('account.err.current') : null,
    next: next.length < MIN_PASSWORD ? t('setup.err.password', { n: MIN_PASSWORD }) : null,
    confirm: confirm !== next ? t('account.err.mismatch') : null,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setDone(false);
    if (busy || Object.values(problems).some((problem) => problem !== null)) return;
    await run(async () => {
      // A wrong current password is an answer, not the end of this session.
      await api.post('/api/me/password', { current, next }, { expectUnauthorized: true });
      setCurrent('');
      setNext('');
      setConfirm('');
      setTried(false);
      setDone(true);
    });
  };

  const shown = (problem: string | null) => (tried ? problem : null);
  const wrongCurrent = error && (error.code === 'unauthorized' || error.code === 'forbidden');
  return (
    <form className="card form-card account-card" onSubmit={submit} noValidate data-testid="account-password-form">
      <h2 className="form-card-title">{t('account.password')}</h2>
      <Field id="account-current" label={t('account.current')} error={shown(problems.current)}>
        <input
          id="account-current"
          className="input"
          type="password"
          data-testid="account-current-password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
      </Field>
      <Field
        id="account-next"
        label={t('account.next')}
        hint={t('setup.passwordHint', { n: MIN_PASSWORD })}
        error={shown(problems.next)}
      >
        <input
          id="account-next"
          className="input"
          type="password"
          data-testid="account-new-password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
      </Field>
      <Field id="account-confirm" label={t('account.confirm')} error={shown(problems.confirm)}>
        <input
          id="account-confirm"
          className="input"
          type="password"
          data-testid="account-confirm-password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
      </Field>
      {wrongCurrent ? (
        <p className="field-error" role="alert" data-testid="account-password-error">
          {t('account.wrongCurrent')}
        </p>
      ) : (
        error && <ErrorText error={error} testId="account-password-error" />
      )}
      {done && <Notice testId="account-password-changed">{t('account.changed')}</Notice>}
      <div className="admin-form-actions">
        <button type="submit" className="btn btn-primary" data-testid="account-password-save" disabled={busy}>
          {t('account.change')}
        </button>
      </div>
    </form>
  );
}

export function AccountPage() {
  const { t } = useI18n();
  const session = useSession();
  const { user } = session.info;
  const { busy, error, run } = useAction();

  const signOutAll = () =>
    run(
      async () => {
        await api.post('/api/logout-all', {}, { expectUnauthorized: true });
        session.ended();
      },
      { stayBusy: true },
    );

  return (
    <div className="office-page" data-testid="account">
      <PageHeading title={t('account.title')} />
      <div className="account-grid">
        <section className="card form-card account-card">
          <h2 className="form-card-title">{t('account.profile')}</h2>
          <dl className="record-facts">
            <div>
              <dt>{t('setup.displayName')}</dt>
              <dd>{user.displayName}</dd>
            </div>
            <div>
              <dt>{t('setup.username')}</dt>
              <dd className="mono">{user.username}</dd>
            </div>
            <div>
              <dt>{t('admin.account.role')}</dt>
              <dd>{t(`office.agencyRole.${user.agencyRole}`)}</dd>
            </div>
            <div>
              <dt>{t('admin.account.unit')}</dt>
              <dd>{user.unitName ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('admin.account.email')}</dt>
              <dd>{user.email ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('account.agency')}</dt>
              <dd>{session.info.agency.name}</dd>
            </div>
          </dl>
        </section>
        {user.source === 'ldap' ? (
          <section className="card form-card account-card">
            <h2 className="form-card-title">{t('account.password')}</h2>
            <p className="card-hint">{t('account.ldap')}</p>
          </section>
        ) : (
          <PasswordForm />
        )}
        <section className="card form-card account-card">
          <h2 className="form-card-title">{t('account.sessions')}</h2>
          <p className="card-hint">{t('account.signOutAllHint')}</p>
          {error && <ErrorText error={error} />}
          <div className="admin-form-actions">
            <button
              type="button"
              className="btn btn-danger-outline"
              data-testid="account-signout-all"
              onClick={signOutAll}
              disabled={busy}
            >
              {t('account.signOutAll')}
            </button>
          </div>
        </section>
      </div>
    </div>
  );
}
