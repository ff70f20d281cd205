// For the agency's văn thư, on the home page: the meetings whose minutes the secretary and the chair have signed and
// that wait for the agency's signature (certificate and seal) before filing, each with a link to its record, where
// the văn thư signs. The server lists them only for the văn thư and lets them open these records.
import type { MeetingSummary } from '../../../../common/office.ts';
import { Link, hrefFor } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatMeetingSpan } from '../dates.ts';

export function AgencySigningQueue({ meetings }: { meetings: MeetingSummary[] }) {
  const { t, locale } = useI18n();
  if (meetings.length === 0) return null;
  return (
    <section className="office-section" aria-labelledby="home-agency-signing" data-testid="home-agency-signing">
      <h2 id="home-agency-signing" className="section-title">
        {t('home.agencySigning')}
        <span className="section-count">{meetings.length}</span>
      </h2>
      <p className="muted">{t('home.agencySigningHint')}</p>
      <ul className="agency-queue">
        {meetings.map((meeting) => (
          <li key={meeting.id} className="card agency-queue-item" data-meeting-id={meeting.id}>
            <div>
              <strong>{meeting.title}</strong>
              <div className="muted">{formatMeetingSpan(meeting.startsAt, meeting.endsAt, locale)}</div>
            </div>
            <Link to={hrefFor({ name: 'record', id: meeting.id })} className="btn btn-primary btn-small">
              {t('home.agencySign')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
