// Creating a local account: username, name, first password, agency role, unit and e-mail.
import { useState, type FormEvent } from 'react';
import type { Account, AgencyRole, Unit } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { ErrorText, Field } from '../ui.tsx';
import { useAction } from '../useAction.ts';

export const ROLE_OPTIONS: readonly AgencyRole[] = ['member', 'secretary', 'admin'];
export const MIN_PASSWORD = 10;

export function UnitOptions({ units }: { units: Unit[] }) {
  const { t } = useI18n();
  return (
    <>
      <option value="">{t('admin.account.noUnit')}</option>
      {units.map((unit) => (
        <option key={unit.code} value={unit.code}>
          {unit.name}
        </option>
      ))}
    </>
  );
}

export function NewAccountForm({ units, onCreated }: { units: Unit[]; onCreated(account: Account | null): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<AgencyRole>('member');
  const [unitCode, setUnitCode] = useState('');
  const [email, setEmail] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useAction();

  const problems = {
    username: username.trim().length < 3 ? t('admin.account.usernameRule') : null,
    displayName: displayName.trim() === '' ? t('admin.account.nameRequired') : null,
    password: password.length < MIN_PASSWORD ? t('setup.err.password', { n: MIN_PASSWORD }) : null,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (busy || Object.values(problems).some((problem) => problem !== null)) return;
    await run(async () => {
      const account = await api.post<Account | null>('/api/admin/accounts', {
        username: username.trim(),
        displayName: displayName.trim(),
        password,
        agencyRole: role,
        ...(unitCode ? { unitCode } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
      });
      setUsername('');
      setDisplayName('');
      setPassword('');
      setEmail('');
      setTried(false);
      onCreated(account ?? null);
    });
  };

  const shown = (problem: string | null) => (tried ? problem : null);
  return (
    <form className="card form-card admin-form" onSubmit={submit} noValidate data-testid="admin-account-form">
      <h2 className="form-card-title">{t('admin.account.new')}</h2>
      <div className="form-row form-row--3">
        <Field id="admin-account-username" label={t('admin.account.username')} error={shown(problems.username)}>
          <input
            id="admin-account-username"
            className="input"
            data-testid="admin-account-username"
            value={username}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setUsername(event.target.value)}
          />
        </Field>
        <Field id="admin-account-name" label={t('admin.account.name')} error={shown(problems.displayName)}>
          <input
            id="admin-account-name"
            className="input"
            data-testid="admin-account-name"
            value={displayName}
            maxLength={120}
            autoComplete="off"
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </Field>
        <Field
          id="admin-account-password"
          label={t('admin.account.password')}
          hint={t('setup.passwordHint', { n: MIN_PASSWORD })}
          error={shown(problems.password)}
        >
          <input
            id="admin-account-password"
            className="input"
            data-testid="admin-account-password"
            type="password"
            value={password}
            maxLength={1024}
            autoComplete="new-password"
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
      </div>
      <div className="form-row form-row--3">
        <Field id="admin-account-role" label={t('admin.account.role')}>
          <select
            id="admin-account-role"
            className="select"
            data-testid="admin-account-role"
            value={role}
            onChange={(event) => setRole(ROLE_OPTIONS.find((r) => r === event.target.value) ?? 'member')}
          >
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {t(`office.agencyRole.${option}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="admin-account-unit" label={t('admin.account.unit')}>
          <select
            id="admin-account-unit"
            className="select"
            data-testid="admin-account-unit"
            value={unitCode}
            onChange={(event) => setUnitCode(event.target.value)}
          >
            <UnitOptions units={units.filter((unit) => !unit.disabled)} />
          </select>
        </Field>
        <Field id="admin-account-email" label={t('admin.account.email')} hint={t('setup.optional')}>
          <input
            id="admin-account-email"
            className="input"
            data-testid="admin-account-email"
            type="email"
            value={email}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
      </div>
      {error && <ErrorText error={error} testId="admin-account-error" />}
      <div className="admin-form-actions">
        <button type="submit" className="btn btn-primary" data-testid="admin-account-save" disabled={busy}>
          {t('admin.account.save')}
        </button>
      </div>
    </form>
  );
}
