// The speaking queue (xin phát biểu) in the side panel. Everyone sees who waits and for how long; the chair gives
// the floor, declines, reorders, ends the current speaker's turn and sets the time per turn.
import { useState } from 'react';
import type { SpeakingRequest } from '../../../common/meeting.ts';
import { ChevronDownIcon, ChevronUpIcon, StopIcon } from '../../app/briefingIcons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { shortPointName } from '../status/statusState.ts';
import { FloorTimer } from './FloorTag.tsx';
import { elapsedMs, formatDuration, useNow } from './time.ts';

/** Time per turn the chair can choose; null: no limit. */
export const TURN_OPTIONS: readonly (number | null)[] = [120, 180, 300, 600, null];
const DEFAULT_TURN = 180;

function QueueEntry({
  request,
  index,
  count,
  controls,
  turnSeconds,
  now,
}: {
  request: SpeakingRequest;
  index: number;
  count: number;
  controls: boolean;
  turnSeconds: number | null;
  now: number;
}) {
  const { t } = useI18n();
  const { session } = useBriefing();
  const act = useAction();
  const move = (position: number) => void act(() => session.request('moveHand', { peerId: request.peerId, position }));
  return (
    <li className="queue-entry" data-testid="queue-entry" data-peer-id={request.peerId}>
      <span className="queue-number" aria-hidden="true">
        {index + 1}
      </span>
      <div className="queue-body">
        <div className="queue-line">
          <span className="queue-name">{request.name}</span>
          <span className="queue-wait" title={t('queue.waitingTitle')}>
            {t('queue.waiting', { time: formatDuration(elapsedMs(request.raisedAt, now)) })}
          </span>
        </div>
        {request.connectionPoint && <span className="queue-point">{shortPointName(request.connectionPoint)}</span>}
        {request.topic && (
          <span className="queue-topic" data-testid="queue-topic">
            {request.topic}
          </span>
        )}
        {controls && (
          <div className="queue-actions">
            <button
              type="button"
              className="btn btn-gold btn-sm"
              data-testid="grant-floor"
              onClick={() =>
                void act(() =>
                  session.request(
                    'giveFloor',
                    turnSeconds === null
                      ? { peerId: request.peerId }
                      : { peerId: request.peerId, seconds: turnSeconds },
                  ),
                )
              }
            >
              {t('queue.grant')}
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              data-testid="decline-hand"
              onClick={() => void act(() => session.request('declineHand', { peerId: request.peerId }))}
            >
              {t('queue.decline')}
            </button>
            <span className="queue-move">
              <button
                type="button"
                className="icon-btn"
                data-testid="queue-up"
                aria-label={t('queue.up')}
                title={t('queue.up')}
                disabled={index === 0}
                onClick={() => move(index - 1)}
              >
                <ChevronUpIcon size={18} />
              </button>
              <button
                type="button"
                className="icon-btn"
                data-testid="queue-down"
                aria-label={t('queue.down')}
                title={t('queue.down')}
                disabled={index === count - 1}
                onClick={() => move(index + 1)}
              >
                <ChevronDownIcon size={18} />
              </button>
            </span>
          </div>
        )}
      </div>
    </li>
  );
}

export function SpeakingQueuePanel() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.floor);
  const permissions = usePermissions();
  const act = useAction();
  const now = useNow();
  const [turnSeconds, setTurnSeconds] = useState<number | null>(DEFAULT_TURN);
  const controls = permissions.can('floor.control');
  const floor = view.floor;

  return (
    <section className="panel-section" aria-labelledby="queue-heading">
      <div className="floor-card" data-testid="floor-current" data-peer-id={floor?.peerId ?? ''}>
        <p className="panel-label">{t('floor.current')}</p>
        {floor ? (
          <div className="floor-card-body">
            <div className="floor-card-who">
              <span className="floor-card-name">{floor.name}</span>
              <FloorTimer floor={floor} timeUp={view.timeUp} />
            </div>
            {controls && (
              <button
                type="button"
                className="btn btn-secondary btn-sm"
                data-testid="end-floor"
                onClick={() => void act(() => briefing.session.request('endFloor', {}))}
              >
                <StopIcon size={16} />
                {t('floor.end')}
              </button>
            )}
          </div>
        ) : (
          <p className="panel-empty-inline">{t('floor.nobody')}</p>
        )}
      </div>

      <div className="panel-heading-row">
        <h3 id="queue-heading" className="panel-heading">
          {t('queue.title')}
          <span className="count-badge">{view.queue.length}</span>
        </h3>
        {controls && (
          <label className="turn-select">
            <span>{t('floor.limit')}</span>
            <select
              className="select select--sm"
              data-testid="floor-seconds"
              value={turnSeconds === null ? '' : String(turnSeconds)}
              onChange={(e) => setTurnSeconds(e.target.value === '' ? null : Number(e.target.value))}
            >
              {TURN_OPTIONS.map((seconds) => (
                <option key={seconds ?? 'none'} value={seconds === null ? '' : String(seconds)}>
                  {seconds === null ? t('floor.noLimit') : t('floor.minutes', { n: seconds / 60 })}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ol className="queue" data-testid="speaking-queue" data-count={view.queue.length}>
        {view.queue.map((request, index) => (
          <QueueEntry
            key={request.peerId}
            request={request}
            index={index}
            count={view.queue.length}
            controls={controls}
            turnSeconds={turnSeconds}
            now={now}
          />
        ))}
      </ol>
      {view.queue.length === 0 && <p className="panel-empty">{t('queue.empty')}</p>}
    </section>
  );
}
