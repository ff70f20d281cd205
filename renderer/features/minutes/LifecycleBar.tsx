// The bar above the record: its state, the lifecycle steps this person may take now (send for review, back to
// draft, finalise, reopen), signing, exports with progress, filing and its status. The server checks every step
// again; the buttons only follow common/minutesView.ts.
import { useEffect, useState, type ReactNode } from 'react';
import type { LifecycleAction } from '../../../common/minutes.ts';
import type { MinutesView } from '../../../common/minutesView.ts';
import { useStore } from '../../app/store.ts';
import { exportPercent, type MinutesStore } from './minutesStore.ts';
import { clock } from './parts.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { minutesErrorText, type Translate } from './minutesErrors.ts';
import { FinaliseDialog, NoteDialog } from './LifecycleDialogs.tsx';
import { SignDialog } from './SignDialog.tsx';
import { FilingFollowUpPanel } from './FilingFollowUpPanel.tsx';

export function FilingStatusLine({ view, t }: { view: MinutesView; t: Translate }) {
  const filing = view.filing;
  const target = t(`minutes.archive.${filing?.target ?? view.archive}` as MessageKey);
  let text: string;
  if (!filing) text = t('minutes.filing.none');
  else if (filing.state === 'filed') text = t('minutes.filing.filed', { target, id: filing.receipt?.id ?? '' });
  else if (filing.state === 'failed') text = t('minutes.filing.failed', { error: filing.lastError?.detail ?? '' });
  else {
    text = t(`minutes.filing.${filing.state}`, {
      target,
      attempts: filing.attempts,
      time: clock(filing.nextAttemptAt),
    });
  }
  return (
    <span
      className={`mn-filing mn-filing--${filing?.state ?? 'none'}`}
      data-testid="filing-status"
      data-state={filing?.state ?? 'none'}
      role="status"
      title={text}
    >
      {text}
    </span>
  );
}

type Open = null | 'finalise' | 'reopen' | 'return' | 'sign';

