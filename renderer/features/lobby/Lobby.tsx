// The lobby: what the meeting is, who you attend as, and a check of camera and microphone before joining.
import { useState, type ReactNode } from 'react';
import { AppHeader } from '../../app/AppHeader.tsx';
import {
  BuildingIcon,
  CamIcon,
  CamOffIcon,
  ClockIcon,
  MicIcon,
  MicOffIcon,
  PersonIcon,
  PlaceIcon,
} from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../i18n/format.ts';
import { stopTrack, type DeviceChoice } from '../devices/localMedia.ts';
import { MicLevelMeter } from '../devices/MicLevelMeter.tsx';
import { VideoView } from '../devices/MediaViews.tsx';
import { useMediaDevices } from '../devices/useMediaDevices.ts';
import type { Invite } from './inviteApi.ts';
import { useLobbyMedia } from './useLobbyMedia.ts';

export interface JoinRequest {
  camTrack: MediaStreamTrack | null;
  micTrack: MediaStreamTrack | null;
  /** Join with the microphone muted (its track is kept, so unmuting is instant). */
  micOn: boolean;
  devices: DeviceChoice;
  /** The name a guest typed to knock with (guest links name nobody). */
  guestName?: string;
}

function DeviceSelect({
  id,
  label,
  value,
  devices,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  devices: MediaDeviceInfo[];
  onChange(deviceId: string): void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={devices.some((d) => d.deviceId === value) ? value : ''}
        disabled={devices.length === 0}
        onChange={(event) => onChange(event.target.value)}
      >
        {devices.length === 0 && <option value="">{t('lobby.noDevice')}</option>}
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t('lobby.deviceFallback', { n: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A round on/off button over the preview: red while the device is off. */
function MediaToggle(props: { testId: string; on: boolean; label: string; icon: ReactNode; onToggle(): void }) {
  return (
    <button
      type="button"
      className={`round-btn${props.on ? '' : ' round-btn--off'}`}
      data-testid={props.testId}
      data-state={props.on ? 'on' : 'off'}
      aria-pressed={props.on}
      title={props.label}
      aria-label={props.label}
      onClick={props.onToggle}
    >
      {props.icon}
    </button>
  );
}

export function Lobby({ invite, onJoin }: { invite: Invite; onJoin(request: JoinRequest): void }) {
  const { t, locale } = useI18n();
  const media = useLobbyMedia();
  const devices = useMediaDevices(`${media.cam.track?.id}|${media.mic.track?.id}`);
  const [joining, setJoining] = useState(false);
  const guest = invite.waitingRoom === true;
  const [guestName, setGuestName] = useState('');
  const nameMissing = guest && guestName.trim() === '';

  // Chosen before joining, as a delegate often joins listening only: a camera left off is not even opened.
  const [micOn, setMicOn] = useState(true);
  const [camOn, setCamOn] = useState(true);

  const join = async () => {
    if (joining || nameMissing) return;
    setJoining(true);
    const handed = await media.handOver();
    if (!camOn) stopTrack(handed.camTrack);
    const request: JoinRequest = { ...handed, camTrack: camOn ? handed.camTrack : null, micOn };
    onJoin(guest ? { ...request, guestName: guestName.trim() } : request);
  };

  return (
    <div className="page page--lobby">
      <AppHeader />
      <main className="lobby">
        <section className="card lobby-info" aria-labelledby="meeting-title">
          <p className="eyebrow">{t('lobby.meeting')}</p>
          <h1 id="meeting-title" className="meeting-title">
            {invite.meeting.title}
          </h1>
          <dl className="facts">
            <div className="fact">
              <dt>
                <ClockIcon size={18} />
                {t('lobby.time')}
              </dt>
              <dd>{formatMeetingTime(invite.meeting.startsAt, locale)}</dd>
            </div>
            <div className="fact">
              <dt>
                <PlaceIcon size={18} />
                {t('lobby.place')}
              </dt>
              <dd>{invite.meeting.place}</dd>
            </div>
          </dl>

          <div className="divider" />

          <h2 className="section-label">{t('lobby.attendee')}</h2>
          <div className="field">
            <label className="field-label" htmlFor="display-name">
              {t('lobby.name')}
            </label>
            {guest ? (
              <input
                id="display-name"
                className="input"
                data-testid="guest-name"
                value={guestName}
                maxLength={120}
                autoComplete="name"
                aria-describedby="name-hint"
                onChange={(event) => setGuestName(event.target.value)}
              />
            ) : (
              <input
                id="display-name"
                className="input input--display"
                value={invite.name}
                readOnly
                aria-describedby="name-hint"
              />
            )}
            <span id="name-hint" className="field-hint">
              {guest ? t('lobby.guestHint') : t('lobby.nameHint')}
            </span>
          </div>
          <dl className="facts facts--inline">
            <div className="fact">
              <dt>
                <PersonIcon size={18} />
                {t('lobby.role')}
              </dt>
              <dd>
                <span className={`role-badge role-badge--${invite.role}`}>{t(`role.${invite.role}`)}</span>
              </dd>
            </div>
            <div className="fact">
              <dt>
                <BuildingIcon size={18} />
                {t('lobby.connectionPoint')}
              </dt>
              <dd>{invite.connectionPoint ?? t('lobby.none')}</dd>
            </div>
          </dl>
        </section>

        <section className="card lobby-media" aria-labelledby="media-heading">
          <div className="lobby-media-head">
            <h2 id="media-heading" className="card-title">
              {t('lobby.heading')}
            </h2>
            <p className="card-hint">{t('lobby.hint')}</p>
          </div>

          <div className="preview">
            <VideoView track={camOn ? media.cam.track : null} className="preview-video mirrored" data-preview="true" />
            {(!media.cam.track || !camOn) && (
              <div className="preview-placeholder">
                <CamOffIcon size={36} />
                <span>
                  {!camOn
                    ? t('lobby.cameraOff')
                    : media.cam.failed
                      ? t('lobby.cameraError')
                      : t('lobby.previewStarting')}
                </span>
              </div>
            )}
            <span className="preview-name">{guest ? guestName || t('role.guest') : invite.name}</span>
            <div className="preview-toggles">
              <MediaToggle
                testId="lobby-mic-toggle"
                on={micOn}
                label={micOn ? t('meeting.micTurnOff') : t('meeting.micTurnOn')}
                icon={micOn ? <MicIcon /> : <MicOffIcon />}
                onToggle={() => setMicOn((on) => !on)}
              />
              <MediaToggle
                testId="lobby-cam-toggle"
                on={camOn}
                label={camOn ? t('meeting.camTurnOff') : t('meeting.camTurnOn')}
                icon={camOn ? <CamIcon /> : <CamOffIcon />}
                onToggle={() => setCamOn((on) => !on)}
              />
            </div>
          </div>

          <div className="device-grid">
            <DeviceSelect
              id="camera-select"
              label={t('lobby.camera')}
              value={media.camDeviceId}
              devices={devices.cameras}
              onChange={media.selectCam}
            />
            <DeviceSelect
              id="mic-select"
              label={t('lobby.microphone')}
              value={media.micDeviceId}
              devices={devices.microphones}
              onChange={media.selectMic}
            />
          </div>
          <div className="field">
            <span className="field-label">{t('lobby.micLevel')}</span>
            <MicLevelMeter track={media.mic.track} label={t('lobby.micLevel')} />
            {media.mic.failed && <span className="field-error">{t('lobby.micError')}</span>}
          </div>

          <button
            type="button"
            className="btn btn-primary btn-lg btn-block"
            data-testid="join"
            onClick={join}
            disabled={joining || nameMissing}
          >
            {joining ? t('lobby.joining') : guest ? t('lobby.askToJoin') : t('lobby.join')}
          </button>
        </section>
      </main>
    </div>
  );
}
