// One participant's tile: video (or an initial when there is none), name plate, mic/cam state and the
// active-speaker frame. Remote tiles report whether they are on screen so hidden video can be paused.
import { useEffect, useRef, type RefObject } from 'react';
import { CamOffIcon, MicIcon, MicOffIcon } from '../../app/icons.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AudioView, VideoView } from '../devices/MediaViews.tsx';
import { initialOf, layerForWidth, type TileModel } from './layout.ts';

export type VisibilityReport = (consumerId: string, visible: boolean, layer: 'low' | 'high') => void;

function useVisibilityReport(
  element: RefObject<HTMLElement | null>,
  consumerId: string | null,
  layer: 'low' | 'high',
  root: Element | null,
  report: VisibilityReport,
): void {
  useEffect(() => {
    const target = element.current;
    if (!consumerId || !target) return;
    if (typeof IntersectionObserver === 'undefined') {
      report(consumerId, true, layer);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) report(consumerId, last.isIntersecting, layer);
      },
      { root, threshold: 0 },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, consumerId, layer, root, report]);
}

export function Tile({
  tile,
  width,
  scrollRoot,
  onVisibility,
}: {
  tile: TileModel;
  width: number;
  scrollRoot: Element | null;
  onVisibility: VisibilityReport;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useVisibilityReport(ref, tile.videoConsumerId, layerForWidth(width), scrollRoot, onVisibility);
  const hasVideo = tile.videoTrack !== null;
  const roleLabel = tile.role === 'delegate' ? null : t(`role.${tile.role}`);

  return (
    <div
      ref={ref}
      className={`tile${tile.speaking ? ' tile--speaking' : ''}${tile.isSelf ? ' tile--self' : ''}`}
      data-testid="tile"
      data-peer-id={tile.peerId}
      data-peer-name={tile.name}
      data-self-tile={tile.isSelf ? 'true' : undefined}
      data-mic={tile.micOn ? 'on' : 'off'}
      data-cam={tile.camOn ? 'on' : 'off'}
      data-speaking={tile.speaking ? 'true' : 'false'}
      style={{ width }}
    >
      <VideoView
        track={tile.videoTrack}
        className={`tile-video${tile.isSelf ? ' mirrored' : ''}${hasVideo ? '' : ' tile-video--hidden'}`}
        data-self={tile.isSelf ? 'true' : undefined}
      />
      {tile.audioTrack && <AudioView track={tile.audioTrack} />}
      {!hasVideo && (
        <div className="tile-placeholder" aria-hidden="true">
          <span className="avatar">{initialOf(tile.name)}</span>
        </div>
      )}

      {tile.speaking && <span className="tile-speaking-tag">{t('meeting.speaking')}</span>}
      {!tile.camOn && (
        <span className="tile-state tile-state--cam" title={t('meeting.camOff')} aria-label={t('meeting.camOff')}>
          <CamOffIcon size={16} />
        </span>
      )}

      <div className="nameplate">
        <span
          className={`nameplate-mic${tile.micOn ? '' : ' nameplate-mic--off'}`}
          role="img"
          aria-label={tile.micOn ? t('meeting.micLive') : t('meeting.micMuted')}
        >
          {tile.micOn ? <MicIcon size={15} /> : <MicOffIcon size={15} />}
        </span>
        <span className="nameplate-text">
          <span className="nameplate-name">
            {tile.name}
            {tile.isSelf && <span className="nameplate-you"> ({t('meeting.you')})</span>}
          </span>
          {(roleLabel || tile.connectionPoint) && (
            <span className="nameplate-sub">
              {roleLabel && <span className={`role-chip role-chip--${tile.role}`}>{roleLabel}</span>}
              {tile.connectionPoint && <span className="nameplate-point">{tile.connectionPoint}</span>}
            </span>
          )}
        </span>
      </div>
    </div>
  );
}
