// The chair's controls for running the briefing: the agenda (next item, jump to an item), microphones (mute all,
// answer requests to unmute), the spotlight, the waiting room and lock, and ending the meeting after a confirmation.
import { useState } from 'react';
import { DoorIcon, LockIcon, NextIcon, UnlockIcon } from '../../app/briefingIcons.tsx';
import { MicOffIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { currentAgendaItem } from '../floor/floorState.ts';
import { elapsedMs, formatDuration, useNow } from '../floor/time.ts';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import './chair.css';
import { MediaPolicyControls } from '../screenShare/MediaPolicyControls.tsx';

function AgendaControls() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const { agenda } = useStore(briefing.floor);
  const act = useAction();
  const now = useNow();
  if (!agenda || agenda.items.length === 0) return null;
  const current = currentAgendaItem(agenda);
  const atEnd = agenda.currentIndex !== null && agenda.currentIndex >= agenda.items.length - 1;
  return (
    <section className="panel-section">
      <div className="panel-heading-row">
        <h3 className="panel-heading">{t('controls.agenda')}</h3>
        <button
          type="button"
          className="btn btn-primary btn-sm"
          data-testid="next-agenda"
          disabled={atEnd}
          onClick={() => void act(() => briefing.session.request('nextAgendaItem', {}))}
        >
          <NextIcon size={16} />
          {current ? t('controls.nextItem') : t('controls.startAgenda')}
        </button>
      </div>
      <ol className="agenda-list">
        {agenda.items.map((item, index) => {
          const isCurrent = index === agenda.currentIndex;
          const done = agenda.currentIndex !== null && index < agenda.currentIndex;
          return (
            <li key={item.id}>
              <button
                type="button"
                className={`agenda-row${isCurrent ? ' agenda-row--current' : ''}${done ? ' agenda-row--done' : ''}`}
                data-testid="agenda-item"
                aria-current={isCurrent ? 'step' : undefined}
                title={t('controls.jumpTo')}
                onClick={() => !isCurrent && void act(() => briefing.session.request('setAgendaItem', { index }))}
              >
                <span className="agenda-row-number">{index + 1}</span>
                <span className="agenda-row-text">
                  <span className="agenda-row-title">{item.title}</span>
                  <span className="agenda-row-meta">
                    {item.presenter} · {t('floor.minutes', { n: item.durationMinutes })}
                    {isCurrent && ` · ${formatDuration(elapsedMs(agenda.startedAt, now))}`}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function MicControls() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const status = useStore(briefing.status);
  const act = useAction();
  const [allowSelfUnmute, setAllowSelfUnmute] = useState(false);
  const [lastMuted, setLastMuted] = useState<number | null>(null);
  const answer = (peerId: string, allow: boolean) =>
    void act(() => briefing.session.request('answerUnmute', { peerId, allow })).then(
      (ok) => ok && briefing.status.answered(peerId),
    );
  return (
    <section className="panel-section">
      <h3 className="panel-heading">{t('controls.mics')}</h3>
      <div className="control-row">
        <button
          type="button"
          className="btn btn-danger btn-sm"
          data-testid="mute-all"
          onClick={() =>
            void act(async () => {
              const { muted } = await briefing.session.request('muteAll', { allowSelfUnmute });
              setLastMuted(muted);
            })
          }
        >
          <MicOffIcon size={16} />
          {t('controls.muteAll')}
        </button>
        <label className="check">
          <input
            type="checkbox"
            data-testid="allow-self-unmute"
            checked={allowSelfUnmute}
            onChange={(e) => setAllowSelfUnmute(e.target.checked)}
          />
          {t('controls.allowSelfUnmute')}
        </label>
      </div>
      {lastMuted !== null && (
        <p className="panel-note" data-testid="mute-all-done" role="status">
          {t('controls.mutedCount', { count: lastMuted })}
        </p>
      )}
      {status.unmuteRequests.length > 0 && (
        <ul className="request-list">
          {status.unmuteRequests.map((request) => (
            <li key={request.peerId} className="request-row" data-testid="unmute-request">
              <span className="request-name">{t('controls.asksUnmute', { name: request.name })}</span>
              <button type="button" className="btn btn-secondary btn-xs" onClick={() => answer(request.peerId, false)}>
                {t('controls.deny')}
              </button>
              <button
                type="button"
                className="btn btn-primary btn-xs"
                data-testid="allow-unmute"
                onClick={() => answer(request.peerId, true)}
              >
                {t('controls.allow')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AccessControls() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const floor = useStore(briefing.floor);
  const status = useStore(briefing.status);
  const permissions = usePermissions();
  const act = useAction();
  const admit = permissions.can('guest.admit');
  return (
    <section className="panel-section">
      <div className="panel-heading-row">
        <h3 className="panel-heading">
          <DoorIcon size={16} />
          {t('controls.waitingRoom')}
          <span className={`count-badge${status.waiting.length ? ' count-badge--alert' : ''}`}>
            {status.waiting.length}
          </span>
        </h3>
        {permissions.can('meeting.lock') && (
          <button
            type="button"
            className={`btn btn-sm ${floor.locked ? 'btn-gold' : 'btn-secondary'}`}
            data-testid="lock-meeting"
            data-locked={floor.locked ? 'true' : 'false'}
            aria-pressed={floor.locked}
            onClick={() => void act(() => briefing.session.request('lockMeeting', { locked: !floor.locked }))}
          >
            {floor.locked ? <LockIcon size={16} /> : <UnlockIcon size={16} />}
            {floor.locked ? t('controls.unlock') : t('controls.lock')}
          </button>
        )}
      </div>
      {floor.locked && <p className="panel-note">{t('controls.lockedNote')}</p>}
      {status.waiting.length === 0 ? (
        <p className="panel-empty-inline">{t('controls.nobodyWaiting')}</p>
      ) : (
        <ul className="request-list" data-testid="waiting-room">
          {status.waiting.map((guest) => (
            <li key={guest.waitingId} className="request-row" data-testid="waiting-guest">
              <span className="request-name">{guest.name}</span>
              {admit && (
                <>
                  <button
                    type="button"
                    className="btn btn-secondary btn-xs"
                    data-testid="decline-guest"
                    onClick={() =>
                      void act(() => briefing.session.request('declineGuest', { waitingId: guest.waitingId }))
                    }
                  >
                    {t('controls.deny')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-primary btn-xs"
                    data-testid="admit-guest"
                    onClick={() =>
                      void act(() => briefing.session.request('admitGuest', { waitingId: guest.waitingId }))
                    }
                  >
                    {t('controls.admit')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SpotlightControl() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const floor = useStore(briefing.floor);
  const state = briefing.session.getState();
  const act = useAction();
  if (!floor.spotlightPeerId) return null;
  const who =
    floor.spotlightPeerId === state.self?.id
      ? state.self.name
      : (state.peers.find((p) => p.id === floor.spotlightPeerId)?.name ?? floor.spotlightPeerId);
  return (
    <section className="panel-section">
      <h3 className="panel-heading">{t('controls.spotlight')}</h3>
      <div className="control-row">
        <span className="request-name">{who}</span>
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          data-testid="clear-spotlight"
          onClick={() => void act(() => briefing.session.request('spotlight', { peerId: null }))}
        >
          {t('menu.unspotlight')}
        </button>
      </div>
    </section>
  );
}

function EndMeeting() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const act = useAction();
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="panel-section panel-section--end">
      {confirming ? (
        <div className="confirm-box" role="alertdialog" aria-labelledby="end-confirm-title">
          <p id="end-confirm-title" className="confirm-title">
            {t('controls.endConfirmTitle')}
          </p>
          <p className="confirm-text">{t('controls.endConfirmText')}</p>
          <div className="popover-actions">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-danger btn-sm"
              data-testid="end-meeting-confirm"
              onClick={() => void act(() => briefing.session.request('endMeeting', {}))}
            >
              {t('controls.endMeeting')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="btn btn-ghost-danger btn-sm btn-block"
          data-testid="end-meeting"
          onClick={() => setConfirming(true)}
        >
          {t('controls.endMeeting')}
        </button>
      )}
    </section>
  );
}

export function ChairControls() {
  const permissions = usePermissions();
  return (
    <div className="panel-stack" data-testid="chair-controls">
      {permissions.can('agenda.control') && <AgendaControls />}
      {permissions.can('mic.mute') && <MicControls />}
      {permissions.can('spotlight.set') && <SpotlightControl />}
      {permissions.can('board.view') && <AccessControls />}
      {permissions.can('media.policy') && <MediaPolicyControls />}
      {permissions.can('meeting.end') && <EndMeeting />}
    </div>
  );
}
