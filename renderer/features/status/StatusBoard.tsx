// The connection status board (chair and secretary): every expected participant and connection point on compact
// rows, problems first — lost connections, poor networks, those not here — with microphone and camera, the
// network figures their client reports, and when they were last heard from. The chair opens a row for actions.
import { useState } from 'react';
import type { StatusEntry } from '../../../common/meeting.ts';
import { CollapseIcon, ExpandIcon, HandIcon, MoreIcon, SignalIcon } from '../../app/briefingIcons.tsx';
import { CamIcon, CamOffIcon, MicIcon, MicOffIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ParticipantActions } from '../chair/ParticipantActions.tsx';
import { elapsedMs, formatDuration, useNow } from '../floor/time.ts';
import { useBriefing, usePermissions } from '../meeting/briefing.tsx';
import {
  formatBitrate,
  formatPercent,
  isFlagged,
  severityOf,
  shortPointName,
  sortForBoard,
  summarize,
} from './statusState.ts';
import './status.css';
import './statusAlerts.css';
import { SharingBadge } from '../screenShare/SharingBadge.tsx';

function Summary({ entries, wide, onToggleWide }: { entries: StatusEntry[]; wide: boolean; onToggleWide(): void }) {
  const { t } = useI18n();
  const s = summarize(entries);
  return (
    <div className="board-summary" data-testid="status-summary">
      <span className="board-stat board-stat--online">
        <strong>
          {s.online}/{s.total}
        </strong>
        {t('status.sumOnline')}
      </span>
      <span className={`board-stat board-stat--lost${s.lost ? ' is-active' : ''}`}>
        <strong>{s.lost}</strong>
        {t('status.sumLost')}
      </span>
      <span className={`board-stat board-stat--poor${s.poor ? ' is-active' : ''}`}>
        <strong>{s.poor}</strong>
        {t('status.sumPoor')}
      </span>
      <span className="board-stat board-stat--absent">
        <strong>{s.absent}</strong>
        {t('status.sumAbsent')}
      </span>
      <button
        type="button"
        className="icon-btn board-expand"
        data-testid="board-expand"
        aria-pressed={wide}
        aria-label={wide ? t('status.narrow') : t('status.widen')}
        title={wide ? t('status.narrow') : t('status.widen')}
        onClick={onToggleWide}
      >
        {wide ? <CollapseIcon size={18} /> : <ExpandIcon size={18} />}
      </button>
    </div>
  );
}

/** Online: the network figures. Otherwise the state takes the cell: lost for how long, not joined, left. */
function NetworkCell({ entry, now }: { entry: StatusEntry; now: number }) {
  const { t, locale } = useI18n();
  if (entry.presence === 'dropped') {
    return (
      <span className="board-net board-net--lost">
        {t('presence.dropped')} {formatDuration(elapsedMs(entry.lastSeen, now))}
      </span>
    );
  }
  if (entry.presence !== 'online') {
    return <span className="board-net board-net--none">{t(`presence.${entry.presence}`)}</span>;
  }
  const n = entry.network;
  const title = n
    ? [
        n.rttMs !== null ? `RTT ${n.rttMs} ms` : null,
        n.lossPct !== null ? `${t('status.loss')} ${formatPercent(n.lossPct, locale)}%` : null,
        n.sendKbps !== null ? `↑ ${formatBitrate(n.sendKbps, locale)}` : null,
        n.recvKbps !== null ? `↓ ${formatBitrate(n.recvKbps, locale)}` : null,
      ]
        .filter(Boolean)
        .join(' · ')
    : t('quality.unknown');
  return (
    <span className={`board-net board-net--${entry.quality}`} title={title}>
      <SignalIcon size={14} />
      {n && n.rttMs !== null ? (
        <span className="board-net-figures">
          {n.rttMs} ms
          {n.lossPct !== null && n.lossPct >= 0.1 && (
            <span className="board-net-loss"> · {formatPercent(n.lossPct, locale)}%</span>
          )}
        </span>
      ) : (
        <span className="board-net-figures">{t(`quality.${entry.quality}`)}</span>
      )}
    </span>
  );
}

/** When the point was last heard from (a network report, a join or a leave). */
function SeenCell({ entry, now }: { entry: StatusEntry; now: number }) {
  const { t } = useI18n();
  if (!entry.lastSeen) return <span className="board-state board-seen board-state--muted">—</span>;
  const seconds = Math.round(elapsedMs(entry.lastSeen, now) / 1000);
  const text =
    seconds < 5
      ? t('status.justNow')
      : seconds < 120
        ? t('status.secondsAgo', { n: seconds })
        : t('status.minutesAgo', { n: Math.floor(seconds / 60) });
  return (
    <span className="board-state board-seen" title={entry.lastSeen}>
      {text}
    </span>
  );
}

