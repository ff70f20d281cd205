// Time left until a vote's deadline, ticking each second.
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDuration, remainingMs, useNow } from '../floor/time.ts';

export function VoteCountdown({ deadline }: { deadline: string }) {
  const { t } = useI18n();
  const now = useNow();
  const left = remainingMs(deadline, now) ?? 0;
  return (
    <span className={`vote-countdown${left < 15_000 ? ' vote-countdown--soon' : ''}`} data-testid="vote-countdown">
      {t('vote.timeLeft', { time: formatDuration(left) })}
    </span>
  );
}
