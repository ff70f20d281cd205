// Administration (/admin?tab=…): the agency's units and accounts, CSV import of both, the audit log and the agency's
// seal image. Tabs are part of the address, so a reload or a shared link opens the same one.
import type { Account, Unit } from '../../../../common/office.ts';
import { hrefFor, navigate, type AdminTab } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { PageHeading } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import { AccountsPanel } from './AccountsPanel.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { listOf } from './lists.ts';
import { SealPanel } from './SealPanel.tsx';
import { UnitsPanel } from './UnitsPanel.tsx';
import './admin.css';

const TABS: readonly AdminTab[] = ['accounts', 'units', 'import', 'audit', 'seal'];

export function AdminPage({ tab }: { tab: AdminTab }) {
  const { t } = useI18n();
  // Units and accounts are read by several tabs (an account's unit, the audit's actor): loaded once here.
  const units = useResource<unknown>('/api/admin/units');
  const accounts = useResource<unknown>('/api/admin/accounts');
  const unitList = listOf<Unit>(units.state.data, 'units');
  const accountList = listOf<Account>(accounts.state.data, 'accounts');

  return (
    <div className="office-page office-page--wide" data-testid="admin">
      <PageHeading eyebrow={t('nav.admin')} title={t('admin.title')} />
      <div className="tabs" role="tablist" aria-label={t('admin.title')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`admin-tab-${name}`}
            className="tab"
            data-testid={`admin-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="admin-panel"
            onClick={() => navigate(hrefFor({ name: 'admin', tab: name }), { replace: true })}
          >
            {t(`admin.tab.${name}`)}
          </button>
        ))}
      </div>
      <div id="admin-panel" role="tabpanel" aria-labelledby={`admin-tab-${tab}`} className="tab-panel">
        {tab === 'units' && <UnitsPanel resource={units} units={unitList} />}
        {tab === 'accounts' && <AccountsPanel resource={accounts} accounts={accountList} units={unitList} />}
        {tab === 'import' && (
          <ImportPanel
            onImported={() => {
              units.reload();
              accounts.reload();
            }}
          />
        )}
        {tab === 'audit' && <AuditPanel accounts={accountList} />}
        {tab === 'seal' && <SealPanel />}
      </div>
    </div>
  );
}
