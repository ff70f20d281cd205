// After leaving: a calm confirmation and a way back in with the same invitation.
import { useState } from 'react';
import type { MeetingInfo } from '../../../common/meetingInfo.ts';
import { AppHeader } from '../../app/AppHeader.tsx';
import { ExitIcon } from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../i18n/format.ts';

export function LeftScreen({ meeting, onRejoin }: { meeting: MeetingInfo; onRejoin(): Promise<void> }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <div className="page">
      <AppHeader />
      <main className="page-center">
        <section className="notice-card" data-testid="left-page">
          <div className="notice-icon">
            <ExitIcon size={30} />
          </div>
          <h1 className="notice-title">{t('left.title')}</h1>
          <p className="notice-meeting">{meeting.title}</p>
          <p className="notice-text notice-text--muted">{formatMeetingTime(meeting.startsAt, locale)}</p>
          <p className="notice-text">{t('left.detail')}</p>
          <button
            type="button"
            className="btn btn-primary btn-lg"
            data-testid="rejoin"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onRejoin().finally(() => setBusy(false));
            }}
          >
            {t('left.rejoin')}
          </button>
        </section>
      </main>
    </div>
  );
}
