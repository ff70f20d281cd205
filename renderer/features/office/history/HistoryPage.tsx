// The history: past meetings I may see, newest first, each opening its record; a quick filter on the title.
import { useState } from 'react';
import type { MeetingSummary } from '../../../../common/office.ts';
import { ClockIcon, PlaceIcon } from '../../../app/icons.tsx';
import { Link, hrefFor } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatMeetingSpan } from '../dates.ts';
import { ChevronRightIcon } from '../icons.tsx';
import { foldForSearch } from '../text.ts';
import { Empty, LoadFailed, Loading, MinutesBadge, PageHeading, StateBadge } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import './history.css';

function HistoryRow({ meeting }: { meeting: MeetingSummary }) {
  const { t, locale } = useI18n();
  return (
    <li>
      <Link
        to={hrefFor({ name: 'record', id: meeting.id })}
        className="history-row"
        data-testid="history-meeting"
        data-meeting-id={meeting.id}
        data-state={meeting.state}
      >
        <span className="history-main">
          <span className="history-tags">
            <span className="kind-tag">{t(`office.kind.${meeting.kind}`)}</span>
            {meeting.state !== 'ended' && <StateBadge state={meeting.state} startsAt={meeting.startsAt} />}
            <MinutesBadge state={meeting.minutesState} />
          </span>
          <span className="history-title">{meeting.title}</span>
          <span className="history-facts">
            <span>
              <ClockIcon size={15} />
              {formatMeetingSpan(meeting.startsAt, meeting.endsAt, locale)}
            </span>
            <span>
              <PlaceIcon size={15} />
              {meeting.place}
            </span>
          </span>
        </span>
        <ChevronRightIcon size={20} className="history-chevron" />
      </Link>
    </li>
  );
}

export function HistoryPage() {
  const { t } = useI18n();
  const history = useResource<{ meetings: MeetingSummary[] }>('/api/history');
  const [filter, setFilter] = useState('');
  const needle = foldForSearch(filter.trim());
  const meetings = (history.state.data?.meetings ?? []).filter(
    (meeting) => needle === '' || foldForSearch(`${meeting.title} ${meeting.place}`).includes(needle),
  );

  return (
    <div className="office-page" data-testid="history">
      <PageHeading
        title={t('history.title')}
        actions={
          <input
            className="input input--small history-filter"
            type="search"
            placeholder={t('history.filter')}
            aria-label={t('history.filter')}
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        }
      />
      {history.state.status === 'failed' && <LoadFailed error={history.state.error} onRetry={history.reload} />}
      {history.state.status === 'loading' ? (
        <Loading />
      ) : meetings.length === 0 ? (
        history.state.status === 'ready' && <Empty>{needle ? t('history.noMatch') : t('history.empty')}</Empty>
      ) : (
        <ul className="history-list">
          {meetings.map((meeting) => (
            <HistoryRow key={meeting.id} meeting={meeting} />
          ))}
        </ul>
      )}
    </div>
  );
}
