// A refusal from the server about the minutes, in the user's words. The strings live in the one UI catalogue
// (renderer/i18n/minutes.*.ts); this module only picks the message for a reason or code and quotes its details.
import type { useI18n } from '../../i18n/I18nProvider.tsx';
import { minutesVi } from '../../i18n/minutes.vi.ts';
import type { MessageKey } from '../../i18n/vi.ts';

/** The translator components receive from `useI18n()`, passed down to the editor's parts. */
export type Translate = ReturnType<typeof useI18n>['t'];

/** Refusals of signing with their own message (the desktop bridge's token failures come as the error's message). */
const SIGNING_REASONS = new Set([
  'signing_needs_account',
  'certificate_untrusted',
  'certificate_expired',
  'certificate_key_usage',
  'certificate_revoked',
  'revocation_unavailable',
  'timestamp_unavailable',
  'signature_mismatch',
  'signing_expired',
  'token_pin_incorrect',
  'token_pin_locked',
  'token_removed',
  'pkcs12_no_mac',
]);

/** By reason, then by code; the fields the server names as missing are shown with their names in the locale. */
export function minutesErrorText(t: Translate, error: { code?: string; reason?: string; message?: string }): string {
  const detail = error.message ?? '';
  if (error.reason === 'not_minutes_editor') return t('minutes.error.not_minutes_editor');
  if (error.reason === 'no_signing_identity') return t('minutes.error.no_signing_identity');
  if (error.reason === 'signing_password') return t('minutes.error.signing_password');
  const reason = error.reason ?? (error.message && /^token_[a-z_]+$/.test(error.message) ? error.message : undefined);
  if (reason && SIGNING_REASONS.has(reason)) return t(`minutes.error.${reason}` as MessageKey);
  if (reason?.startsWith('token_')) return t('minutes.error.token', { detail: reason });
  switch (error.code) {
    case 'minutes_locked':
      return t('minutes.error.minutes_locked');
    case 'minutes_invalid_transition':
      return t('minutes.error.minutes_invalid_transition');
    case 'minutes_incomplete': {
      const fields = (/missing: (.*)$/.exec(detail)?.[1] ?? '').split(', ').filter(Boolean);
      const names = fields.map((f) => {
        const key = `minutes.field.${f}`;
        return Object.hasOwn(minutesVi, key) ? t(key as MessageKey) : f;
      });
      return t('minutes.error.minutes_incomplete', { missing: names.join(', ') });
    }
    case 'signing_failed':
      return t('minutes.error.signing_failed', { detail });
    default:
      return t('minutes.error.generic', { detail });
  }
}