function BoardRow({
  entry,
  flagged,
  now,
  open,
  onToggle,
  actions,
}: {
  entry: StatusEntry;
  flagged: boolean;
  now: number;
  open: boolean;
  onToggle(): void;
  actions: boolean;
}) {
  const { t } = useI18n();
  const severity = severityOf(entry);
  // Hosts sit at the central point: their name tells them apart, not the point they share.
  const host = entry.role === 'chair' || entry.role === 'secretary';
  const point = host ? null : shortPointName(entry.connectionPoint);
  const online = entry.presence === 'online';
  const roleLabel = host ? t(`role.${entry.role}`) : null;
  return (
    <li
      className={`board-row board-row--${severity}${flagged ? ' board-row--flagged' : ''}${open ? ' board-row--open' : ''}`}
      data-testid="status-entry"
      data-participant-id={entry.participantId}
      data-presence={entry.presence}
      data-mic={entry.micOn ? 'on' : 'off'}
      data-cam={entry.camOn ? 'on' : 'off'}
      data-muted-by-chair={entry.mutedByChair ? 'true' : 'false'}
      data-quality={entry.quality}
      data-flagged={flagged ? 'true' : 'false'}
    >
      <div className="board-line">
        <span className={`board-dot board-dot--${severity}`} title={t(`presence.${entry.presence}`)} />
        <span className="board-who" title={[entry.connectionPoint, entry.name].filter(Boolean).join(' — ')}>
          <span className="board-point">{point ?? entry.name}</span>
          {point && <span className="board-name">{entry.name}</span>}
          {roleLabel && <span className={`board-role board-role--${entry.role}`}>{roleLabel}</span>}
          {entry.handRaised && (
            <span className="board-hand" title={t('status.handRaised')}>
              <HandIcon size={14} />
            </span>
          )}
          <SharingBadge participantId={entry.participantId} />
        </span>
        <span className="board-media">
          <span
            className={`board-icon${online && entry.micOn ? ' is-on' : ''}${entry.mutedByChair ? ' is-held' : ''}`}
            title={
              entry.mutedByChair ? t('status.mutedByChair') : entry.micOn ? t('meeting.micLive') : t('meeting.micMuted')
            }
          >
            {online && entry.micOn ? <MicIcon size={15} /> : <MicOffIcon size={15} />}
          </span>
          <span
            className={`board-icon${online && entry.camOn ? ' is-on' : ''}`}
            title={entry.camOn ? t('meeting.cam') : t('meeting.camOff')}
          >
            {online && entry.camOn ? <CamIcon size={15} /> : <CamOffIcon size={15} />}
          </span>
        </span>
        <NetworkCell entry={entry} now={now} />
        <SeenCell entry={entry} now={now} />
        {actions && online ? (
          <button
            type="button"
            className="icon-btn board-more"
            data-testid="participant-menu"
            aria-expanded={open}
            aria-label={t('menu.open', { name: entry.name })}
            title={t('menu.open', { name: entry.name })}
            onClick={onToggle}
          >
            <MoreIcon size={16} />
          </button>
        ) : (
          <span className="board-more" />
        )}
      </div>
      {open && actions && online && <ParticipantActions entry={entry} onDone={onToggle} />}
    </li>
  );
}

function BoardHead() {
  const { t } = useI18n();
  return (
    <div className="board-head-row">
      <span />
      <span>{t('status.colPoint')}</span>
      <span>{t('status.colMedia')}</span>
      <span>{t('status.colNetwork')}</span>
      <span className="board-seen">{t('status.colState')}</span>
      <span />
    </div>
  );
}

/** `wide`: the chair widened the panel to see every connection point at once, in two columns. */
export function StatusBoard({ wide = false, onToggleWide }: { wide?: boolean; onToggleWide(): void }) {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.status);
  const floor = useStore(briefing.floor);
  const permissions = usePermissions();
  const now = useNow();
  const [openId, setOpenId] = useState<string | null>(null);
  const rows = sortForBoard(view.entries);
  // The chair acts on others; their own row has no menu.
  const actionsFor = (entry: StatusEntry) => permissions.can('mic.mute') && entry.participantId !== floor.selfId;

  return (
    <section className={`board${wide ? ' board--wide' : ''}`} aria-label={t('status.title')}>
      <Summary entries={view.entries} wide={wide} onToggleWide={onToggleWide} />
      <div className="board-head" aria-hidden="true">
        <BoardHead />
        {wide && <BoardHead />}
      </div>
      <ul
        className="board-list"
        data-testid="status-board"
        data-count={rows.length}
        // Two columns read top to bottom, like two halves of one list.
        style={wide ? { gridTemplateRows: `repeat(${Math.ceil(rows.length / 2)}, auto)` } : undefined}
      >
        {rows.map((entry) => (
          <BoardRow
            key={entry.participantId}
            entry={entry}
            flagged={isFlagged(view, entry, now)}
            now={now}
            open={openId === entry.participantId}
            onToggle={() => setOpenId((id) => (id === entry.participantId ? null : entry.participantId))}
            actions={actionsFor(entry)}
          />
        ))}
      </ul>
    </section>
  );
}
