// Cancelling a scheduled meeting, behind a confirmation: everyone invited sees it cancelled on their home page.
import { useEffect, useRef, useState } from 'react';
import { hrefFor, navigate } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api, meetingPath } from '../api.ts';
import { ErrorText } from '../ui.tsx';
import { useAction } from '../useAction.ts';

export function CancelMeeting({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const confirm = () =>
    run(
      async () => {
        await api.post(meetingPath(meetingId, '/cancel'), {});
        setOpen(false);
        navigate(hrefFor({ name: 'home' }));
      },
      { stayBusy: true },
    );

  return (
    <>
      <button
        type="button"
        className="btn btn-danger-outline"
        data-testid="schedule-cancel-meeting"
        onClick={() => setOpen(true)}
      >
        {t('schedule.cancelMeeting')}
      </button>
      <dialog
        ref={dialog}
        className="office-confirm"
        aria-labelledby="cancel-meeting-title"
        onClose={() => setOpen(false)}
      >
        <h2 id="cancel-meeting-title" className="office-confirm-title">
          {t('schedule.cancelMeeting')}
        </h2>
        <p className="office-confirm-text">{t('schedule.cancelConfirm')}</p>
        {error && <ErrorText error={error} />}
        <div className="office-confirm-actions">
          <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)} disabled={busy}>
            {t('schedule.cancelNo')}
          </button>
          <button
            type="button"
            className="btn btn-danger"
            data-testid="schedule-cancel-confirm"
            onClick={confirm}
            disabled={busy}
          >
            {t('schedule.cancelYes')}
          </button>
        </div>
      </dialog>
    </>
  );
}
