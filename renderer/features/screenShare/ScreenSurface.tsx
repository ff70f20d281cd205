// The large stage surface of a shared screen: the screen (the top simulcast layer, sharp enough for text) with the
// sharer's camera as a small tile in its corner, the screen's sound where it is shared, and for the chair a button
// that stops the share. The sharer sees their own capture.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AudioView, VideoView } from '../devices/MediaViews.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { tracksOfPeer } from '../meeting/sessionState.ts';
import { ScreenStopIcon } from './shareIcons.tsx';
import './screenShare.css';

/** The remote tracks of a share: its screen and sound, and the sharer's camera. */
export function useShareTracks() {
  const { session, sharing } = useBriefing();
  const view = useStore(sharing);
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const sharer = view.share.sharer;
  return useMemo(() => {
    if (!sharer) return null;
    const own = sharer.peerId === view.selfId;
    const screen = own ? null : state.remote.find((r) => r.peerId === sharer.peerId && r.source === 'screen');
    const sound = own ? null : state.remote.find((r) => r.peerId === sharer.peerId && r.source === 'screenAudio');
    const video = own ? view.localVideo : (screen?.track ?? null);
    const camera = own ? state.camTrack : (tracksOfPeer(state, sharer.peerId).video?.track ?? null);
    return { sharer, own, video, screenConsumerId: screen?.consumerId ?? null, sound: sound?.track ?? null, camera };
  }, [sharer, view.selfId, view.localVideo, state]);
}

export function ScreenSurface() {
  const { t } = useI18n();
  const { session, sharing } = useBriefing();
  const permissions = usePermissions();
  const act = useAction();
  const tracks = useShareTracks();
  const consumerId = tracks?.screenConsumerId ?? null;
  // No tile reports this consumer: the surface asks for the full-size layer itself.
  useEffect(() => {
    if (consumerId) session.setConsumerVisibility(consumerId, true, 'high');
  }, [session, consumerId]);
  if (!tracks) return null;
  const { sharer, own } = tracks;
  const name = sharer.connectionPoint ? `${sharer.name} (${sharer.connectionPoint})` : sharer.name;
  return (
    <section
      className="screen-surface"
      data-testid="screen-surface"
      data-sharer={sharer.peerId}
      data-own={own ? 'true' : undefined}
      aria-label={own ? t('share.you') : t('share.presenting', { name })}
    >
      <VideoView track={tracks.video} className="screen-surface-video" data-testid="screen-video" />
      {tracks.sound && <AudioView track={tracks.sound} />}
      {tracks.camera && (
        <div className="screen-surface-camera" data-testid="screen-sharer-camera">
          <VideoView track={tracks.camera} className={own ? 'mirrored' : undefined} />
        </div>
      )}
      <div className="screen-surface-caption">
        <span>{own ? t('share.you') : t('share.presenting', { name })}</span>
        {!own && permissions.can('screen.control') && (
          <button
            type="button"
            className="btn btn-danger btn-sm"
            data-testid="screen-share-stop"
            onClick={() => void act(() => sharing.end(sharer.peerId))}
          >
            <ScreenStopIcon size={16} />
            {t('share.stopOther')}
          </button>
        )}
      </div>
    </section>
  );
}
