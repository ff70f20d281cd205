// The meeting's recordings, each playable in the app with its chapters (agenda items, speakers, screen shares) to
// seek by; the file is fetched through a short-lived signed URL (in the room) or the signed-in person's session
// (history), with Range requests so that seeking does not download what lies before.
import { useRef, useState } from 'react';
import type { RecordingInfo } from '../../../common/recording.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
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

export function RecordingList({ recordings, urlOf, onDelete }: RecordingListProps) {
  const { t, locale } = useI18n();
  const [playing, setPlaying] = useState<{ id: string; url: string } | null>(null);
  if (recordings.length === 0) return <p className="panel-note">{t('recording.none')}</p>;
  const time = (iso: string) => new Date(iso).toLocaleTimeString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <ul className="recording-list">
      {recordings.map((recording) => {
        const seconds = recording.durationSeconds ?? 0;
        return (
          <li
            key={recording.id}
            className="recording-item"
            data-testid="recording-item"
            data-recording-id={recording.id}
            data-status={recording.status}
            data-duration-s={recording.durationSeconds === null ? undefined : seconds.toFixed(1)}
          >
            <div className="recording-item-head">
              <span>{t('recording.startedBy', { time: time(recording.startedAt), name: recording.startedBy })}</span>
              {recording.status === 'ready' ? (
                <span className="recording-item-meta">
                  {t('recording.duration', { minutes: Math.floor(seconds / 60), seconds: Math.round(seconds % 60) })}
                </span>
              ) : (
                <span className="recording-item-meta">
                  {recording.status === 'failed' ? t('recording.failed') : t('recording.processing')}
                </span>
              )}
            </div>
            {recording.status === 'ready' && (
              <div className="recording-item-actions">
                <button
                  type="button"
                  className="btn btn-sm"
                  data-testid="recording-play"
                  onClick={() => void urlOf(recording).then((url) => setPlaying({ id: recording.id, url }))}
                >
                  {t('recording.play')}
                </button>
                {onDelete && (
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
                )}
              </div>
            )}
            {playing?.id === recording.id && <RecordingPlayer recording={recording} url={playing.url} />}
          </li>
        );
      })}
    </ul>
  );
}
