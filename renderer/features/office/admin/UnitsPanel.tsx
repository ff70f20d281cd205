// The agency's units (provinces, departments): the list and a form to add one (or rename one: same code).
import { useState, type FormEvent } from 'react';
import type { Unit, UnitKind } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { Empty, ErrorText, Field, LoadFailed, Loading, Notice, errorKey } from '../ui.tsx';
import { type ResourceHandle } from '../useResource.ts';
import { useAction } from '../useAction.ts';

export const UNIT_KIND_OPTIONS: readonly UnitKind[] = ['province', 'department', 'other'];
const CODE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;

function NewUnitForm({ onSaved }: { onSaved(unit: Unit | null): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('department');
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useAction();
  const codeProblem = CODE_PATTERN.test(code.trim()) ? null : t('admin.unit.codeRule');
  const nameProblem = name.trim() === '' ? t('admin.unit.nameRequired') : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (busy || codeProblem || nameProblem) return;
    await run(async () => {
      const unit = await api.post<Unit | null>('/api/admin/units', { code: code.trim(), name: name.trim(), kind });
      setCode('');
      setName('');
      setTried(false);
      onSaved(unit ?? null);
    });
  };

  return (
    <form className="card form-card admin-form" onSubmit={submit} noValidate data-testid="admin-unit-form">
      <h2 className="form-card-title">{t('admin.unit.add')}</h2>
      <div className="form-row form-row--3">
        <Field id="admin-unit-code" label={t('admin.unit.code')} error={tried ? codeProblem : null}>
          <input
            id="admin-unit-code"
            className="input"
            data-testid="admin-unit-code"
            value={code}
            maxLength={40}
            spellCheck={false}
            onChange={(event) => setCode(event.target.value)}
          />
        </Field>
        <Field id="admin-unit-name" label={t('admin.unit.name')} error={tried ? nameProblem : null}>
          <input
            id="admin-unit-name"
            className="input"
            data-testid="admin-unit-name"
            value={name}
            maxLength={200}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field id="admin-unit-kind" label={t('admin.unit.kind')}>
          <select
            id="admin-unit-kind"
            className="select"
            data-testid="admin-unit-kind"
            value={kind}
            onChange={(event) => setKind(UNIT_KIND_OPTIONS.find((k) => k === event.target.value) ?? 'other')}
          >
            {UNIT_KIND_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {t(`admin.unitKind.${option}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {error && <ErrorText error={error} />}
      <div className="admin-form-actions">
        <button type="submit" className="btn btn-primary" data-testid="admin-unit-save" disabled={busy}>
          {t('admin.unit.save')}
        </button>
      </div>
    </form>
  );
}

/** Disabling a unit keeps its history; it is no longer offered when scheduling. */
function UnitToggle({ unit, onChanged }: { unit: Unit; onChanged(): void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const toggle = () =>
    run(async () => {
      await api.post('/api/admin/units/state', { code: unit.code, disabled: !unit.disabled });
      onChanged();
    });
  return (
    <>
      <button
        type="button"
        className={`btn btn-small ${unit.disabled ? 'btn-secondary' : 'btn-danger-outline'}`}
        data-testid="admin-unit-toggle"
        disabled={busy}
        onClick={toggle}
      >
        {unit.disabled ? t('admin.unit.enable') : t('admin.unit.disable')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {t(errorKey(error))}
        </p>
      )}
    </>
  );
}

export function UnitsPanel({ resource, units }: { resource: ResourceHandle<unknown>; units: Unit[] }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState<string | null>(null);
  const { state } = resource;
  return (
    <div className="admin-panel" data-testid="admin-units">
      <NewUnitForm
        onSaved={(unit) => {
          setSaved(unit ? t('admin.unit.saved', { name: unit.name }) : t('office.saved'));
          resource.reload();
        }}
      />
      {saved && <Notice>{saved}</Notice>}
      {state.status === 'failed' && <LoadFailed error={state.error} onRetry={resource.reload} />}
      {state.status === 'loading' ? (
        <Loading />
      ) : units.length === 0 ? (
        <Empty>{t('admin.unit.empty')}</Empty>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.unit.code')}</th>
              <th scope="col">{t('admin.unit.name')}</th>
              <th scope="col">{t('admin.unit.kind')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((unit) => (
              <tr key={unit.code} data-testid="admin-unit" data-unit-code={unit.code}>
                <td className="mono">{unit.code}</td>
                <td>{unit.name}</td>
                <td>{t(`admin.unitKind.${unit.kind}`)}</td>
                <td>
                  <span className={`status-pill${unit.disabled ? ' status-pill--off' : ''}`}>
                    {unit.disabled ? t('admin.disabled') : t('admin.active')}
                  </span>
                </td>
                <td className="cell-actions">
                  <UnitToggle unit={unit} onChanged={resource.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
