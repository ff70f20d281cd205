// CSV import of units or accounts: paste the text or pick a file (read here as UTF-8, sent as text), then the
// server's report — how many were created and updated, and each rejected row with its line and reason.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { ImportReport } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { ErrorText, Field } from '../ui.tsx';
import { useAction } from '../useAction.ts';

type ImportKind = 'units' | 'accounts';
const KINDS: readonly ImportKind[] = ['accounts', 'units'];
const MAX_CSV = 2_000_000;

function Report({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  return (
    <section className="card import-report" data-testid="admin-import-report" aria-live="polite">
      <div className="import-summary">
        <span className="import-stat" data-testid="admin-import-created">
          <strong>{report.created}</strong> {t('admin.import.created')}
        </span>
        <span className="import-stat" data-testid="admin-import-updated">
          <strong>{report.updated}</strong> {t('admin.import.updated')}
        </span>
        <span
          className={`import-stat${report.rejected.length > 0 ? ' import-stat--bad' : ''}`}
          data-testid="admin-import-rejected-count"
        >
          <strong>{report.rejected.length}</strong> {t('admin.import.rejectedCount')}
        </span>
      </div>
      {report.rejected.length === 0 ? (
        <p className="office-notice">{t('admin.import.allGood')}</p>
      ) : (
        <table className="data-table data-table--compact">
          <caption>{t('admin.import.rejected')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.import.line')}</th>
              <th scope="col">{t('admin.import.reason')}</th>
              <th scope="col">{t('admin.import.text')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.map((row) => (
              <tr key={`${row.line}-${row.text}`} data-testid="admin-import-rejected" data-line={row.line}>
                <td className="mono">{row.line}</td>
                <td title={row.reason}>
                  {t(`admin.import.why.${row.code}`, {
                    field: row.field ?? '',
                    value: row.value ?? '',
                    reason: row.reason,
                  })}
                </td>
                <td className="mono cell-clip" title={row.text}>
                  {row.text}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ImportKind>('accounts');
  const [csv, setCsv] = useState('');
  const { busy, error, run } = useAction();
  const [report, setReport] = useState<ImportReport | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  const pickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    setFileProblem(null);
    if (!file) return;
    if (file.size > MAX_CSV) {
      setFileProblem(t('admin.import.tooLarge'));
      return;
    }
    // Spreadsheet programs often save a byte order mark: it is not part of the header.
    setCsv((await file.text()).replace(/^\uFEFF/, ''));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || csv.trim() === '') return;
    setReport(null);
    await run(async () => {
      setReport(await api.post<ImportReport>('/api/admin/import', { kind, csv }));
      onImported();
    });
  };

  return (
    <div className="admin-panel" data-testid="admin-import">
      <form className="card form-card admin-form" onSubmit={submit} noValidate>
        <h2 className="form-card-title">{t('admin.tab.import')}</h2>
        <div className="form-row">
          <Field id="admin-import-kind" label={t('admin.import.kind')}>
            <select
              id="admin-import-kind"
              className="select"
              data-testid="admin-import-kind"
              value={kind}
              onChange={(event) => setKind(KINDS.find((k) => k === event.target.value) ?? 'accounts')}
            >
              {KINDS.map((option) => (
                <option key={option} value={option}>
                  {t(`admin.import.${option}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="admin-import-file" label={t('admin.import.file')} error={fileProblem}>
            <input
              id="admin-import-file"
              className="input input--file"
              data-testid="admin-import-file"
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(event) => void pickFile(event)}
            />
          </Field>
        </div>
        <p className="import-format">
          {t(kind === 'units' ? 'admin.import.hintUnits' : 'admin.import.hintAccounts')}
          <code>{kind === 'units' ? 'code,name,kind' : 'username,displayName,agencyRole,unitCode,email,password'}</code>
        </p>
        <Field id="admin-import-csv" label={t('admin.import.csv')}>
          <textarea
            id="admin-import-csv"
            className="input office-textarea mono"
            data-testid="admin-import-csv"
            rows={10}
            spellCheck={false}
            value={csv}
            maxLength={MAX_CSV}
            onChange={(event) => setCsv(event.target.value)}
          />
        </Field>
        {error && <ErrorText error={error} testId="admin-import-error" />}
        <div className="admin-form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="admin-import-submit"
            disabled={busy || csv.trim() === ''}
          >
            {busy && <span className="spinner spinner--small spinner--light" aria-hidden="true" />}
            {busy ? t('admin.import.running') : t('admin.import.submit')}
          </button>
        </div>
      </form>
      {report && <Report report={report} />}
    </div>
  );
}
