// The bottom control bar: microphone, camera, and leaving the meeting; features add their buttons through `extra`
// (beside the microphone and camera).
import type { ReactNode } from 'react';
import { CamIcon, CamOffIcon, LeaveIcon, MicIcon, MicOffIcon, PeopleIcon } from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export function ControlBar({
  micOn,
  camOn,
  participantCount,
  onToggleMic,
  onToggleCam,
  onLeave,
  extra,
}: {
  micOn: boolean;
  camOn: boolean;
  participantCount: number;
  onToggleMic(): void;
  onToggleCam(): void;
  onLeave(): void;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <footer className="controlbar">
      <div className="controlbar-start">
        <PeopleIcon size={18} />
        <span>{t('meeting.participants', { count: participantCount })}</span>
      </div>
      <div className="controlbar-center">
        <button
          type="button"
          className={`ctl${micOn ? '' : ' ctl--off'}`}
          data-testid="mic-toggle"
          data-state={micOn ? 'on' : 'off'}
          aria-pressed={micOn}
          aria-label={micOn ? t('meeting.micTurnOff') : t('meeting.micTurnOn')}
          title={micOn ? t('meeting.micTurnOff') : t('meeting.micTurnOn')}
          onClick={onToggleMic}
        >
          <span className="ctl-icon">{micOn ? <MicIcon size={22} /> : <MicOffIcon size={22} />}</span>
          <span className="ctl-label">{t('meeting.mic')}</span>
        </button>
        <button
          type="button"
          className={`ctl${camOn ? '' : ' ctl--off'}`}
          data-testid="cam-toggle"
          data-state={camOn ? 'on' : 'off'}
          aria-pressed={camOn}
          aria-label={camOn ? t('meeting.camTurnOff') : t('meeting.camTurnOn')}
          title={camOn ? t('meeting.camTurnOff') : t('meeting.camTurnOn')}
          onClick={onToggleCam}
        >
          <span className="ctl-icon">{camOn ? <CamIcon size={22} /> : <CamOffIcon size={22} />}</span>
          <span className="ctl-label">{t('meeting.cam')}</span>
        </button>
        {extra}
      </div>
      <div className="controlbar-end">
        <button type="button" className="btn btn-danger" data-testid="leave" onClick={onLeave}>
          <LeaveIcon size={22} />
          {t('meeting.leave')}
        </button>
      </div>
    </footer>
  );
}
