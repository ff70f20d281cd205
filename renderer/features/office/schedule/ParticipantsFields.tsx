// Who takes part, from the agency's directory: the chair and the secretary, the units that join as connection
// points (one checkbox per unit), further delegates by account, and guests by name.
import { useState } from 'react';
import type { Directory } from '../../../../common/office.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { foldForSearch } from '../text.ts';
import { Field } from '../ui.tsx';
import { toggle, type FormDraft, type FormProblems } from './formState.ts';

type DirectoryAccount = Directory['accounts'][number];

function PersonSelect(props: {
  id: string;
  label: string;
  value: string;
  accounts: DirectoryAccount[];
  unitName(code: string | null): string | null;
  error: string | null;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  const known = props.accounts.some((account) => account.id === props.value);
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <select
        id={props.id}
        className="select"
        data-testid={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {!known && <option value={props.value}>{props.value === '' ? t('schedule.choose') : props.value}</option>}
        {props.accounts.map((account) => {
          const unit = props.unitName(account.unitCode);
          return (
            <option key={account.id} value={account.id}>
              {unit ? `${account.displayName} — ${unit}` : account.displayName}
            </option>
          );
        })}
      </select>
    </Field>
  );
}

export function ParticipantsFields({
  draft,
  directory,
  problems,
  onChange,
}: {
  draft: FormDraft;
  directory: Directory;
  problems: FormProblems['fields'];
  onChange(draft: FormDraft): void;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const unitNames = new Map(directory.units.map((unit) => [unit.code, unit.name]));
  const unitName = (code: string | null) => (code === null ? null : (unitNames.get(code) ?? code));
  // Disabled units stay listed only where this meeting already has them.
  const units = directory.units.filter((unit) => !unit.disabled || draft.unitCodes.includes(unit.code));
  const needle = foldForSearch(filter.trim());
  const people = directory.accounts.filter(
    (account) =>
      needle === '' ||
      draft.participantUserIds.includes(account.id) ||
      foldForSearch(`${account.displayName} ${account.username} ${unitName(account.unitCode) ?? ''}`).includes(needle),
  );
  const error = (name: 'chair' | 'secretary') => {
    const key = problems[name];
    return key ? t(key) : null;
  };

  return (
    <section className="card form-card" aria-labelledby="schedule-people">
      <h2 id="schedule-people" className="form-card-title">
        {t('schedule.participants')}
      </h2>
      <div className="form-row">
        <PersonSelect
          id="schedule-chair"
          label={t('schedule.chair')}
          value={draft.chairUserId}
          accounts={directory.accounts}
          unitName={unitName}
          error={error('chair')}
          onChange={(chairUserId) => onChange({ ...draft, chairUserId })}
        />
        <PersonSelect
          id="schedule-secretary"
          label={t('schedule.secretary')}
          value={draft.secretaryUserId}
          accounts={directory.accounts}
          unitName={unitName}
          error={error('secretary')}
          onChange={(secretaryUserId) => onChange({ ...draft, secretaryUserId })}
        />
      </div>

      <fieldset className="choice-group">
        <legend className="field-label">
          {t('schedule.units')}
          {draft.unitCodes.length > 0 && (
            <span className="choice-count">{t('schedule.selected', { count: draft.unitCodes.length })}</span>
          )}
        </legend>
        <p className="field-hint">{t('schedule.unitsHint')}</p>
        {units.length > 0 && (
          <div className="choice-actions">
            {/* A briefing invites every province at once; a disabled unit is never added by these. */}
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="schedule-units-provinces"
              onClick={() => {
                const provinces = units.filter((u) => u.kind === 'province' && !u.disabled).map((u) => u.code);
                onChange({ ...draft, unitCodes: [...new Set([...draft.unitCodes, ...provinces])] });
              }}
            >
              {t('schedule.unitsAllProvinces', {
                count: units.filter((u) => u.kind === 'province' && !u.disabled).length,
              })}
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="schedule-units-none"
              disabled={draft.unitCodes.length === 0}
              onClick={() => onChange({ ...draft, unitCodes: [] })}
            >
              {t('schedule.unitsNone')}
            </button>
          </div>
        )}
        {units.length === 0 ? (
          <p className="office-empty office-empty--small">{t('schedule.noUnits')}</p>
        ) : (
          <div className="choice-grid">
            {units.map((unit) => (
              <label key={unit.code} className="choice">
                <input
                  type="checkbox"
                  data-testid="schedule-unit"
                  data-unit-code={unit.code}
                  checked={draft.unitCodes.includes(unit.code)}
                  onChange={(event) =>
                    onChange({ ...draft, unitCodes: toggle(draft.unitCodes, unit.code, event.target.checked) })
                  }
                />
                <span>{unit.name}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>

      <fieldset className="choice-group">
        <legend className="field-label">
          {t('schedule.people')}
          {draft.participantUserIds.length > 0 && (
            <span className="choice-count">{t('schedule.selected', { count: draft.participantUserIds.length })}</span>
          )}
        </legend>
        <p className="field-hint">{t('schedule.peopleHint')}</p>
        <input
          className="input input--small"
          type="search"
          placeholder={t('schedule.filter')}
          aria-label={t('schedule.filter')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <div className="choice-list">
          {people.map((account) => (
            <label key={account.id} className="choice">
              <input
                type="checkbox"
                data-testid="schedule-participant"
                data-user-id={account.id}
                checked={draft.participantUserIds.includes(account.id)}
                onChange={(event) =>
                  onChange({
                    ...draft,
                    participantUserIds: toggle(draft.participantUserIds, account.id, event.target.checked),
                  })
                }
              />
              <span>
                {account.displayName}
                {account.unitCode && <span className="choice-sub"> · {unitName(account.unitCode)}</span>}
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <Field id="schedule-guests" label={t('schedule.guests')} hint={t('schedule.guestsHint')}>
        <textarea
          id="schedule-guests"
          className="input office-textarea"
          data-testid="schedule-guests"
          rows={3}
          value={draft.guests}
          onChange={(event) => onChange({ ...draft, guests: event.target.value })}
        />
      </Field>
    </section>
  );
}
