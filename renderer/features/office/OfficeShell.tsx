// The frame of every signed-in screen: the top bar (product and agency, the person, language, sign-out) and the
// navigation strip (my meetings, history, search, administration for administrators, scheduling for secretaries).
import { useState, type ReactNode } from 'react';
import { LanguageSwitch } from '../../app/AppHeader.tsx';
import { BrandMark, ExitIcon, PersonIcon } from '../../app/icons.tsx';
import { Link, hrefFor, type Route } from '../../app/router.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { PlusIcon } from './icons.tsx';
import { useSession } from './session.tsx';

interface NavItem {
  key: MessageKey;
  href: string;
  /** Route names under this item (a meeting's record is reached from the history). */
  covers: readonly Route['name'][];
}

function NavLink({ item, active }: { item: NavItem; active: boolean }) {
  const { t } = useI18n();
  return (
    <Link to={item.href} className="office-nav-link" aria-current={active ? 'page' : undefined}>
      {t(item.key)}
    </Link>
  );
}

export function OfficeShell({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const { user, agency } = session.info;

  const items: NavItem[] = [
    { key: 'nav.home', href: hrefFor({ name: 'home' }), covers: ['home'] },
    { key: 'nav.history', href: hrefFor({ name: 'history' }), covers: ['history', 'record'] },
    { key: 'nav.search', href: hrefFor({ name: 'search', q: '' }), covers: ['search'] },
  ];
  if (session.isAdmin)
    items.push({ key: 'nav.admin', href: hrefFor({ name: 'admin', tab: 'accounts' }), covers: ['admin'] });

  const signOut = () => {
    setSigningOut(true);
    void session.signOut().finally(() => setSigningOut(false));
  };

  return (
    <div className="page office">
      <header className="app-header office-header">
        <Link to="/" className="brand office-brand">
          <BrandMark size={34} />
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline" data-testid="agency-name">
              {agency.name}
            </span>
          </span>
        </Link>
        <div className="app-header-end">
          <Link
            to={hrefFor({ name: 'account' })}
            className="office-user"
            data-testid="account-link"
            aria-current={route.name === 'account' ? 'page' : undefined}
          >
            <PersonIcon size={18} />
            <span className="office-user-text">
              <span className="office-user-name" data-testid="user-name">
                {user.displayName}
              </span>
              <span className="office-user-role">
                {t(`office.agencyRole.${user.agencyRole}`)}
                {user.unitName ? ` · ${user.unitName}` : ''}
              </span>
            </span>
          </Link>
          <LanguageSwitch />
          <button
            type="button"
            className="office-signout"
            data-testid="signout"
            onClick={signOut}
            disabled={signingOut}
          >
            <ExitIcon size={17} />
            <span>{t('nav.signOut')}</span>
          </button>
        </div>
      </header>
      <nav className="office-nav" aria-label={t('nav.label')}>
        <div className="office-nav-inner">
          <div className="office-nav-links">
            {items.map((item) => (
              <NavLink key={item.key} item={item} active={item.covers.includes(route.name)} />
            ))}
          </div>
          {session.canSchedule && (
            <Link
              to={hrefFor({ name: 'meetingNew' })}
              className="btn btn-primary office-nav-schedule"
              data-testid="schedule-new"
              aria-current={route.name === 'meetingNew' ? 'page' : undefined}
            >
              <PlusIcon size={18} />
              {t('nav.schedule')}
            </Link>
          )}
        </div>
      </nav>
      <main className="office-main">{children}</main>
    </div>
  );
}
