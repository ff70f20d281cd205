// The meeting screen: header (with the agenda item under way), the stage (the grid of participant tiles, or the
// speaker spotlighted), the side panel of the chaired meeting, the reconnecting banner and the control bar.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { MeetingInfo } from '../../../common/meetingInfo.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { DocumentStage } from '../documents/DocumentStage.tsx';
import { DocumentsStore } from '../documents/documentsStore.ts';
import { AgendaIndicator } from '../floor/AgendaIndicator.tsx';
import { currentAgendaItem, stageFocus } from '../floor/floorState.ts';
import { RaiseHandControls } from '../floor/RaiseHand.tsx';
import { SpotlightStage } from '../floor/SpotlightStage.tsx';
import { useNetworkReports } from '../status/networkReporter.ts';
import { StatusAlerts } from '../status/StatusAlerts.tsx';
import { VoteOverlays } from '../votes/VoteOverlays.tsx';
import { useMinutesUi } from '../minutes/MinutesEntry.tsx';
import { RecordButton } from '../recording/RecordButton.tsx';
import { RecordingIndicator, RecordingNoticeBanner } from '../recording/RecordingIndicator.tsx';
import { RecordingsButton } from '../recording/RecordingsButton.tsx';
import { ScreenShareButton } from '../screenShare/ScreenShareButton.tsx';
import { ScreenSurface } from '../screenShare/ScreenSurface.tsx';
import { ShareRequests } from '../screenShare/ShareRequests.tsx';
import { BriefingProvider, useCreateBriefing } from './briefing.tsx';
import { ControlBar } from './ControlBar.tsx';
import { buildTiles, computeGrid } from './layout.ts';
import { MeetingHeader } from './MeetingHeader.tsx';
import { PanelButtons } from './PanelButtons.tsx';
import { initialPanel, togglePanel, type PanelState } from './panelTabs.ts';
import { SidePanel } from './SidePanel.tsx';
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
  // In state, not a ref: the tiles observe their visibility within it, so they render again once it exists.
  const [stage, setStage] = useState<HTMLElement | null>(null);
  const size = useElementSize(stage);
  const tiles = useMemo(() => buildTiles(state), [state]);
  const grid = computeGrid({ count: tiles.length, width: size.width, height: size.height, gap: GRID_GAP });
  const briefing = useCreateBriefing(session);
  const floor = useStore(briefing.floor);
  const focusId = stageFocus(floor, new Set(tiles.map((tile) => tile.peerId)));
  const [panel, setPanel] = useState<PanelState | null>(null);
  // The panel's opening state depends on the role, known once joined.
  const shownPanel = panel ?? initialPanel(floor.role);
  useNetworkReports(session);
  // The minutes ("Biên bản"): a control-bar button that opens the editor over the stage.
  const minutes = useMinutesUi(session, floor.role, currentAgendaItem(floor.agenda)?.item.id ?? null);
  // The agenda document on the stage (videos as a strip above it), shown by default once the item has documents.
  const [documents] = useState(() => new DocumentsStore());
  useEffect(() => documents.attach(session), [documents, session]);
  const documentCount = useStore(documents).documents.length;
  const [stageChoice, setStageChoice] = useState<'video' | 'document' | null>(null);
  const showDocument = (stageChoice ?? (documentCount > 0 ? 'document' : 'video')) === 'document';
  // A shared screen takes the stage while it lasts; the document or the videos come back after it.
  const shareOn = useStore(briefing.sharing).share.sharer !== null;

  useEffect(() => {
    if (state.status === 'left' || state.status === 'error') onFinished(state);
  }, [state, onFinished]);

  const onVisibility = useCallback<VisibilityReport>(
    (consumerId, visible, layer) => session.setConsumerVisibility(consumerId, visible, layer),
    [session],
  );

  return (
    <BriefingProvider briefing={briefing}>
      <div className="meeting" data-status={state.status} data-role={floor.role ?? ''}>
        <MeetingHeader meeting={state.meeting ?? fallbackMeeting}>
          <AgendaIndicator agenda={floor.agenda} />
          <RecordingIndicator />
        </MeetingHeader>
        {state.status === 'reconnecting' && <ReconnectingBanner />}
        <div className="meeting-body">
          {minutes.view}
          <div className="stage-area">
            <main
              ref={setStage}
              className={`stage${shareOn ? ' stage--document stage--share' : showDocument ? ' stage--document' : grid.scrolls && !focusId ? ' stage--scroll' : ''}`}
            >
              {shareOn ? (
                <>
                  <div className="stage-strip" data-testid="video-strip">
                    {tiles.map((tile) => (
                      <Tile key={tile.peerId} tile={tile} width={160} scrollRoot={null} onVisibility={onVisibility} />
                    ))}
                  </div>
                  <ScreenSurface />
                </>
              ) : showDocument ? (
                <>
                  <div className="stage-strip" data-testid="video-strip">
                    {tiles.map((tile) => (
                      <Tile key={tile.peerId} tile={tile} width={160} scrollRoot={null} onVisibility={onVisibility} />
                    ))}
                  </div>
                  <DocumentStage
                    session={session}
                    store={documents}
                    agenda={floor.agenda?.items ?? []}
                    currentIndex={floor.agenda?.currentIndex ?? null}
                  />
                </>
              ) : tiles.length === 0 ? (
                <div className="stage-waiting" role="status">
                  <span className="spinner" aria-hidden="true" />
                  <span>{t('meeting.connecting')}</span>
                </div>
              ) : focusId ? (
                <SpotlightStage
                  tiles={tiles}
                  focusId={focusId}
                  floor={floor.floor}
                  timeUp={floor.timeUp}
                  width={size.width}
                  height={size.height}
                  scrollRoot={stage}
                  onVisibility={onVisibility}
                />
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
                      scrollRoot={stage}
                      onVisibility={onVisibility}
                    />
                  ))}
                </div>
              )}
            </main>
            <VoteOverlays />
            <ShareRequests />
            <RecordingNoticeBanner />
          </div>
          {shownPanel.open && (
            <SidePanel
              tab={shownPanel.tab}
              onTab={(tab) => setPanel({ open: true, tab })}
              onClose={() => setPanel({ ...shownPanel, open: false })}
            />
          )}
        </div>
        <ControlBar
          micOn={state.micOn}
          camOn={state.camOn}
          participantCount={tiles.length}
          onToggleMic={() => void session.toggleMic()}
          onToggleCam={() => void session.toggleCam()}
          onLeave={() => void session.leave()}
          extra={
            <>
              <button
                type="button"
                className="ctl stage-toggle"
                data-testid="stage-toggle"
                aria-pressed={showDocument}
                onClick={() => setStageChoice(showDocument ? 'video' : 'document')}
              >
                <span className="ctl-icon" aria-hidden="true">
                  {showDocument ? '▦' : '▤'}
                </span>
                <span className="ctl-label">
                  {showDocument ? t('documents.stageVideo') : t('documents.stageDocument')}
                </span>
              </button>
              <RaiseHandControls />
              <ScreenShareButton />
              <RecordButton />
              <RecordingsButton />
              <span className="ctl-sep" aria-hidden="true" />
              {minutes.button}
              <PanelButtons panel={shownPanel} onToggle={(tab) => setPanel(togglePanel(shownPanel, tab))} />
            </>
          }
        />
        <StatusAlerts />
      </div>
    </BriefingProvider>
  );
}
