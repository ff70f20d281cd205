// The agenda of the scheduling form: ordered items, each with a title, a presenter, a time box and its documents.
// A PDF chosen for an item already saved is sent at once; for a new item it waits for the meeting's save.
import type { ChangeEvent } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from '../icons.tsx';
import { DocumentChipContent } from '../ui.tsx';
import {
  agendaMinutes,
  moveItem,
  newAgendaItem,
  type AgendaDraft,
  type FormDraft,
  type FormProblems,
} from './formState.ts';
import type { UploadProblem } from './uploads.ts';

export type UploadState =
  { status: 'uploading'; name: string } | { status: 'failed'; name: string; problem: UploadProblem };

interface ItemProps {
  item: AgendaDraft;
  index: number;
  count: number;
  problems: FormProblems['agenda'][string] | undefined;
  upload: UploadState | undefined;
  /** Items saved with the meeting upload at once; others keep the file until the save. */
  uploadsNow: boolean;
  onChange(item: AgendaDraft): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  onFile(file: File): void;
}

function UploadLine({ item, upload, uploadsNow }: Pick<ItemProps, 'item' | 'upload' | 'uploadsNow'>) {
  const { t } = useI18n();
  if (upload?.status === 'uploading')
    return (
      <p className="sched-agenda-upload" role="status">
        <span className="spinner spinner--small" aria-hidden="true" />
        {t('schedule.uploading', { name: upload.name })}
      </p>
    );
  if (upload?.status === 'failed')
    return (
      <div
        className="sched-agenda-upload sched-agenda-upload--failed"
        role="alert"
        data-testid="schedule-agenda-upload-error"
      >
        <p>
          {t('schedule.uploadFailed', { name: upload.name })} {t(upload.problem.key, upload.problem.params)}
        </p>
        {upload.problem.detail && <p className="form-error-detail">{upload.problem.detail}</p>}
      </div>
    );
  if (item.pendingFile && !uploadsNow)
    return <p className="sched-agenda-upload">{t('schedule.pending', { name: item.pendingFile.name })}</p>;
  return null;
}

function AgendaItemRow(props: ItemProps) {
  const { t } = useI18n();
  const { item, index, problems } = props;
  const id = `agenda-${item.key}`;
  const set = (change: Partial<AgendaDraft>) => props.onChange({ ...item, ...change });
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) props.onFile(file);
  };
  return (
    <li className="sched-agenda-item" data-testid="schedule-agenda-item" data-item-id={item.id ?? ''}>
      <span className="office-number" aria-hidden="true">
        {index + 1}
      </span>
      <div className="sched-agenda-fields">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-title`}>
            {t('schedule.itemTitle', { n: index + 1 })}
          </label>
          <input
            id={`${id}-title`}
            className="input"
            data-testid="schedule-agenda-title"
            value={item.title}
            maxLength={300}
            aria-invalid={problems?.title ? true : undefined}
            onChange={(event) => set({ title: event.target.value })}
          />
          {problems?.title && <span className="field-error">{t(problems.title)}</span>}
        </div>
        <div className="sched-agenda-meta">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-presenter`}>
              {t('schedule.presenter')}
            </label>
            <input
              id={`${id}-presenter`}
              className="input"
              data-testid="schedule-agenda-presenter"
              value={item.presenter}
              maxLength={120}
              onChange={(event) => set({ presenter: event.target.value })}
            />
          </div>
          <div className="field sched-agenda-duration">
            <label className="field-label" htmlFor={`${id}-duration`}>
              {t('schedule.duration')}
            </label>
            <input
              id={`${id}-duration`}
              className="input"
              data-testid="schedule-agenda-duration"
              type="number"
              min={1}
              max={600}
              inputMode="numeric"
              value={item.duration}
              aria-invalid={problems?.duration ? true : undefined}
              onChange={(event) => set({ duration: event.target.value })}
            />
            {problems?.duration && <span className="field-error">{t(problems.duration)}</span>}
          </div>
        </div>
        <div className="sched-agenda-documents">
          {item.documents.map((doc) => (
            <span key={doc.id} className="doc-chip" data-testid="schedule-agenda-document">
              <DocumentChipContent document={doc} />
            </span>
          ))}
          <label className="btn btn-secondary btn-small file-button">
            <input
              type="file"
              className="visually-hidden"
              accept="application/pdf,.pdf"
              data-testid="schedule-agenda-file"
              onChange={pick}
            />
            <PlusIcon size={16} />
            {t('schedule.attach')}
          </label>
        </div>
        <UploadLine item={item} upload={props.upload} uploadsNow={props.uploadsNow} />
      </div>
      <div className="sched-agenda-tools">
        <button
          type="button"
          className="office-icon-btn"
          data-testid="schedule-agenda-up"
          title={t('schedule.up')}
          aria-label={t('schedule.up')}
          disabled={index === 0}
          onClick={() => props.onMove(-1)}
        >
          <ArrowUpIcon size={17} />
        </button>
        <button
          type="button"
          className="office-icon-btn"
          data-testid="schedule-agenda-down"
          title={t('schedule.down')}
          aria-label={t('schedule.down')}
          disabled={index === props.count - 1}
          onClick={() => props.onMove(1)}
        >
          <ArrowDownIcon size={17} />
        </button>
        <button
          type="button"
          className="office-icon-btn office-icon-btn--danger"
          data-testid="schedule-agenda-remove"
          title={t('schedule.remove')}
          aria-label={t('schedule.remove')}
          onClick={props.onRemove}
        >
          <TrashIcon size={17} />
        </button>
      </div>
    </li>
  );
}

export function AgendaEditor({
  draft,
  problems,
  uploads,
  meetingSaved,
  onChange,
  onFile,
}: {
  draft: FormDraft;
  problems: FormProblems['agenda'];
  uploads: Record<string, UploadState>;
  meetingSaved: boolean;
  onChange(agenda: AgendaDraft[]): void;
  onFile(item: AgendaDraft, file: File): void;
}) {
  const { t } = useI18n();
  const items = draft.agenda;
  const replace = (index: number, item: AgendaDraft) => onChange(items.map((old, i) => (i === index ? item : old)));
  const minutes = agendaMinutes(draft);
  return (
    <section className="card form-card" aria-labelledby="schedule-agenda">
      <div className="form-card-head">
        <h2 id="schedule-agenda" className="form-card-title">
          {t('schedule.agenda')}
        </h2>
        {minutes > 0 && <span className="form-card-note">{t('schedule.totalDuration', { minutes })}</span>}
      </div>
      {items.length === 0 ? (
        <p className="office-empty">{t('schedule.agendaEmpty')}</p>
      ) : (
        <ol className="sched-agenda-list">
          {items.map((item, index) => (
            <AgendaItemRow
              key={item.key}
              item={item}
              index={index}
              count={items.length}
              problems={problems[item.key]}
              upload={uploads[item.key]}
              uploadsNow={meetingSaved && item.id !== undefined}
              onChange={(next) => replace(index, next)}
              onMove={(delta) => onChange(moveItem(items, index, delta))}
              onRemove={() => onChange(items.filter((_, i) => i !== index))}
              onFile={(file) => onFile(item, file)}
            />
          ))}
        </ol>
      )}
      <button
        type="button"
        className="btn btn-secondary sched-agenda-add"
        data-testid="schedule-agenda-add"
        onClick={() => onChange([...items, newAgendaItem()])}
      >
        <PlusIcon size={17} />
        {t('schedule.agendaAdd')}
      </button>
    </section>
  );
}
