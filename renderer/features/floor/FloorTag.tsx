// The label on the spotlighted tile: who has the floor and for how long (with the time box), or that the chair
// chose this connection point for the main screen.
import type { FloorState } from '../../../common/meeting.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { elapsedMs, formatDuration, remainingMs, useNow } from './time.ts';

export function FloorTimer({ floor, timeUp }: { floor: FloorState; timeUp: boolean }) {
  const now = useNow();
  const elapsed = elapsedMs(floor.startedAt, now);
  const remaining = remainingMs(floor.endsAt, now);
  const over = timeUp || (remaining !== null && remaining <= 0);
  const box = floor.endsAt ? Date.parse(floor.endsAt) - Date.parse(floor.startedAt) : null;
  return (
    <span className={`floor-timer${over ? ' floor-timer--over' : ''}`} data-testid="floor-timer">
      {formatDuration(elapsed)}
      {box !== null && <span className="floor-timer-box"> / {formatDuration(box)}</span>}
    </span>
  );
}

// Its own component: only a tag with a speaker keeps a clock running, to turn to "time up" when the box ends.
function SpeakingTag({ floor, timeUp }: { floor: FloorState; timeUp: boolean }) {
  const { t } = useI18n();
  const remaining = remainingMs(floor.endsAt, useNow());
  const over = timeUp || (remaining !== null && remaining <= 0);
  return (
    <div className={`floor-tag${over ? ' floor-tag--over' : ''}`} data-testid="floor-tag">
      <span className="floor-tag-label">{over ? t('floor.timeUp') : t('floor.speaking')}</span>
      <FloorTimer floor={floor} timeUp={timeUp} />
    </div>
  );
}

export function FloorTag({
  floor,
  timeUp,
  spotlit,
}: {
  floor: FloorState | null;
  timeUp: boolean;
  /** Shown because of the chair's spotlight rather than the floor. */
  spotlit: boolean;
}) {
  const { t } = useI18n();
  if (floor) return <SpeakingTag floor={floor} timeUp={timeUp} />;
  if (!spotlit) return null;
  return (
    <div className="floor-tag floor-tag--spotlight" data-testid="floor-tag">
      <span className="floor-tag-label">{t('floor.spotlight')}</span>
    </div>
  );
}
