// A guest link for a scheduled meeting: guests named on the form (and anyone the secretary sends it to) come in
// with it through the waiting room, where the chair admits them. Valid until the day after the planned end.
import { useState } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api, meetingPath, type ApiError } from '../api.ts';
import { ErrorText } from '../ui.tsx';
import { toApiError } from '../useResource.ts';

export function GuestLink({ meetingId, endsAt }: { meetingId: string; endsAt: string | null }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    const until = Date.parse(endsAt ?? '') || Date.now();
    // Minutes until a day after the planned end, within what the server allows (5 minutes to 7 days).
    const ttlMinutes = Math.min(7 * 24 * 60, Math.max(5, Math.ceil((until - Date.now()) / 60_000) + 24 * 60));
    try {
      const link = await api.post<{ url: string }>(meetingPath(meetingId, '/guest-links'), { ttlMinutes });
      setUrl(link.url);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

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
