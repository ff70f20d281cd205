// The minutes' attachments as the editor shows them: the meeting's finished recordings, filed with the record by
// every archive under the same name shown here, each with its length and size, to watch in place (with its
// chapters) or download. The list is the room's recording list (features/recording), kept current by its
// notifications, so a recording appears here as soon as it is joined after stop.
import { useState } from 'react';
import { recordingFileName, type RecordingInfo } from '../../../common/recording.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { RecordingItem } from '../recording/RecordingList.tsx';
import '../recording/recording.css';
import { download } from './minutesStore.ts';

/** "12,3 MB" / "12.3 MB": megabytes with one decimal, the unit the archive's staff think in. */
export function fileSize(bytes: number, locale: string): string {
  const format = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  return bytes < 1_000_000 ? `${format.format(bytes / 1000)} kB` : `${format.format(bytes / 1_000_000)} MB`;
}

export function MinutesAttachments({ onError }: { onError(message: string): void }) {
  const { t, locale } = useI18n();
  const { recording } = useBriefing();
  const { recordings } = useStore(recording);
  const permissions = usePermissions();
  const [playing, setPlaying] = useState<{ id: string; url: string } | null>(null);
  if (!permissions.can('recording.view')) return <p className="mn-empty">{t('minutes.attachments.notAllowed')}</p>;
  const finished = recordings.filter((r) => r.status !== 'recording');
  const urlOf = (r: RecordingInfo) =>
    recording.url(r.id).catch((e: unknown) => {
      onError(e instanceof Error ? e.message : String(e));
      throw e;
    });
  return (
    <div className="mn-side-list" data-testid="minutes-attachments">
      <p className="mn-muted">{t('minutes.attachments.hint')}</p>
      {finished.length === 0 && <p className="mn-empty">{t('minutes.attachments.empty')}</p>}
      <ul className="recording-list">
        {finished.map((r) => {
          const name = recordingFileName(r.startedAt);
          return (
            <RecordingItem
              key={r.id}
              recording={r}
              title={
                <strong className="recording-file-name" data-testid="attachment-name">
                  {name}
                </strong>
              }
              metaInHead={false}
              formatBytes={(bytes) => fileSize(bytes, locale)}
              onPlay={() =>
                void urlOf(r).then(
                  (url) => setPlaying({ id: r.id, url }),
                  () => undefined,
                )
              }
              actions={
                <button
                  type="button"
                  className="btn btn-sm"
                  data-testid="recording-download"
                  onClick={() =>
                    void urlOf(r).then(
                      (url) => download(url, name),
                      () => undefined,
                    )
                  }
                >
                  {t('recording.download')}
                </button>
              }
              playingUrl={playing?.id === r.id ? playing.url : null}
            />
          );
        })}
      </ul>
    </div>
  );
}
