// One meeting on the home page: when and where, my part in it, its state, and what I can do — join (an invitation
// for my seat, then the usual lobby), edit it if I manage it, download the calendar entry, open its record.
import { useState } from 'react';
import type { JoinLink, MeetingSummary } from '../../../../common/office.ts';
import { ClockIcon, PeopleIcon, PlaceIcon } from '../../../app/icons.tsx';
import { Link, hrefFor } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api, meetingPath, type ApiError } from '../api.ts';
import { formatMeetingSpan, isoToInput, monthLabel } from '../dates.ts';
import { DownloadIcon, EditIcon, EnterIcon, FileIcon } from '../icons.tsx';
import { ErrorText, MinutesBadge, StateBadge } from '../ui.tsx';
import { toApiError } from '../useResource.ts';

function DateBlock({ startsAt }: { startsAt: string }) {
  const { locale } = useI18n();
  const day = isoToInput(startsAt); // "2026-12-07T08:30" in the agency's zone
  return (
    <div className="date-block" aria-hidden="true">
      <span className="date-block-month">{monthLabel(Number(day.slice(5, 7)), locale)}</span>
      <span className="date-block-day">{day.slice(8, 10)}</span>
      <span className="date-block-time">{day.slice(11, 16)}</span>
    </div>
  );
}

function JoinButton({ meeting, onError }: { meeting: MeetingSummary; onError(error: ApiError | null): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const join = async () => {
    setBusy(true);
    onError(null);
    try {
      const link = await api.post<JoinLink>(meetingPath(meeting.id, '/join'), {});
      // The invitation page is the existing lobby flow; it loads as its own page.
      window.location.assign(link.url);
    } catch (caught) {
      onError(toApiError(caught));
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={`btn ${meeting.state === 'live' ? 'btn-join' : 'btn-primary'}`}
      data-testid="home-join"
      onClick={join}
      disabled={busy}
    >
      {busy ? <span className="spinner spinner--small spinner--light" aria-hidden="true" /> : <EnterIcon size={18} />}
      {t('home.join')}
    </button>
  );
}

export function MeetingCard({ meeting }: { meeting: MeetingSummary }) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const joinable = meeting.state === 'scheduled' || meeting.state === 'live';
  const role = meeting.myRole;

  return (
    <article
      className={`meeting-card meeting-card--${meeting.state}`}
      data-testid="home-meeting"
      data-meeting-id={meeting.id}
      data-state={meeting.state}
      aria-labelledby={`meeting-${meeting.id}-title`}
    >
      <DateBlock startsAt={meeting.startsAt} />
      <div className="meeting-card-body">
        <div className="meeting-card-tags">
          <span className="kind-tag">{t(`office.kind.${meeting.kind}`)}</span>
          <StateBadge state={meeting.state} startsAt={meeting.startsAt} />
          {meeting.state === 'ended' && <MinutesBadge state={meeting.minutesState} />}
        </div>
        <h3 id={`meeting-${meeting.id}-title`} className="meeting-card-title">
          {meeting.state === 'scheduled' || meeting.state === 'live' ? (
            meeting.title
          ) : (
            <Link to={hrefFor({ name: 'record', id: meeting.id })}>{meeting.title}</Link>
          )}
        </h3>
        <ul className="meeting-card-facts">
          <li>
            <ClockIcon size={16} />
            {formatMeetingSpan(meeting.startsAt, meeting.endsAt, locale)}
          </li>
          <li>
            <PlaceIcon size={16} />
            {meeting.place}
          </li>
          {role && (
            <li>
              <span className={`role-badge role-badge--${role}`}>{t(`role.${role}`)}</span>
              {meeting.myConnectionPoint && (
                <span className="meeting-card-point">{t('home.asPoint', { point: meeting.myConnectionPoint })}</span>
              )}
            </li>
          )}
          {meeting.state === 'live' && meeting.present.length > 0 && (
            <li title={meeting.present.join(', ')}>
              <PeopleIcon size={16} />
              {t('home.present', { count: meeting.present.length })}
            </li>
          )}
        </ul>
        {error && <ErrorText error={error} />}
      </div>
      <div className="meeting-card-actions">
        {joinable && <JoinButton meeting={meeting} onError={setError} />}
        {meeting.canManage && meeting.state === 'scheduled' && (
          <Link
            to={hrefFor({ name: 'meetingEdit', id: meeting.id })}
            className="btn btn-secondary"
            data-testid="home-edit"
          >
            <EditIcon size={17} />
            {t('home.edit')}
          </Link>
        )}
        {!joinable && (
          <Link
            to={hrefFor({ name: 'record', id: meeting.id })}
            className="btn btn-secondary"
            data-testid="home-record"
          >
            <FileIcon size={17} />
            {t('home.record')}
          </Link>
        )}
        {joinable && (
          <a className="link-action" href={meetingPath(meeting.id, '/invitation.ics')} download data-testid="home-ics">
            <DownloadIcon size={16} />
            {t('home.ics')}
          </a>
        )}
      </div>
    </article>
  );
}
