// The chair's actions on one participant, opened from their status board row: give the floor, mute, stop the
// camera, spotlight, remove (with a confirmation). Shown as a row of buttons under the entry.
import { useState } from 'react';
import type { StatusEntry } from '../../../common/meeting.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';

export function ParticipantActions({ entry, onDone }: { entry: StatusEntry; onDone(): void }) {
  const { t } = useI18n();
  const briefing = useBriefing();
  const floor = useStore(briefing.floor);
  const permissions = usePermissions();
  const act = useAction();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const peerId = entry.participantId;
  const run = (request: () => Promise<unknown>) => void act(request).then((ok) => ok && onDone());
  const spotlit = floor.spotlightPeerId === peerId;
  const label = entry.connectionPoint ? `${entry.name} (${entry.connectionPoint})` : entry.name;

  if (confirmRemove) {
    return (
      <div className="row-actions row-actions--confirm" data-testid="remove-confirm">
        <span className="row-actions-question">{t('menu.removeConfirm', { name: label })}</span>
        <button type="button" className="btn btn-secondary btn-xs" onClick={() => setConfirmRemove(false)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-danger btn-xs"
          data-testid="menu-remove-confirm"
          onClick={() => run(() => briefing.session.request('removeParticipant', { peerId }))}
        >
          {t('menu.remove')}
        </button>
      </div>
    );
  }

  return (
    <div className="row-actions" data-testid="participant-actions">
      {permissions.can('floor.control') && (
        <button
          type="button"
          className="btn btn-gold btn-xs"
          data-testid="menu-floor"
          onClick={() => run(() => briefing.session.request('giveFloor', { peerId, seconds: 180 }))}
        >
          {t('menu.floor')}
        </button>
      )}
      {permissions.can('mic.mute') && (
        <button
          type="button"
          className="btn btn-secondary btn-xs"
          data-testid="menu-mute"
          disabled={!entry.micOn}
          onClick={() => run(() => briefing.session.request('muteParticipant', { peerId }))}
        >
          {t('menu.mute')}
        </button>
      )}
      {permissions.can('camera.stop') && (
        <button
          type="button"
          className="btn btn-secondary btn-xs"
          data-testid="menu-stop-cam"
          disabled={!entry.camOn}
          onClick={() => run(() => briefing.session.request('stopCamera', { peerId }))}
        >
          {t('menu.stopCam')}
        </button>
      )}
      {permissions.can('spotlight.set') && (
        <button
          type="button"
          className="btn btn-secondary btn-xs"
          data-testid="menu-spotlight"
          onClick={() => run(() => briefing.session.request('spotlight', { peerId: spotlit ? null : peerId }))}
        >
          {spotlit ? t('menu.unspotlight') : t('menu.spotlight')}
        </button>
      )}
      {permissions.can('participant.remove') && (
        <button
          type="button"
          className="btn btn-ghost-danger btn-xs"
          data-testid="menu-remove"
          onClick={() => setConfirmRemove(true)}
        >
          {t('menu.remove')}
        </button>
      )}
    </div>
  );
}
