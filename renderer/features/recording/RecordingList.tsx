// The meeting's recordings, each playable in the app with its chapters (agenda items, speakers, screen shares) to
// seek by; the file is fetched through a short-lived signed URL (in the room) or the signed-in person's session
// (history), with Range requests so that seeking does not download what lies before.
import { useRef, useState, type ReactNode } from 'react';
import type { RecordingInfo } from '../../../common/recording.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatClock } from '../../i18n/format.ts';
import { elapsed } from './RecordingIndicator.tsx';

export interface RecordingListProps {
  recordings: readonly RecordingInfo[];
  /** The URL to play a ready recording from. */
  urlOf(recording: RecordingInfo): Promise<string>;
  /** Present for those who may delete (the chair in the room). */
  onDelete?(recording: RecordingInfo): Promise<unknown>;
}

/** The recording in a <video> with its chapters to seek by (also under the minutes' attachments). */
export function RecordingPlayer({ recording, url }: { recording: RecordingInfo; url: string }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const seek = (at: number) => {
    const element = video.current;
    if (!element) return;
    element.currentTime = at;
    void element.play().catch(() => undefined);
  };
  return (
    <div className="recording-player">
      <video ref={video} src={url} controls preload="metadata" data-testid="recording-video" />
      {recording.chapters.length > 0 && (
        <ol className="recording-chapters" aria-label={t('recording.chapters')}>
          {recording.chapters.map((chapter) => (
            <li key={`${chapter.at}-${chapter.title}`}>
              <button
                type="button"
                className="recording-chapter"
                data-testid="recording-chapter"
                data-kind={chapter.kind}
                data-at={chapter.at}
                onClick={() => seek(chapter.at)}
              >
                <span className="recording-chapter-time">{elapsed(chapter.at * 1000)}</span> {chapter.title}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export interface RecordingItemProps {
  recording: RecordingInfo;
  /** What heads the row: who started it and when (the room), or the file name it is filed under (the minutes). */
  title: ReactNode;
  /** Length and state beside the title, in the row's head (the room), or on their own line below it (the minutes). */
  metaInHead: boolean;
  /** Present where the size matters (the minutes' attachments, filed with it): data-bytes and "· 12,3 MB". */
  formatBytes?(bytes: number): string;
  /** "Xem": each list fetches the URL and opens the player its own way. */
  onPlay(): void;
  /** Buttons after "Xem" on a ready recording (download, delete). */
  actions?: ReactNode;
  /** The URL being played in this row, or null. */
  playingUrl: string | null;
}

/** One recording in a list — the room's and the minutes' attachments: its state in data attributes, its length or
 *  why it has none, "Xem" and the list's own actions when ready, and the player once opened. */
export function RecordingItem(props: RecordingItemProps) {
  const { recording, formatBytes } = props;
  const { t } = useI18n();
  const seconds = recording.durationSeconds ?? 0;
  const ready = recording.status === 'ready';
  const meta = ready ? (
    <span className="recording-item-meta">
      {t('recording.duration', { minutes: Math.floor(seconds / 60), seconds: Math.round(seconds % 60) })}
      {formatBytes && recording.bytes !== null && ` · ${formatBytes(recording.bytes)}`}
    </span>
  ) : (
    <span className="recording-item-meta">
      {recording.status === 'failed' ? t('recording.failed') : t('recording.processing')}
    </span>
  );
  return (
    <li
      className="recording-item"
      data-testid="recording-item"
      data-recording-id={recording.id}
      data-status={recording.status}
      data-duration-s={recording.durationSeconds === null ? undefined : seconds.toFixed(1)}
      data-bytes={formatBytes ? (recording.bytes ?? undefined) : undefined}
    >
      <div className="recording-item-head">
        {props.title}
        {props.metaInHead && meta}
      </div>
      {!props.metaInHead && meta}
      {ready && (
        <div className="recording-item-actions">
          <button type="button" className="btn btn-sm" data-testid="recording-play" onClick={props.onPlay}>
            {t('recording.play')}
          </button>
          {props.actions}
        </div>
      )}
      {props.playingUrl !== null && <RecordingPlayer recording={recording} url={props.playingUrl} />}
    </li>
  );
}

export function RecordingList({ recordings, urlOf, onDelete }: RecordingListProps) {
  const { t } = useI18n();
  const [playing, setPlaying] = useState<{ id: string; url: string } | null>(null);
  if (recordings.length === 0) return <p className="panel-note">{t('recording.none')}</p>;
  return (
    <ul className="recording-list">
      {recordings.map((recording) => (
        <RecordingItem
          key={recording.id}
          recording={recording}
          title={
            <span>
              {t('recording.startedBy', {
                time: formatClock(new Date(recording.startedAt)),
                name: recording.startedBy,
              })}
            </span>
          }
          metaInHead
          onPlay={() => void urlOf(recording).then((url) => setPlaying({ id: recording.id, url }))}
          actions={
            onDelete && (
              <button
                type="button"
                className="btn btn-sm btn-danger"
                data-testid="recording-delete"
                onClick={() => {
                  if (window.confirm(t('recording.deleteConfirm'))) void onDelete(recording);
                }}
              >
                {t('recording.delete')}
              </button>
            )
          }
          playingUrl={playing?.id === recording.id ? playing.url : null}
        />
      ))}
    </ul>
  );
}
