// The audit log: who did what, when, to which meeting or object — filtered by meeting, person (a part of the
// name), action and days.
import { useState, type FormEvent } from 'react';
import type { Account, AuditEntry } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../../i18n/format.ts';
import { Empty, Field, LoadFailed, Loading } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import { dayBoundary } from './lists.ts';

interface Filter {
  meeting: string;
  actor: string;
  action: string;
  since: string;
  until: string;
}

const NO_FILTER: Filter = { meeting: '', actor: '', action: '', since: '', until: '' };

export function auditQuery(filter: Filter): string {
  const params = new URLSearchParams();
  if (filter.meeting.trim()) params.set('meeting', filter.meeting.trim());
  if (filter.actor.trim()) params.set('actor', filter.actor.trim());
  if (filter.action.trim()) params.set('action', filter.action.trim());
  const since = dayBoundary(filter.since, 'start');
  const until = dayBoundary(filter.until, 'end');
  if (since) params.set('since', since);
  if (until) params.set('until', until);
  const query = params.toString();
  return `/api/admin/audit${query ? `?${query}` : ''}`;
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

export function AuditPanel({ accounts }: { accounts: Account[] }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [applied, setApplied] = useState<Filter>(NO_FILTER);
  const log = useResource<{ entries: AuditEntry[] }>(auditQuery(applied));
  const set = (change: Partial<Filter>) => setDraft((current) => ({ ...current, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (JSON.stringify(draft) === JSON.stringify(applied)) log.reload();
    else setApplied(draft);
  };
  const entries = log.state.data?.entries ?? [];

  return (
    <div className="admin-panel" data-testid="admin-audit">
      <form className="card form-card audit-filter" onSubmit={submit}>
        <Field id="audit-meeting" label={t('admin.audit.meeting')}>
          <input
            id="audit-meeting"
            className="input"
            data-testid="admin-audit-meeting"
            value={draft.meeting}
            spellCheck={false}
            onChange={(event) => set({ meeting: event.target.value })}
          />
        </Field>
        <Field id="audit-actor" label={t('admin.audit.actor')}>
          <input
            id="audit-actor"
            className="input"
            data-testid="admin-audit-actor"
            list="audit-actor-names"
            value={draft.actor}
            onChange={(event) => set({ actor: event.target.value })}
          />
          <datalist id="audit-actor-names">
            {accounts.map((account) => (
              <option key={account.id} value={account.displayName} />
            ))}
          </datalist>
        </Field>
        <Field id="audit-action" label={t('admin.audit.action')}>
          <input
            id="audit-action"
            className="input"
            data-testid="admin-audit-action"
            value={draft.action}
            spellCheck={false}
            onChange={(event) => set({ action: event.target.value })}
          />
        </Field>
        <Field id="audit-since" label={t('admin.audit.since')}>
          <input
            id="audit-since"
            className="input"
            type="date"
            data-testid="admin-audit-since"
            value={draft.since}
            onChange={(event) => set({ since: event.target.value })}
          />
        </Field>
        <Field id="audit-until" label={t('admin.audit.until')}>
          <input
            id="audit-until"
            className="input"
            type="date"
            data-testid="admin-audit-until"
            value={draft.until}
            onChange={(event) => set({ until: event.target.value })}
          />
        </Field>
        <button type="submit" className="btn btn-primary audit-apply" data-testid="admin-audit-apply">
          {t('admin.audit.apply')}
        </button>
      </form>
      {log.state.status === 'failed' && <LoadFailed error={log.state.error} onRetry={log.reload} />}
      {log.state.status === 'loading' ? (
        <Loading />
      ) : entries.length === 0 ? (
        <Empty>{t('admin.audit.empty')}</Empty>
      ) : (
        <table className="data-table data-table--compact" data-testid="admin-audit-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.at')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
              <th scope="col">{t('admin.audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              // Office and meeting entries are numbered apart: the position keeps keys unique.
              <tr key={entry.key} data-testid="admin-audit-entry" data-action={entry.action}>
                <td className="nowrap">{formatMeetingTime(entry.at, locale)}</td>
                <td>{entry.actorName}</td>
                <td className="mono">{entry.action}</td>
                <td className="mono cell-clip" title={entry.target ?? ''}>
                  {entry.target ?? (entry.meetingId ? entry.meetingId : '')}
                </td>
                <td className="mono cell-clip" title={detailText(entry.detail)}>
                  {detailText(entry.detail)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
