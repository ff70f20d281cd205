// The guest's waiting room: "please wait for the chair to let you in", with the camera preview, until the chair
// admits (the meeting opens), declines, or the meeting turns out to be locked or over.
import { useEffect, useEffectEvent, useState } from 'react';
import { AppHeader } from '../../app/AppHeader.tsx';
import { ClockIcon, ExitIcon } from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../i18n/format.ts';
import { VideoView } from '../devices/MediaViews.tsx';
import type { Invite } from './inviteApi.ts';
import { knockAtWaitingRoom, type WaitingStatus } from './waitingRoom.ts';
import './waiting.css';

export function WaitingRoom({
  invite,
  name,
  camTrack,
  onAdmitted,
  onCancel,
}: {
  invite: Invite;
  name: string;
  camTrack: MediaStreamTrack | null;
  onAdmitted(token: string): void;
  onCancel(): void;
}) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<WaitingStatus>('knocking');
  const [attempt, setAttempt] = useState(0);

  // The knock lives as long as the page; a new callback from a re-render must not knock again.
  const admitted = useEffectEvent((token: string) => onAdmitted(token));
  useEffect(
    () =>
      knockAtWaitingRoom(invite.token, name, {
        status: setStatus,
        admitted: (token) => admitted(token),
      }),
    [invite.token, name, attempt],
  );

  const over = status === 'declined' || status === 'locked' || status === 'ended';
  const title =
    status === 'declined'
      ? t('waiting.declined')
      : status === 'locked'
        ? t('waiting.locked')
        : status === 'ended'
          ? t('errorPage.meeting_ended')
          : status === 'failed'
            ? t('waiting.failed')
            : status === 'admitted'
              ? t('waiting.admitted')
              : t('waiting.title');

  return (
    <div className="page">
      <AppHeader />
      <main className="page-center">
        <section
          className={`notice-card waiting-card${over ? ' notice-card--error' : ''}`}
          data-testid="waiting-room-page"
          data-status={status}
          role="status"
          aria-live="polite"
        >
          <div className="waiting-preview">
            <VideoView track={camTrack} className="preview-video mirrored" />
            <span className="preview-name">{name}</span>
          </div>
          {over ? (
            <div className="notice-icon notice-icon--error">
              <ExitIcon size={30} />
            </div>
          ) : (
            status !== 'failed' && <span className="spinner spinner--dark" aria-hidden="true" />
          )}
          <h1 className="notice-title">{title}</h1>
          <p className="notice-meeting">{invite.meeting.title}</p>
          <p className="notice-text notice-text--muted waiting-when">
            <ClockIcon size={16} />
            {formatMeetingTime(invite.meeting.startsAt, locale)}
          </p>
          {(status === 'waiting' || status === 'knocking') && (
            <p className="notice-text">{t('waiting.detail', { name })}</p>
          )}
          {status === 'declined' && <p className="notice-text">{t('waiting.declinedDetail')}</p>}
          <div className="waiting-actions">
            {status === 'failed' && (
              <button type="button" className="btn btn-primary" onClick={() => setAttempt((n) => n + 1)}>
                {t('waiting.retry')}
              </button>
            )}
            {status !== 'admitted' && (
              <button type="button" className="btn btn-secondary" data-testid="waiting-cancel" onClick={onCancel}>
                {over ? t('common.close') : t('waiting.cancel')}
              </button>
            )}
          </div>
        </section>
      </main>
    </div>
  );
}
