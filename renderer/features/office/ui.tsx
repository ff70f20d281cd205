// Small shared parts of the office screens: page heading, loading and failure states, labelled fields, badges.
// They carry the app's visual language (styles.css variables, office.css) so each screen stays about its content.
import type { ReactNode } from 'react';
import type { AgendaDocument, MeetingState, MinutesState } from '../../../common/office.ts';
import { errorMessageKey } from '../../app/clientErrors.ts';
import { AlertIcon } from '../../app/icons.tsx';
import { useNow } from '../floor/time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import type { ApiError, ApiErrorCode } from './api.ts';
import { FileIcon } from './icons.tsx';

/** Codes whose office wording differs from the meeting room's (a session here is a sign-in, not an invitation). */
const OFFICE_ERRORS: Partial<Record<ApiErrorCode, MessageKey>> = {
  unauthorized: 'office.error.unauthorized',
  not_found: 'office.error.not_found',
  invalid_message: 'office.error.invalid_message',
  rate_limited: 'office.error.rate_limited',
};

export function errorKey(error: Pick<ApiError, 'code'>): MessageKey {
  return OFFICE_ERRORS[error.code] ?? errorMessageKey(error.code);
}

/** Codes where the server's detail tells the person what to fix (which field, which limit). */
const DETAILED: readonly ApiErrorCode[] = ['invalid_message', 'too_large'];

export function ErrorText({ error, testId }: { error: ApiError; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="form-error" role="alert" data-testid={testId} data-code={error.code}>
      <AlertIcon size={18} />
      <div>
        <p>{t(errorKey(error))}</p>
        {DETAILED.includes(error.code) && error.message && <p className="form-error-detail">{error.message}</p>}
      </div>
    </div>
  );
}

export function PageHeading({ title, eyebrow, actions }: { title: string; eyebrow?: string; actions?: ReactNode }) {
  return (
    <div className="page-heading">
      <div>
        {eyebrow && <p className="eyebrow">{eyebrow}</p>}
        <h1 className="page-title">{title}</h1>
      </div>
      {actions && <div className="page-heading-actions">{actions}</div>}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="office-status" role="status">
      <span className="spinner spinner--dark" aria-hidden="true" />
      <span>{label ?? t('office.loading')}</span>
    </div>
  );
}

/** Failures that may pass by themselves; a missing meeting or a refusal stays as it is. */
const RETRYABLE: readonly ApiErrorCode[] = ['network', 'internal', 'unavailable', 'rate_limited'];

export function LoadFailed({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="office-status office-status--error" role="alert" data-code={error.code}>
      <AlertIcon size={22} />
      <p className="office-status-title">{t('office.loadFailed')}</p>
      <p>{t(errorKey(error))}</p>
      {onRetry && RETRYABLE.includes(error.code) && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t('office.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="office-empty">{children}</p>;
}

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}

/** A scheduled meeting whose start has come (`startsAt`) and that nobody has opened yet is "due". */
export function isDue(state: MeetingState, startsAt: string | undefined, now: number): boolean {
  return state === 'scheduled' && startsAt !== undefined && Date.parse(startsAt) <= now;
}

/** A meeting's state, "due" rather than "scheduled" once its start has come. */
export function StateBadge({ state, startsAt }: { state: MeetingState; startsAt?: string }) {
  const { t } = useI18n();
  const due = isDue(state, startsAt, useNow(30_000));
  return (
    <span className={`state-badge state-badge--${state}`} data-state={state} data-due={due || undefined}>
      {state === 'live' && <span className="live-dot" aria-hidden="true" />}
      {t(due ? 'office.state.due' : `office.state.${state}`)}
    </span>
  );
}

export function MinutesBadge({ state }: { state: MinutesState }) {
  const { t } = useI18n();
  return <span className={`minutes-badge minutes-badge--${state}`}>{t(`office.minutes.${state}`)}</span>;
}

/** A notice after a successful action ("Đã lưu"), announced to screen readers. */
export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="office-notice" role="status" data-testid={testId}>
      {children}
    </p>
  );
}

/** Inside a document chip: an agenda document's title, version and page count (the scheduling form, the record). */
export function DocumentChipContent({ document }: { document: AgendaDocument }) {
  const { t } = useI18n();
  return (
    <>
      <FileIcon size={16} />
      <span className="doc-chip-title">{document.title}</span>
      <span className="doc-chip-meta">
        {document.pageCount !== null
          ? t('schedule.docMeta', { version: document.version, pages: document.pageCount })
          : t('schedule.docVersion', { version: document.version })}
      </span>
    </>
  );
}
