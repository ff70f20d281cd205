// The dialogs of the minutes' lifecycle bar: finalising with the record's number, a reopening reason or a note on
// returning to draft (signing has its own: SignDialog.tsx).
import { useState, type ReactNode } from 'react';
import type { Translate } from './minutesErrors.ts';

export function Dialog({
  title,
  children,
  onClose,
  testId,
}: {
  title: string;
  children: ReactNode;
  onClose(): void;
  testId: string;
}) {
  return (
    <div className="mn-dialog-backdrop" role="presentation" onClick={onClose}>
      <div
        className="mn-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h3 className="mn-dialog-title">{title}</h3>
        {children}
      </div>
    </div>
  );
}

export function FinaliseDialog({
  t,
  numberHint,
  busy,
  onClose,
  onConfirm,
}: {
  t: Translate;
  numberHint: string;
  busy: boolean;
  onClose(): void;
  onConfirm(number: string): void;
}) {
  const [number, setNumber] = useState(numberHint);
  return (
    <Dialog title={t('minutes.finaliseTitle')} onClose={onClose} testId="minutes-finalise-dialog">
      <p className="mn-dialog-text">{t('minutes.finaliseHint')}</p>
      <label className="field">
        <span className="field-label">{t('minutes.number')}</span>
        <input
          className="input"
          data-testid="minutes-number"
          value={number}
          autoFocus
          onChange={(e) => setNumber(e.currentTarget.value)}
        />
      </label>
      <div className="mn-dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('minutes.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="minutes-finalise-confirm"
          disabled={busy}
          onClick={() => onConfirm(number.trim())}
        >
          {t('minutes.confirm')}
        </button>
      </div>
    </Dialog>
  );
}

export function NoteDialog({
  t,
  title,
  label,
  required,
  onClose,
  onConfirm,
}: {
  t: Translate;
  title: string;
  label: string;
  required: boolean;
  onClose(): void;
  onConfirm(note: string): void;
}) {
  const [note, setNote] = useState('');
  return (
    <Dialog title={title} onClose={onClose} testId="minutes-note-dialog">
      <label className="field">
        <span className="field-label">{label}</span>
        <textarea className="input mn-note" value={note} autoFocus onChange={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div className="mn-dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('minutes.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={required && note.trim() === ''}
          onClick={() => onConfirm(note.trim())}
        >
          {t('minutes.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
