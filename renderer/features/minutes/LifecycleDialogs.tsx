// The dialogs of the minutes' lifecycle bar: finalising with the record's number, a reopening reason or a note on
// returning to draft, and signing with the certificate bound to the account (or one imported from a PKCS#12 file).
import { useState, type ReactNode } from 'react';
import type { SigningIdentityInfo } from '../../../common/minutesView.ts';
import type { Translate } from './minutesErrors.ts';

function Dialog({
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

export function SignDialog({
  t,
  identity,
  busy,
  onClose,
  onSign,
  onImport,
}: {
  t: Translate;
  identity: SigningIdentityInfo | null;
  busy: boolean;
  onClose(): void;
  onSign(password: string): void;
  onImport(file: File, password: string): void;
}) {
  const [password, setPassword] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [importing, setImporting] = useState(identity === null);
  return (
    <Dialog
      title={importing ? t('minutes.importTitle') : t('minutes.signTitle')}
      onClose={onClose}
      testId="minutes-sign-dialog"
    >
      {identity && !importing && (
        <p className="mn-dialog-text">
          {t('minutes.signWith', {
            subject: identity.subject,
            issuer: identity.issuer,
            date: identity.notAfter.slice(0, 10),
          })}
        </p>
      )}
      {importing && (
        <>
          <p className="mn-dialog-text">{t('minutes.importHint')}</p>
          <label className="field">
            <span className="field-label">{t('minutes.importFile')}</span>
            <input
              type="file"
              accept=".p12,.pfx,application/x-pkcs12"
              data-testid="minutes-p12"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
        </>
      )}
      <label className="field">
        <span className="field-label">{t('minutes.password')}</span>
        <input
          className="input"
          type="password"
          autoComplete="off"
          data-testid="minutes-p12-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <div className="mn-dialog-actions">
        {!importing && (
          <button type="button" className="mn-link" onClick={() => setImporting(true)}>
            {t('minutes.importAnother')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('minutes.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="minutes-sign-confirm"
          disabled={busy || password === '' || (importing && !file)}
          onClick={() => (importing && file ? onImport(file, password) : onSign(password))}
        >
          {importing ? t('minutes.importDo') : t('minutes.action.sign')}
        </button>
      </div>
    </Dialog>
  );
}
