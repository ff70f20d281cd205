// Which screen a signed-in route shows. Pages only an administrator or a scheduler may use say so to others
// instead of failing on the server's 403.
import { Link, type OfficeRoute } from '../../app/router.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AccountPage } from './account/AccountPage.tsx';
import { AdminPage } from './admin/AdminPage.tsx';
import { HistoryPage } from './history/HistoryPage.tsx';
import { RecordPage } from './history/RecordPage.tsx';
import { SearchPage } from './history/SearchPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { SchedulePage } from './schedule/SchedulePage.tsx';
import { useSession } from './session.tsx';

function Unavailable({ kind }: { kind: 'notFound' | 'forbidden' }) {
  const { t } = useI18n();
  return (
    <section className="office-status" data-testid={kind === 'notFound' ? 'not-found' : 'forbidden'}>
      <p className="office-status-title">{t(kind === 'notFound' ? 'office.notFound' : 'office.noPermission')}</p>
      <Link to="/" className="btn btn-secondary">
        {t('office.backHome')}
      </Link>
    </section>
  );
}

export function OfficePage({ route }: { route: OfficeRoute }) {
  const session = useSession();
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'meetingNew':
      return session.canSchedule ? <SchedulePage meetingId={null} /> : <Unavailable kind="forbidden" />;
    case 'meetingEdit':
      // Keyed: going from one meeting's form to another's starts a fresh form.
      return <SchedulePage key={route.id} meetingId={route.id} />;
    case 'record':
      return <RecordPage key={route.id} meetingId={route.id} />;
    case 'history':
      return <HistoryPage />;
    case 'search':
      return <SearchPage query={route.q} />;
    case 'admin':
      return session.isAdmin ? <AdminPage tab={route.tab} /> : <Unavailable kind="forbidden" />;
    case 'account':
      return <AccountPage />;
    case 'notFound':
      return <Unavailable kind="notFound" />;
  }
}
