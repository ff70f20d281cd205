// The meeting screen: header, the grid of participant tiles, the reconnecting banner and the control bar.
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { MeetingInfo } from '../../../common/protocol.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ControlBar } from './ControlBar.tsx';
import { buildTiles, computeGrid } from './layout.ts';
import { MeetingHeader } from './MeetingHeader.tsx';
import type { MeetingSession } from './session.ts';
import type { SessionState } from './sessionState.ts';
import { Tile, type VisibilityReport } from './Tile.tsx';
import { useElementSize } from './useElementSize.ts';

const GRID_GAP = 12;

function ReconnectingBanner() {
  const { t } = useI18n();
  return (
    <div className="banner banner--warning" data-testid="reconnecting" role="status" aria-live="assertive">
      <span className="spinner spinner--small" aria-hidden="true" />
      <strong>{t('meeting.reconnecting')}</strong>
      <span className="banner-detail">{t('meeting.reconnectingDetail')}</span>
    </div>
  );
}

export function MeetingView({
  session,
  fallbackMeeting,
  onFinished,
}: {
  session: MeetingSession;
  fallbackMeeting: MeetingInfo;
  /** Called once the session has left or failed for good. */
  onFinished(state: SessionState): void;
}) {
  const { t } = useI18n();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const stageRef = useRef<HTMLElement>(null);
  const size = useElementSize(stageRef);
  const tiles = useMemo(() => buildTiles(state), [state]);
  const grid = computeGrid({ count: tiles.length, width: size.width, height: size.height, gap: GRID_GAP });

  useEffect(() => {
    if (state.status === 'left' || state.status === 'error') onFinished(state);
  }, [state, onFinished]);

  const onVisibility = useCallback<VisibilityReport>(
    (consumerId, visible, layer) => session.setConsumerVisibility(consumerId, visible, layer),
    [session],
  );

  return (
    <div className="meeting" data-status={state.status}>
      <MeetingHeader meeting={state.meeting ?? fallbackMeeting} />
      {state.status === 'reconnecting' && <ReconnectingBanner />}
      <main ref={stageRef} className={`stage${grid.scrolls ? ' stage--scroll' : ''}`}>
        {tiles.length === 0 ? (
          <div className="stage-waiting" role="status">
            <span className="spinner" aria-hidden="true" />
            <span>{t('meeting.connecting')}</span>
          </div>
        ) : (
          <div
            className="grid"
            style={{ width: grid.columns * grid.tileWidth + (grid.columns - 1) * GRID_GAP, gap: GRID_GAP }}
          >
            {tiles.map((tile) => (
              <Tile
                key={tile.peerId}
                tile={tile}
                width={grid.tileWidth}
                scrollRoot={stageRef.current}
                onVisibility={onVisibility}
              />
            ))}
          </div>
        )}
      </main>
      <ControlBar
        micOn={state.micOn}
        camOn={state.camOn}
        participantCount={tiles.length}
        onToggleMic={() => void session.toggleMic()}
        onToggleCam={() => void session.toggleCam()}
        onLeave={() => void session.leave()}
      />
    </div>
  );
}
