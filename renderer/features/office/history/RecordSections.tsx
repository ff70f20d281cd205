// The parts of a meeting's record page: who attended and when, the agenda with its documents, the votes and their
// results, and the minutes (state, signed PDF, filing, and what the receiving systems reported).
import type { MeetingDetail, MeetingRecord } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatClock, formatMeetingTime } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/vi.ts';
import { DownloadIcon } from '../icons.tsx';
import { DocumentChipContent, Empty, MinutesBadge } from '../ui.tsx';
import { FilingStatuses } from './FilingStatuses.tsx';

const MEETING_ROLES: Record<string, MessageKey> = {
  chair: 'role.chair',
  secretary: 'role.secretary',
  delegate: 'role.delegate',
  guest: 'role.guest',
};

function RoleLabel({ role }: { role: string }) {
  const { t } = useI18n();
  const key = MEETING_ROLES[role];
  return key ? <span className={`role-badge role-badge--${role}`}>{t(key)}</span> : <span>{role}</span>;
}

export function AttendanceSection({ attendance }: { attendance: MeetingRecord['attendance'] }) {
  const { t } = useI18n();
  return (
    <section className="card record-section" id="attendance" data-testid="record-attendance">
      <h2 className="form-card-title">
        {t('record.attendance')}
        <span className="section-count">{attendance.length}</span>
      </h2>
      {attendance.length === 0 ? (
        <Empty>{t('record.attendanceEmpty')}</Empty>
      ) : (
        <table className="data-table data-table--compact">
          <thead>
            <tr>
              <th scope="col">{t('record.name')}</th>
              <th scope="col">{t('record.point')}</th>
              <th scope="col">{t('record.role')}</th>
              <th scope="col">{t('record.joinedAt')}</th>
              <th scope="col">{t('record.leftAt')}</th>
            </tr>
          </thead>
          <tbody>
            {attendance.map((row, index) => (
              <tr key={`${row.name}-${row.joinedAt}-${index}`} data-testid="record-attendance-row">
                <td>{row.name}</td>
                <td>{row.connectionPoint ?? <span className="muted">—</span>}</td>
                <td>
                  <RoleLabel role={row.role} />
                </td>
                <td className="nowrap">{formatClock(new Date(row.joinedAt))}</td>
                <td className="nowrap">
                  {row.leftAt ? (
                    formatClock(new Date(row.leftAt))
                  ) : (
                    <span className="muted">{t('record.stillIn')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AgendaSection({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useI18n();
  return (
    <section className="card record-section" id="agenda" data-testid="record-agenda">
      <h2 className="form-card-title">{t('record.agenda')}</h2>
      {meeting.agenda.length === 0 ? (
        <Empty>{t('record.agendaEmpty')}</Empty>
      ) : (
        <ol className="record-agenda">
          {meeting.agenda.map((item, index) => (
            <li key={item.id} className="record-agenda-item" id={`agenda-${item.id}`}>
              <span className="office-number">{index + 1}</span>
              <div>
                <p className="record-agenda-title">{item.title}</p>
                <p className="record-agenda-meta">
                  {item.presenter && `${t('schedule.presenter')}: ${item.presenter} · `}
                  {t('record.minutesLong', { minutes: item.durationMinutes })}
                </p>
                {item.documents.length > 0 && (
                  <ul className="record-documents">
                    {item.documents.map((doc) => (
                      <li key={doc.id} className="doc-chip" data-testid="record-document">
                        <DocumentChipContent document={doc} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function VotesSection({ votes }: { votes: MeetingRecord['votes'] }) {
  const { t, locale } = useI18n();
  return (
    <section className="card record-section" id="votes" data-testid="record-votes">
      <h2 className="form-card-title">{t('record.votes')}</h2>
      {votes.length === 0 ? (
        <Empty>{t('record.votesEmpty')}</Empty>
      ) : (
        <ul className="record-votes">
          {votes.map((vote, index) => {
            const total = vote.tally?.reduce((sum, n) => sum + n, 0) ?? 0;
            return (
              <li key={`${vote.title}-${index}`} className="record-vote" data-testid="record-vote">
                <p className="record-vote-title">{vote.title}</p>
                <p className="record-agenda-meta">
                  {vote.closedAt
                    ? t('record.voteClosed', { time: formatMeetingTime(vote.closedAt, locale) })
                    : t('record.voteOpen')}
                  {vote.tally && ` · ${t('record.voteTotal', { count: total })}`}
                </p>
                {vote.tally ? (
                  <ul className="tally">
                    {vote.options.map((option, i) => {
                      const count = vote.tally?.[i] ?? 0;
                      const share = total > 0 ? Math.round((count / total) * 100) : 0;
                      return (
                        <li key={option} className="tally-row">
                          <span className="tally-label">{option}</span>
                          <span className="tally-bar" aria-hidden="true">
                            <span style={{ width: `${share}%` }} />
                          </span>
                          <span className="tally-count">
                            {count} ({share}%)
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <p className="muted">{t('record.voteNoTally')}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function MinutesSection({ minutes }: { minutes: MeetingRecord['minutes'] }) {
  const { t } = useI18n();
  return (
    <section
      className="card record-section"
      id="minutes"
      data-testid="record-minutes"
      data-minutes-state={minutes.state}
    >
      <h2 className="form-card-title">{t('record.minutes')}</h2>
      <dl className="record-facts">
        <div>
          <dt>{t('record.minutesState')}</dt>
          <dd>
            <MinutesBadge state={minutes.state} />
          </dd>
        </div>
        <div>
          <dt>{t('record.signedPdf')}</dt>
          <dd>
            {minutes.pdfUrl ? (
              <a
                className="btn btn-secondary btn-small"
                href={minutes.pdfUrl}
                download
                data-testid="record-minutes-pdf"
              >
                <DownloadIcon size={16} />
                {t('record.download')}
              </a>
            ) : (
              <span className="muted">{t('record.noPdf')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('record.filing')}</dt>
          <dd data-testid="record-filing" data-follow-ups={minutes.followUps}>
            {minutes.filing ?? <span className="muted">{t('record.notFiled')}</span>}
            {minutes.followUps !== 'none' && (
              <span className={`minutes-badge record-follow-ups record-follow-ups--${minutes.followUps}`}>
                {t(`record.followUps.${minutes.followUps}`)}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <FilingStatuses statuses={minutes.filingStatuses} />
    </section>
  );
}
