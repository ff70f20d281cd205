// The filed record's panel under the lifecycle bar: what the receiving systems reported, every package sent for the
// record (first filing, filings again, updates, a recall) with its state, where the follow-ups stand (đã thu hồi…),
// and for the chair and the secretary "Cập nhật" and "Thu hồi" with their reason. The server checks every rule
// again (common/minutesFiling.ts); this only follows the view. Its styles (filing.css) come with the workspace's.
import { useState } from 'react';
import type { FiledPackage, FilingFollowUpRequest } from '../../../common/minutesFiling.ts';
import type { MinutesView } from '../../../common/minutesView.ts';
import { FilingStatuses } from '../office/history/FilingStatuses.tsx';
import { Dialog } from './LifecycleDialogs.tsx';
import type { Translate } from './minutesErrors.ts';
import { clock } from './parts.tsx';

function PackageRow({ p, t }: { p: FiledPackage; t: Translate }) {
  const note =
    p.state === 'failed'
      ? t('filing.package.failed', { error: p.lastError?.detail ?? '' })
      : p.sentAt
        ? null
        : t('filing.package.waiting');
  return (
    <li className="mn-filing-package" data-testid="filing-package" data-kind={p.kind} data-state={p.state}>
      <span className="mn-filing-package-kind">{t(`filing.package.${p.kind}`)}</span>
      {p.sentAt && <time dateTime={p.sentAt}>{clock(p.sentAt)}</time>}
      {p.reason && <span className="mn-muted">{p.reason}</span>}
      {note && <span className="mn-muted">{note}</span>}
    </li>
  );
}

function FollowUpDialog({
  kind,
  t,
  busy,
  onClose,
  onSend,
}: {
  kind: 'update' | 'recall';
  t: Translate;
  busy: boolean;
  onClose(): void;
  onSend(request: FilingFollowUpRequest): void;
}) {
  const [replace, setReplace] = useState(false);
  const [reason, setReason] = useState('');
  const recall = kind === 'recall';
  const send = () => {
    const text = reason.trim();
    if (recall) onSend({ kind: 'recall', reason: text });
    else onSend({ kind: replace ? 'replace' : 'update', ...(text ? { reason: text } : {}) });
  };
  return (
    <Dialog
      title={recall ? t('filing.recallTitle') : t('filing.updateTitle')}
      onClose={onClose}
      testId={`filing-${kind}-dialog`}
    >
      <p className="mn-muted">{recall ? t('filing.recallHint') : t('filing.updateHint')}</p>
      {!recall && (
        <fieldset className="mn-dialog-choice">
          {(['update', 'replace'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="filing-kind"
                data-testid={`filing-kind-${k}`}
                checked={replace === (k === 'replace')}
                onChange={() => setReplace(k === 'replace')}
              />{' '}
              {t(`filing.kind.${k}`)}
            </label>
          ))}
        </fieldset>
      )}
      <label className="mn-dialog-field">
        {recall ? t('filing.reason') : t('filing.reasonOptional')}
        <textarea
          data-testid="filing-reason"
          maxLength={500}
          required={recall}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="mn-dialog-actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={onClose}>
          {t('filing.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-sm"
          data-testid="filing-send"
          disabled={busy || (recall && reason.trim() === '')}
          onClick={send}
        >
          {t('filing.send')}
        </button>
      </div>
    </Dialog>
  );
}

export function FilingFollowUpPanel({
  view,
  t,
  canFollowUp,
  busy,
  onSend,
}: {
  view: MinutesView;
  t: Translate;
  /** The chair or the secretary, on a record filed to an archive that takes follow-ups, with nothing waiting. */
  canFollowUp: boolean;
  busy: boolean;
  /** Sends the follow-up; resolves true once the server took it (the dialog then closes). */
  onSend(request: FilingFollowUpRequest): Promise<boolean>;
}) {
  const [open, setOpen] = useState<null | 'update' | 'recall'>(null);
  const filing = view.filing;
  if (!filing || filing.followUps.packages.length === 0) return null;
  const state = filing.followUps.state;
  return (
    <section className="mn-filing-panel" data-testid="filing-panel" data-followup-state={state}>
      {state !== 'none' && (
        <span className={`mn-filing-followup mn-filing-followup--${state}`} data-testid="filing-followup-state">
          {t(`filing.state.${state}`)}
        </span>
      )}
      <FilingStatuses statuses={filing.receiverStatuses} />
      <h3 className="mn-filing-history-title">{t('filing.history')}</h3>
      <ol className="mn-filing-history">
        {filing.followUps.packages.map((p, i) => (
          <PackageRow key={`${p.kind}-${i}`} p={p} t={t} />
        ))}
      </ol>
      {canFollowUp && (
        <div className="mn-filing-actions">
          {(['update', 'recall'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className={`btn btn-secondary btn-sm${kind === 'recall' ? ' mn-danger' : ''}`}
              data-testid={`filing-${kind}`}
              disabled={busy}
              onClick={() => setOpen(kind)}
            >
              {t(`filing.action.${kind}`)}
            </button>
          ))}
        </div>
      )}
      {open && (
        <FollowUpDialog
          kind={open}
          t={t}
          busy={busy}
          onClose={() => setOpen(null)}
          onSend={(request) => void onSend(request).then((sent) => sent && setOpen(null))}
        />
      )}
    </section>
  );
}
