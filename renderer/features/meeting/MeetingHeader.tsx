// The meeting's title bar: what is being held, when and where, and a live clock in Vietnam time.
import { useEffect, useState, type ReactNode } from 'react';
import type { MeetingInfo } from '../../../common/meetingInfo.ts';
import { LanguageSwitch } from '../../app/AppHeader.tsx';
import { BrandMark } from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatClock, formatDate, formatMeetingTime } from '../../i18n/format.ts';

function LiveClock() {
  const { locale } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="clock" aria-live="off">
      <time className="clock-time" dateTime={now.toISOString()}>
        {formatClock(now)}
      </time>
      <span className="clock-date">{formatDate(now, locale)}</span>
    </div>
  );
}

/** `children`: what the meeting is doing now (the agenda item under way), between the title and the clock. */
export function MeetingHeader({ meeting, children }: { meeting: MeetingInfo; children?: ReactNode }) {
  const { locale } = useI18n();
  return (
    <header className="meeting-header">
      <div className="meeting-header-main">
        <BrandMark size={30} />
        <div className="meeting-header-text">
          <h1 className="meeting-header-title">{meeting.title}</h1>
          <p className="meeting-header-sub">
            {formatMeetingTime(meeting.startsAt, locale)}
            <span className="dot-sep" aria-hidden="true">
              ·
            </span>
            {meeting.place}
          </p>
        </div>
      </div>
      {children}
      <div className="meeting-header-end">
        <LiveClock />
        <LanguageSwitch />
      </div>
    </header>
  );
}
