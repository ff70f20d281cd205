// "Cuộc họp của tôi": today's and upcoming meetings first (live ones stand out), then past ones; for the agency's văn
// thư, above them, the records awaiting the agency's signature. The page reloads whenever the server says over
// /api/events that one of my meetings changed.
import type { HomePage as HomeData } from '../../../../common/office.ts';
import { Link, hrefFor } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatDate } from '../../../i18n/format.ts';
import { useServerEvent } from '../events.ts';
import { useSession } from '../session.tsx';
import { Empty, LoadFailed, Loading, PageHeading } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import { AgencySigningQueue } from './AgencySigningQueue.tsx';
import { MeetingCard } from './MeetingCard.tsx';
import './home.css';

/** Past meetings shown here; the rest are in the history. */
const PAST_SHOWN = 10;

export function HomePage() {
  const { t, locale } = useI18n();
  const { info } = useSession();
  const home = useResource<HomeData>('/api/home');
  useServerEvent('home', home.reload);
  const data = home.state.data;

  return (
    <div className="office-page" data-testid="home">
      <PageHeading
        eyebrow={formatDate(new Date(), locale)}
        title={t('home.title')}
        actions={<span className="page-heading-note">{t('home.greeting', { name: info.user.displayName })}</span>}
      />
      {home.state.status === 'failed' && <LoadFailed error={home.state.error} onRetry={home.reload} />}
      {data === null ? (
        home.state.status === 'loading' && <Loading />
      ) : (
        <>
          <AgencySigningQueue meetings={data.agencySigning ?? []} />
          <section className="office-section" aria-labelledby="home-upcoming">
            <h2 id="home-upcoming" className="section-title">
              {t('home.upcoming')}
              <span className="section-count">{data.upcoming.length}</span>
            </h2>
            {data.upcoming.length === 0 ? (
              <Empty>{t('home.emptyUpcoming')}</Empty>
            ) : (
              <div className="meeting-list" data-testid="home-upcoming">
                {data.upcoming.map((meeting) => (
                  <MeetingCard key={meeting.id} meeting={meeting} />
                ))}
              </div>
            )}
          </section>
          <section className="office-section" aria-labelledby="home-past">
            <h2 id="home-past" className="section-title">
              {t('home.past')}
              {data.past.length > PAST_SHOWN && (
                <Link to={hrefFor({ name: 'history' })} className="section-link">
                  {t('home.allHistory')}
                </Link>
              )}
            </h2>
            {data.past.length === 0 ? (
              <Empty>{t('home.emptyPast')}</Empty>
            ) : (
              <div className="meeting-list" data-testid="home-past">
                {data.past.slice(0, PAST_SHOWN).map((meeting) => (
                  <MeetingCard key={meeting.id} meeting={meeting} />
                ))}
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
