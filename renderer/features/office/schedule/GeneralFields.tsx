// The scheduling form's first card: what the meeting is, when (wall-clock time in the agency's zone), where, and
// whether it may be recorded.
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { Field } from '../ui.tsx';
import { KINDS, withStart, type FormDraft, type FormProblems } from './formState.ts';

export function GeneralFields({
  draft,
  problems,
  onChange,
}: {
  draft: FormDraft;
  problems: FormProblems['fields'];
  onChange(draft: FormDraft): void;
}) {
  const { t } = useI18n();
  const error = (name: keyof FormProblems['fields']) => {
    const key = problems[name];
    return key ? t(key) : null;
  };
  return (
    <section className="card form-card" aria-labelledby="schedule-general">
      <h2 id="schedule-general" className="form-card-title">
        {t('schedule.general')}
      </h2>
      <div className="form-row form-row--kind">
        <Field id="schedule-kind" label={t('schedule.kind')}>
          <select
            id="schedule-kind"
            className="select"
            data-testid="schedule-kind"
            value={draft.kind}
            onChange={(event) => {
              const kind = KINDS.find((k) => k === event.target.value);
              if (kind) onChange({ ...draft, kind });
            }}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`office.kind.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="schedule-title" label={t('schedule.title')} error={error('title')}>
          <input
            id="schedule-title"
            className="input"
            data-testid="schedule-title"
            value={draft.title}
            maxLength={300}
            aria-invalid={problems.title ? true : undefined}
            onChange={(event) => onChange({ ...draft, title: event.target.value })}
          />
        </Field>
      </div>
      <div className="form-row">
        <Field id="schedule-start" label={t('schedule.start')} hint={t('schedule.timeZone')} error={error('start')}>
          <input
            id="schedule-start"
            className="input"
            data-testid="schedule-start"
            type="datetime-local"
            value={draft.start}
            aria-invalid={problems.start ? true : undefined}
            onChange={(event) => onChange(withStart(draft, event.target.value))}
          />
        </Field>
        <Field id="schedule-end" label={t('schedule.end')} error={error('end')}>
          <input
            id="schedule-end"
            className="input"
            data-testid="schedule-end"
            type="datetime-local"
            value={draft.end}
            aria-invalid={problems.end ? true : undefined}
            onChange={(event) => onChange({ ...draft, end: event.target.value })}
          />
        </Field>
      </div>
      <Field id="schedule-place" label={t('schedule.place')} error={error('place')}>
        <input
          id="schedule-place"
          className="input"
          data-testid="schedule-place"
          value={draft.place}
          maxLength={300}
          aria-invalid={problems.place ? true : undefined}
          onChange={(event) => onChange({ ...draft, place: event.target.value })}
        />
      </Field>
      <label className="choice">
        <input
          type="checkbox"
          data-testid="schedule-recording-allowed"
          checked={draft.recordingAllowed}
          onChange={(event) => onChange({ ...draft, recordingAllowed: event.target.checked })}
        />
        <span>
          {t('schedule.recordingAllowed')}
          <span className="muted"> — {t('schedule.recordingAllowedHint')}</span>
        </span>
      </label>
    </section>
  );
}