/** A small button of the lifecycle bar. */
function BarButton(props: {
  primary?: boolean;
  className?: string;
  testId?: string;
  disabled: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`btn ${props.primary ? 'btn-primary' : 'btn-secondary'} btn-sm${props.className ? ` ${props.className}` : ''}`}
      data-testid={props.testId}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

export function LifecycleBar({
  store,
  t,
  actions,
  canRefile = false,
  canFollowUp = false,
  canSign,
  beforeStep,
  onError,
  numberHint,
}: {
  store: MinutesStore;
  t: Translate;
  actions: LifecycleAction[];
  /** A receiving system refused the filed record: the secretary may send it again as a new package. */
  canRefile?: boolean;
  /** The chair or the secretary may update or recall the filed record (common/minutesFiling.ts). */
  canFollowUp?: boolean;
  canSign: boolean;
  /** Sends the editor's pending changes and waits for them to be stored (before locking). */
  beforeStep(): Promise<void>;
  onError(message: string): void;
  numberHint: string;
}) {
  const { view, identity, exporting, busy, remote } = useStore(store);
  const [open, setOpen] = useState<Open>(null);
  // A remote signature ends on the phone: signed closes the dialog, anything else says why.
  useEffect(() => {
    let seen = store.getState().remoteResult;
    return store.subscribe(() => {
      const result = store.getState().remoteResult;
      if (!result || result === seen) return;
      seen = result;
      if (result.state === 'signed') setOpen(null);
      else if (result.state === 'failed' && result.detail === 'cancelled')
        return; // the person cancelled it here
      else onError(t(`minutes.error.remote_${result.state}`, { detail: result.detail ?? '' }));
    });
  }, [store, onError, t]);
  if (!view) return null;
  const run = async (step: () => Promise<void>, close = true) => {
    try {
      await step();
      if (close) setOpen(null);
    } catch (error) {
      onError(minutesErrorText(t, error as { code?: string; reason?: string; message?: string }));
    }
  };
  const has = (a: LifecycleAction) => actions.includes(a);
  const sign = () => {
    if (identity?.kind === 'demo') void run(() => store.sign());
    else setOpen('sign');
  };
  const percent = exporting ? exportPercent(exporting) : 0;

  return (
    <div className="mn-bar" data-testid="minutes-bar">
      <div className="mn-bar-state">
        <span className={`mn-state mn-state--${view.state}`} data-testid="minutes-state" data-state={view.state}>
          {t(`minutes.state.${view.state}`)}
        </span>
        {view.number && <span className="mn-number">Số: {view.number}</span>}
      </div>
      <div className="mn-bar-actions">
        {has('submitForReview') && (
          <BarButton
            testId="minutes-submit"
            disabled={busy !== null}
            onClick={() =>
              void run(async () => {
                await beforeStep();
                await store.act({ action: 'submitForReview' });
              })
            }
          >
            {t('minutes.action.submitForReview')}
          </BarButton>
        )}
        {has('returnToDraft') && (
          <BarButton disabled={busy !== null} onClick={() => setOpen('return')}>
            {t('minutes.action.returnToDraft')}
          </BarButton>
        )}
        {has('finalise') && (
          <BarButton primary testId="minutes-finalise" disabled={busy !== null} onClick={() => setOpen('finalise')}>
            {t('minutes.action.finalise')}
          </BarButton>
        )}
        {has('reopen') && (
          <BarButton disabled={busy !== null} onClick={() => setOpen('reopen')}>
            {t('minutes.action.reopen')}
          </BarButton>
        )}
        {canSign && (
          <BarButton
            primary
            className="mn-sign"
            testId="minutes-sign"
            disabled={!has('sign') || busy !== null}
            onClick={sign}
          >
            {busy === 'sign' ? t('minutes.signing') : t('minutes.action.sign')}
          </BarButton>
        )}
        <span className="mn-sep" aria-hidden="true" />
        <BarButton
          testId="minutes-export-pdf"
          disabled={exporting !== null}
          onClick={() => void run(() => store.export('pdf'))}
        >
          {exporting?.format === 'pdf' ? t('minutes.exporting', { percent }) : t('minutes.action.exportPdf')}
        </BarButton>
        <BarButton
          testId="minutes-export-docx"
          disabled={exporting !== null}
          onClick={() => void run(() => store.export('docx'))}
        >
          {exporting?.format === 'docx' ? t('minutes.exporting', { percent }) : t('minutes.action.exportDocx')}
        </BarButton>
        {(has('file') || view.filing?.state === 'failed' || canRefile) && (
          <BarButton
            primary
            testId="minutes-file"
            disabled={busy !== null}
            onClick={() => void run(() => store.file())}
          >
            {canRefile
              ? t('minutes.filing.refile')
              : view.filing?.state === 'failed'
                ? t('minutes.filing.retry')
                : t('minutes.action.file')}
          </BarButton>
        )}
      </div>
      <FilingStatusLine view={view} t={t} />
      <FilingFollowUpPanel
        view={view}
        t={t}
        canFollowUp={canFollowUp}
        busy={busy !== null}
        onSend={async (request) => {
          try {
            await store.followUp(request);
            return true;
          } catch (error) {
            onError(minutesErrorText(t, error as { code?: string; reason?: string; message?: string }));
            return false;
          }
        }}
      />

      {open === 'finalise' && (
        <FinaliseDialog
          t={t}
          numberHint={numberHint}
          busy={busy !== null}
          onClose={() => setOpen(null)}
          onConfirm={(number) =>
            void run(async () => {
              await beforeStep();
              await store.act(number ? { action: 'finalise', number } : { action: 'finalise' });
            })
          }
        />
      )}
      {(open === 'reopen' || open === 'return') && (
        <NoteDialog
          t={t}
          title={open === 'reopen' ? t('minutes.reopenTitle') : t('minutes.action.returnToDraft')}
          label={open === 'reopen' ? t('minutes.reopenReason') : t('minutes.returnNote')}
          required={open === 'reopen'}
          onClose={() => setOpen(null)}
          onConfirm={(note) =>
            void run(() =>
              store.act(
                open === 'reopen'
                  ? { action: 'reopen', note }
                  : note
                    ? { action: 'returnToDraft', note }
                    : { action: 'returnToDraft' },
              ),
            )
          }
        />
      )}
      {open === 'sign' && (
        <SignDialog
          t={t}
          identity={identity}
          busy={busy !== null}
          documentTitle={t('minutes.sign.documentTitle', { number: view.number ?? '' })}
          onClose={() => setOpen(null)}
          onError={(error) =>
            onError(minutesErrorText(t, error as { code?: string; reason?: string; message?: string }))
          }
          onImage={(png) => store.uploadSignatureImage(png)}
          remoteWaiting={remote !== null}
          onRemoteRegister={(userID) => void run(() => store.registerRemote(userID), false)}
          onRemoteSign={(sha256) => void run(() => store.signRemote(sha256), false)}
          onRemoteCancel={() => void run(() => store.cancelRemote(), false)}
          onSign={(task) =>
            void run(async () => {
              const { signer, registration, certificateSha256 } = await task();
              if (registration) {
                await store.registerCertificate(registration.certificate, registration.chain, registration.method);
              }
              await store.signWith(signer, certificateSha256 ?? undefined);
            })
          }
        />
      )}
    </div>
  );
}
