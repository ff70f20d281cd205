// What the receiving document systems reported about the filed minutes (edXML status messages): each status with
// its time and the receiving organisation, oldest first, and a note when a receiver's current status is a refusal.
import {
  latestReceiverStatuses,
  RECEIVER_STATUS_REJECTED,
  type ReceiverStatus,
} from '../../../../common/minutesView.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/vi.ts';

const KNOWN = new Set(['01', '02', '03', '04', '05', '06', '13', '15', '16']);

export function FilingStatuses({ statuses }: { statuses: readonly ReceiverStatus[] }) {
  const { t, locale } = useI18n();
  if (statuses.length === 0) return null;
  const rejected = latestReceiverStatuses(statuses).some((s) => s.code === RECEIVER_STATUS_REJECTED);
  const label = (code: string) =>
    KNOWN.has(code) ? t(`record.receiverStatus.${code}` as MessageKey) : t('record.receiverStatus.other', { code });
  return (
    <div className="record-receivers">
      <h3 className="record-receivers-title">{t('record.receivers')}</h3>
      <ol className="record-receivers-list">
        {statuses.map((s) => (
          <li
            key={`${s.organId}-${s.code}-${s.at}`}
            className={`record-receiver record-receiver--${s.code === RECEIVER_STATUS_REJECTED ? 'rejected' : 'ok'}`}
            data-testid="record-filing-status"
            data-code={s.code}
          >
            <span className="record-receiver-status">{label(s.code)}</span>
            <span className="record-receiver-organ">{s.organName}</span>
            <time className="record-receiver-time" dateTime={s.at}>
              {formatMeetingTime(s.at, locale)}
            </time>
            {(s.description || s.staff) && (
              <span className="record-receiver-note muted">
                {[s.description, s.staff && s.department ? `${s.staff} (${s.department})` : s.staff]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            )}
          </li>
        ))}
      </ol>
      {rejected && (
        <p className="record-receivers-rejected" role="status">
          {t('record.receiverRejected')}
        </p>
      )}
    </div>
  );
}
