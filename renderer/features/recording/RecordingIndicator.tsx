// What everyone sees of a recording: a persistent "Đang ghi hình" mark with the elapsed time in the header while it
// runs, and a notice when it starts (late joiners too), stops, or is stopped by the server (disk nearly full).
import { useEffect, useState } from 'react';
import type { RecordingNotice } from '../../../common/recording.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useBriefing } from '../meeting/briefing.tsx';
import './recording.css';

const NOTICE_MS = 8000;

const NOTICE_TEXT: Record<RecordingNotice, MessageKey> = {
  started: 'recording.noticeStarted',
  stopped: 'recording.noticeStopped',
  disk_low: 'recording.noticeDiskLow',
  failed: 'recording.noticeFailed',
  resumed: 'recording.noticeResumed',
};

/** "01:02:03" or "02:03". */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

function useClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

export function RecordingIndicator() {
  const { t } = useI18n();
  const { state } = useStore(useBriefing().recording);
  const now = useClock(state.active);
  if (!state.active || !state.startedAt) return null;
  return (
    <span
      className="recording-indicator"
      data-testid="recording-indicator"
      role="status"
      title={t('recording.indicator')}
    >
      <span className="recording-dot" aria-hidden="true" />
      <span>{t('recording.indicator')}</span>
      <span className="recording-elapsed">{elapsed(now - Date.parse(state.startedAt))}</span>
    </span>
  );
}

export function RecordingNoticeBanner() {
  const { t } = useI18n();
  const { notice } = useStore(useBriefing().recording);
  const [hiddenAt, setHiddenAt] = useState<number | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setHiddenAt(notice.at), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice || hiddenAt === notice.at) return null;
  const warning = notice.kind === 'disk_low' || notice.kind === 'failed';
  return (
    <div
      className={`recording-notice${warning ? ' recording-notice--warning' : ''}`}
      data-testid="recording-notice"
      data-kind={notice.kind}
      role={warning ? 'alert' : 'status'}
    >
      <span className="recording-dot" aria-hidden="true" />
      {t(NOTICE_TEXT[notice.kind])}
    </div>
  );
}
