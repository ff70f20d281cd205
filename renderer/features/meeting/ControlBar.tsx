// The bottom control bar: microphone, camera, and leaving the meeting; features add their buttons through `extra`
// (beside the microphone and camera).
import type { ReactNode } from 'react';
import { CamIcon, CamOffIcon, LeaveIcon, MicIcon, MicOffIcon, PeopleIcon } from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** The microphone or camera button: `action` (what a click does) is its tooltip and accessible name. */
function DeviceToggle(props: {
  testId: string;
  on: boolean;
  label: string;
  action: string;
  icon: ReactNode;
  onToggle(): void;
}) {
  return (
    <button
      type="button"
      className={`ctl${props.on ? '' : ' ctl--off'}`}
      data-testid={props.testId}
      data-state={props.on ? 'on' : 'off'}
      aria-pressed={props.on}
      aria-label={props.action}
      title={props.action}
      onClick={props.onToggle}
    >
      <span className="ctl-icon">{props.icon}</span>
      <span className="ctl-label">{props.label}</span>
    </button>
  );
}

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
        <DeviceToggle
          testId="mic-toggle"
          on={micOn}
          label={t('meeting.mic')}
          action={micOn ? t('meeting.micTurnOff') : t('meeting.micTurnOn')}
          icon={micOn ? <MicIcon size={22} /> : <MicOffIcon size={22} />}
          onToggle={onToggleMic}
        />
        <DeviceToggle
          testId="cam-toggle"
          on={camOn}
          label={t('meeting.cam')}
          action={camOn ? t('meeting.camTurnOff') : t('meeting.camTurnOn')}
          icon={camOn ? <CamIcon size={22} /> : <CamOffIcon size={22} />}
          onToggle={onToggleCam}
        />
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
