// The agenda item under way, shown to everyone in the meeting header, with its time against its time box.
import type { AgendaState } from '../../../common/meeting.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { currentAgendaItem } from './floorState.ts';
import './floor.css';
import { elapsedMs, formatDuration, useNow } from './time.ts';

export function AgendaIndicator({ agenda }: { agenda: AgendaState | null }) {
  const { t } = useI18n();
  const now = useNow();
  const current = currentAgendaItem(agenda);
  if (!agenda || agenda.items.length === 0) return null;
  if (!current) {
    return (
      <div className="agenda-now agenda-now--idle" data-testid="agenda-current" data-index="">
        <span className="agenda-now-label">{t('agenda.programme')}</span>
        <span className="agenda-now-title">{t('agenda.notStarted', { count: agenda.items.length })}</span>
      </div>
    );
  }
  const elapsed = elapsedMs(agenda.startedAt, now);
  const box = current.item.durationMinutes * 60_000;
  const over = box > 0 && elapsed > box;
  return (
    <div
      className={`agenda-now${over ? ' agenda-now--over' : ''}`}
      data-testid="agenda-current"
      data-index={current.number - 1}
      title={`${current.item.title} — ${current.item.presenter}`}
    >
      <span className="agenda-now-label">{t('agenda.item', { n: current.number, total: current.total })}</span>
      <span className="agenda-now-title">{current.item.title}</span>
      <span className="agenda-now-timer" data-testid="agenda-timer">
        {formatDuration(elapsed)}
        <span className="agenda-now-box"> / {formatDuration(box)}</span>
      </span>
    </div>
  );
}
