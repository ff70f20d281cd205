// A guest link for a scheduled meeting: guests named on the form (and anyone the secretary sends it to) come in
// with it through the waiting room, where the chair admits them. Valid until the day after the planned end.
import { useState } from 'react';
import { GUEST_LINK_MINUTES } from '../../../../common/api.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api, meetingPath } from '../api.ts';
import { ErrorText } from '../ui.tsx';
import { useAction } from '../useAction.ts';

export function GuestLink({ meetingId, endsAt }: { meetingId: string; endsAt: string | null }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  const create = () =>
    run(async () => {
      const until = Date.parse(endsAt ?? '') || Date.now();
      // Minutes until a day after the planned end, within what the server allows.
      const wanted = Math.ceil((until - Date.now()) / 60_000) + 24 * 60;
      const ttlMinutes = Math.min(GUEST_LINK_MINUTES.max, Math.max(GUEST_LINK_MINUTES.min, wanted));
      const link = await api.post<{ url: string }>(meetingPath(meetingId, '/guest-links'), { ttlMinutes });
      setUrl(link.url);
    });

  return (
    <div className="guest-link">
      <button
        type="button"
        className="btn btn-secondary"
        data-testid="schedule-guest-link"
        disabled={busy}
        onClick={() => void create()}
      >
        {t('schedule.guestLink')}
      </button>
      {url && (
        <input
          className="input"
          readOnly
          value={url}
          data-testid="schedule-guest-link-url"
          onFocus={(e) => e.target.select()}
        />
      )}
      {error && <ErrorText error={error} testId="schedule-guest-link-error" />}
    </div>
  );
}
