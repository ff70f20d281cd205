// A meeting's record (/meetings/<id>): what it was (time, place, chair, secretary, participants) and how it went —
// attendance, the agenda with its documents, the votes, the minutes with the signed PDF and where it was filed.
// A search hit in the minutes opens /meetings/<id>#minutes: the page scrolls there once loaded.
import { useEffect } from 'react';
import type { MeetingRecord } from '../../../../common/office.ts';
import { ClockIcon, PeopleIcon, PersonIcon, PlaceIcon } from '../../../app/icons.tsx';
import { Link, hrefFor } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../../i18n/format.ts';
import { meetingPath } from '../api.ts';
import { useServerEvent } from '../events.ts';
import { formatMeetingSpan } from '../dates.ts';
import { DownloadIcon, EditIcon } from '../icons.tsx';
import { LoadFailed, Loading, StateBadge } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import { AgencySignPanel } from './AgencySignPanel.tsx';
import { AgendaSection, AttendanceSection, MinutesSection, VotesSection } from './RecordSections.tsx';
import { RecordingsSection } from '../../recording/RecordingsSection.tsx';
import './history.css';

function Header({ record }: { record: MeetingRecord }) {
  const { t, locale } = useI18n();
  const meeting = record.meeting;
  const byRole = (role: 'chair' | 'secretary') =>
    meeting.participants
      .filter((p) => p.role === role)
      .map((p) => p.name)
      .join(', ');
  const points = meeting.participants.filter((p) => p.connectionPoint !== null).length;
  return (
    <section className="card record-header" aria-labelledby="record-title">
      <div className="record-header-top">
        <div className="meeting-card-tags">
          <span className="kind-tag">{t(`office.kind.${meeting.kind}`)}</span>
          <StateBadge state={meeting.state} startsAt={meeting.startsAt} />
        </div>
        <div className="record-actions">
          {meeting.canManage && meeting.state === 'scheduled' && (
            <Link to={hrefFor({ name: 'meetingEdit', id: meeting.id })} className="btn btn-secondary btn-small">
              <EditIcon size={16} />
              {t('home.edit')}
            </Link>
          )}
          {(meeting.state === 'scheduled' || meeting.state === 'live') && (
            <a className="btn btn-secondary btn-small" href={meetingPath(meeting.id, '/invitation.ics')} download>
              <DownloadIcon size={16} />
              {t('home.ics')}
            </a>
          )}
        </div>
      </div>
      <h1 id="record-title" className="meeting-title">
        {meeting.title}
      </h1>
      {meeting.cancelledAt && (
        <p className="record-cancelled" role="status">
          {t('record.cancelled', { time: formatMeetingTime(meeting.cancelledAt, locale) })}
        </p>
      )}
      <dl className="facts facts--inline">
        <div className="fact">
          <dt>
            <ClockIcon size={18} />
            {t('lobby.time')}
          </dt>
          <dd>{formatMeetingSpan(meeting.startsAt, meeting.endsAt, locale)}</dd>
        </div>
        <div className="fact">
          <dt>
            <PlaceIcon size={18} />
            {t('lobby.place')}
          </dt>
          <dd>{meeting.place}</dd>
        </div>
        <div className="fact">
          <dt>
            <PersonIcon size={18} />
            {t('role.chair')}
          </dt>
          <dd>{byRole('chair') || '—'}</dd>
        </div>
        <div className="fact">
          <dt>
            <PersonIcon size={18} />
            {t('role.secretary')}
          </dt>
          <dd>{byRole('secretary') || '—'}</dd>
        </div>
        <div className="fact">
          <dt>
            <PeopleIcon size={18} />
            {t('record.participants')}
          </dt>
          <dd>{t('record.participantCount', { count: meeting.participants.length, points })}</dd>
        </div>
      </dl>
    </section>
  );
}

export function RecordPage({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const record = useResource<MeetingRecord>(meetingPath(meetingId, '/record'));
  const loaded = record.state.data !== null;
  // The minutes change while the page is open (filing, a receiver's status): the server says so, the page reloads.
  useServerEvent('home', record.reload);

  useEffect(() => {
    if (!loaded) return;
    const anchor = decodeURIComponent(window.location.hash.slice(1));
    if (anchor) document.getElementById(anchor)?.scrollIntoView({ block: 'start' });
  }, [loaded]);

  const data = record.state.data;
  return (
    <div className="office-page" data-testid="record" data-meeting-id={meetingId}>
      <nav className="breadcrumb" aria-label={t('record.breadcrumb')}>
        <Link to={hrefFor({ name: 'history' })}>{t('nav.history')}</Link>
        <span aria-hidden="true">/</span>
        <span>{t('record.title')}</span>
      </nav>
      {record.state.status === 'failed' && <LoadFailed error={record.state.error} onRetry={record.reload} />}
      {data === null ? (
        record.state.status === 'loading' && <Loading />
      ) : (
        <div className="record">
          <Header record={data} />
          <div className="record-columns">
            <div className="record-main">
              <AgendaSection meeting={data.meeting} />
              <VotesSection votes={data.votes} />
            </div>
            <div className="record-side">
              <MinutesSection minutes={data.minutes} />
              {(data.minutes.state === 'signed' || data.minutes.state === 'filed') && (
                <AgencySignPanel meetingId={meetingId} title={data.meeting.title} />
              )}
              <RecordingsSection meetingId={meetingId} />
            </div>
          </div>
          <AttendanceSection attendance={data.attendance} />
        </div>
      )}
    </div>
  );
}
