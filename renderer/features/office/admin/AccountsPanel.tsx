// The agency's accounts: a searchable list with each account's actions, and the form to create one.
import { useRef, useState } from 'react';
import type { Account, Unit } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { PlusIcon } from '../icons.tsx';
import { useSession } from '../session.tsx';
import { foldForSearch } from '../text.ts';
import { Empty, LoadFailed, Loading, Notice } from '../ui.tsx';
import type { ResourceHandle } from '../useResource.ts';
import { AccountRow } from './AccountRow.tsx';
import { NewAccountForm } from './NewAccountForm.tsx';

export function AccountsPanel({
  resource,
  accounts,
  units,
}: {
  resource: ResourceHandle<unknown>;
  accounts: Account[];
  units: Unit[];
}) {
  const { t } = useI18n();
  const { info } = useSession();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const formRef = useRef<HTMLDivElement>(null);
  const needle = foldForSearch(filter.trim());
  const shown = accounts.filter(
    (account) =>
      needle === '' ||
      foldForSearch(`${account.displayName} ${account.username} ${account.email ?? ''}`).includes(needle),
  );

  const openForm = () => {
    setCreating(true);
    requestAnimationFrame(() => {
      formRef.current?.scrollIntoView({ block: 'nearest' });
      formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
    });
  };
  const changed = (message: string) => {
    setNotice(message);
    resource.reload();
  };

  return (
    <div className="admin-panel" data-testid="admin-accounts">
      <div className="panel-toolbar">
        <input
          className="input input--small panel-filter"
          type="search"
          placeholder={t('admin.account.filter')}
          aria-label={t('admin.account.filter')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <button type="button" className="btn btn-primary" data-testid="admin-account-new" onClick={openForm}>
          <PlusIcon size={17} />
          {t('admin.account.new')}
        </button>
      </div>
      {creating && (
        <div ref={formRef}>
          <NewAccountForm
            units={units}
            onCreated={(account) =>
              changed(account ? t('admin.account.created', { username: account.username }) : t('office.saved'))
            }
          />
        </div>
      )}
      {notice && <Notice testId="admin-notice">{notice}</Notice>}
      {resource.state.status === 'failed' && <LoadFailed error={resource.state.error} onRetry={resource.reload} />}
      {resource.state.status === 'loading' ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty>{t('admin.account.empty')}</Empty>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.account.name')}</th>
              <th scope="col">{t('admin.account.role')}</th>
              <th scope="col">{t('admin.account.unit')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                units={units}
                isSelf={account.id === info.user.id}
                onChanged={changed}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
