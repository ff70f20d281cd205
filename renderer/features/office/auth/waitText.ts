// "5 phút", "40 giây": how long a locked account waits, rounded up so the person never comes back too early.
import { useCallback } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';

export function waitParts(seconds: number): { unit: 'seconds' | 'minutes'; n: number } {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 60 ? { unit: 'seconds', n: whole } : { unit: 'minutes', n: Math.ceil(whole / 60) };
}

export function useWaitText(): (seconds: number) => string {
  const { t } = useI18n();
  return useCallback(
    (seconds: number) => {
      const { unit, n } = waitParts(seconds);
      return t(unit === 'seconds' ? 'office.wait.seconds' : 'office.wait.minutes', { n });
    },
    [t],
  );
}
