// One account in the administration list, with what an administrator does to it: change the agency role or the
// unit, disable or enable it, set a new password (local accounts only: directory accounts keep the directory's).
import { useState, type FormEvent } from 'react';
import type { Account, AgencyRole, Unit } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { errorKey } from '../ui.tsx';
import { useAction } from '../useAction.ts';
import { MIN_PASSWORD, ROLE_OPTIONS, UnitOptions } from './NewAccountForm.tsx';

type Update = Partial<Pick<Account, 'agencyRole' | 'disabled' | 'unitCode'>> & { password?: string };

export function AccountRow({
  account,
  units,
  isSelf,
  onChanged,
}: {
  account: Account;
  units: Unit[];
  isSelf: boolean;
  onChanged(message: string): void;
}) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  // A disabled unit stays offered to the accounts already in it.
  const unitChoices = units.filter((unit) => !unit.disabled || unit.code === account.unitCode);

  const update = (change: Update, message: string): Promise<boolean> =>
    run(async () => {
      await api.post(`/api/admin/accounts/${encodeURIComponent(account.id)}`, change);
      onChanged(message);
    });

  const resetPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) return;
    if (await update({ password }, t('admin.account.passwordReset', { username: account.username }))) {
      setPassword('');
      setResetting(false);
    }
  };

  return (
    <tr data-testid="admin-account" data-username={account.username} data-disabled={account.disabled}>
      <td>
        <span className="cell-main">{account.displayName}</span>
        <span className="cell-sub mono">
          {account.username}
          {account.source === 'ldap' && <span className="source-tag">LDAP</span>}
        </span>
      </td>
      <td>
        <select
          className="select select--compact"
          aria-label={t('admin.account.role')}
          data-testid="admin-account-row-role"
          value={account.agencyRole}
          disabled={busy || isSelf}
          onChange={(event) => {
            const role = ROLE_OPTIONS.find((r) => r === event.target.value);
            if (role)
              void update(
                { agencyRole: role as AgencyRole },
                t('admin.account.roleChanged', { username: account.username }),
              );
          }}
        >
          {ROLE_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(`office.agencyRole.${option}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          className="select select--compact"
          aria-label={t('admin.account.unit')}
          data-testid="admin-account-row-unit"
          value={account.unitCode ?? ''}
          disabled={busy}
          onChange={(event) =>
            void update(
              { unitCode: event.target.value === '' ? null : event.target.value },
              t('admin.account.unitChanged', { username: account.username }),
            )
          }
        >
          <UnitOptions units={unitChoices} />
        </select>
      </td>
      <td>
        <span className={`status-pill${account.disabled ? ' status-pill--off' : ''}`}>
          {account.disabled ? t('admin.account.disabled') : t('admin.active')}
        </span>
      </td>
      <td className="cell-actions">
        {resetting ? (
          <form className="inline-form" onSubmit={resetPassword}>
            <input
              className="input input--small"
              type="password"
              autoComplete="new-password"
              data-testid="admin-account-new-password"
              aria-label={t('admin.account.newPassword')}
              placeholder={t('admin.account.newPassword')}
              value={password}
              maxLength={1024}
              autoFocus
              onChange={(event) => setPassword(event.target.value)}
            />
            <button
              type="submit"
              className="btn btn-primary btn-small"
              disabled={busy || password.length < MIN_PASSWORD}
              title={t('setup.passwordHint', { n: MIN_PASSWORD })}
            >
              {t('admin.account.setPassword')}
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setResetting(false)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : (
          <>
            {account.source === 'local' && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                data-testid="admin-account-reset"
                onClick={() => setResetting(true)}
                disabled={busy}
              >
                {t('admin.account.resetPassword')}
              </button>
            )}
            {!isSelf && (
              <button
                type="button"
                className={`btn btn-small ${account.disabled ? 'btn-secondary' : 'btn-danger-outline'}`}
                data-testid="admin-account-toggle"
                disabled={busy}
                onClick={() =>
                  void update(
                    { disabled: !account.disabled },
                    t(account.disabled ? 'admin.account.enabledNotice' : 'admin.account.disabledNotice', {
                      username: account.username,
                    }),
                  )
                }
              >
                {account.disabled ? t('admin.account.enable') : t('admin.account.disable')}
              </button>
            )}
          </>
        )}
        {error && (
          <p className="field-error" role="alert">
            {t(errorKey(error))}
            {error.code === 'invalid_message' && error.message ? ` (${error.message})` : ''}
          </p>
        )}
      </td>
    </tr>
  );
}
