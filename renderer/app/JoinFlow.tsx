// The join flow (/join?token=…): invitation check → lobby → meeting → left (→ meeting again), with the error page
// for links that cannot be used. Keyed by its address in App: a new link (a phonghop:// link handed by the shell)
// starts it afresh, and leaving it ends the meeting session it holds.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Lobby, type JoinRequest } from '../features/lobby/Lobby.tsx';
import { fetchInvite, tokenFromLocation, type Invite } from '../features/lobby/inviteApi.ts';
import { loadDevice } from '../features/meeting/device.ts';
import { createSignalingSocket, preconnectSignaling, takePreconnected } from '../features/meeting/signaling.ts';
import { openCam, openMic, stopTrack, type DeviceChoice } from '../features/devices/localMedia.ts';
import { WaitingRoom } from '../features/lobby/WaitingRoom.tsx';
import { LeftScreen } from '../features/meeting/LeftScreen.tsx';
import { MeetingView } from '../features/meeting/MeetingView.tsx';
import { MeetingSession } from '../features/meeting/session.ts';
import type { SessionState } from '../features/meeting/sessionState.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AppHeader } from './AppHeader.tsx';
import { LINK_ERRORS, type ClientErrorCode } from './clientErrors.ts';
import { setDebugTarget } from './debug.ts';
import { ErrorPage } from './ErrorPage.tsx';
import { useToasts } from './Toasts.tsx';

/** Ends that rejoining cannot undo. */
const FINAL_CODES: readonly ClientErrorCode[] = ['removed', 'meeting_ended'];

type Page =
  | { kind: 'loading' }
  | { kind: 'error'; code: ClientErrorCode; retry: boolean }
  | { kind: 'lobby'; invite: Invite }
  | { kind: 'waiting'; invite: Invite; request: JoinRequest; name: string }
  | { kind: 'meeting'; invite: Invite; session: MeetingSession; devices: DeviceChoice }
  | { kind: 'left'; invite: Invite; devices: DeviceChoice };

function LoadingPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <AppHeader />
      <main className="page-center" role="status">
        <span className="spinner spinner--dark" aria-hidden="true" />
        <p className="notice-text">{t('app.loading')}</p>
      </main>
    </div>
  );
}

/** What the invitation leads to: the lobby (with the media stack readied meanwhile) or an error page. */
async function pageForInvite(token: string): Promise<Page> {
  const result = await fetchInvite(token);
  if (result.ok) {
    // Ready the media stack while the person checks camera and microphone: joining is then quicker.
    const caps = result.invite.routerRtpCapabilities;
    if (caps) loadDevice(caps).catch((error: unknown) => console.warn('[phonghop] device preload failed', error));
    if (!result.invite.waitingRoom) preconnectSignaling();
    return { kind: 'lobby', invite: result.invite };
  }
  // Only a failure to reach the server is worth retrying; a bad link stays bad.
  return { kind: 'error', code: result.code, retry: result.code === 'network' || result.code === 'internal' };
}

const NO_TOKEN: Page = { kind: 'error', code: 'token_invalid', retry: false };

export function JoinFlow({ search }: { search: string }) {
  const token = tokenFromLocation(search);
  const [page, setPage] = useState<Page>(token ? { kind: 'loading' } : NO_TOKEN);
  const toasts = useToasts();

  useEffect(() => {
    if (!token) return;
    let live = true;
    void pageForInvite(token).then((next) => {
      if (live) setPage(next);
    });
    return () => {
      live = false;
    };
  }, [token]);

  /** Asks again (retry, a guest giving up the waiting room). */
  const loadInvite = useCallback(() => {
    if (!token) return setPage(NO_TOKEN);
    setPage({ kind: 'loading' });
    void pageForInvite(token).then(setPage);
  }, [token]);

  useEffect(() => {
    setDebugTarget(page.kind, page.kind === 'meeting' ? page.session : null);
  }, [page]);

  useEffect(() => {
    if (page.kind !== 'meeting') return;
    const session = page.session;
    const onUnload = () => session.dispose();
    window.addEventListener('pagehide', onUnload);
    return () => window.removeEventListener('pagehide', onUnload);
  }, [page]);

  // The page as last committed, for callbacks; a layout effect, so it is current before any child's effect runs.
  const pageRef = useRef(page);
  useLayoutEffect(() => {
    pageRef.current = page;
  }, [page]);
  // Leaving the flow (another link opened in place) ends the meeting it holds; dispose() is idempotent.
  useEffect(
    () => () => {
      const current = pageRef.current;
      if (current.kind === 'meeting') current.session.dispose();
    },
    [],
  );

  const startMeeting = useCallback(
    (invite: Invite, request: JoinRequest) => {
      // A guest link knocks first; the chair's admission brings the token to join with.
      if (invite.waitingRoom) {
        setPage({ kind: 'waiting', invite, request, name: request.guestName ?? '' });
        return;
      }
      const session = new MeetingSession({
        token: invite.token,
        createSocket: () => takePreconnected() ?? createSignalingSocket(),
        devices: request.devices,
        local: {
          micTrack: request.micTrack,
          camTrack: request.camTrack,
          micOn: request.micOn && request.micTrack !== null,
          camOn: request.camTrack !== null,
        },
      });
      session.onError(toasts.showError);
      session.start();
      setPage({ kind: 'meeting', invite, session, devices: request.devices });
    },
    [toasts],
  );

  // The session is disposed here, outside any state updater: updaters must stay pure (React may run them twice).
  const onFinished = useCallback((state: SessionState) => {
    const current = pageRef.current;
    if (current.kind !== 'meeting') return;
    current.session.dispose();
    if (state.status === 'error') {
      const code = state.fatalError ?? 'internal';
      // A bad link stays bad; anything else (another device took the seat) may be tried again from the lobby.
      setPage({ kind: 'error', code, retry: !LINK_ERRORS.includes(code) && !FINAL_CODES.includes(code) });
    } else setPage({ kind: 'left', invite: current.invite, devices: current.devices });
  }, []);

  const rejoin = useCallback(
    async (invite: Invite, devices: DeviceChoice) => {
      const [cam, mic] = await Promise.allSettled([openCam(devices.camDeviceId), openMic(devices.micDeviceId)]);
      startMeeting(invite, {
        devices,
        camTrack: cam.status === 'fulfilled' ? cam.value : null,
        micTrack: mic.status === 'fulfilled' ? mic.value : null,
        micOn: true,
      });
    },
    [startMeeting],
  );

  switch (page.kind) {
    case 'loading':
      return <LoadingPage />;
    case 'error':
      return <ErrorPage code={page.code} onRetry={page.retry ? loadInvite : undefined} />;
    case 'lobby':
      return <Lobby invite={page.invite} onJoin={(request) => startMeeting(page.invite, request)} />;
    case 'waiting':
      return (
        <WaitingRoom
          invite={page.invite}
          name={page.name}
          camTrack={page.request.camTrack}
          onAdmitted={(token) => {
            const { waitingRoom: _link, ...invite } = page.invite;
            startMeeting({ ...invite, token, name: page.name }, page.request);
          }}
          onCancel={() => {
            stopTrack(page.request.camTrack);
            stopTrack(page.request.micTrack);
            loadInvite();
          }}
        />
      );
    case 'meeting':
      return <MeetingView session={page.session} fallbackMeeting={page.invite.meeting} onFinished={onFinished} />;
    case 'left':
      return <LeftScreen meeting={page.invite.meeting} onRejoin={() => rejoin(page.invite, page.devices)} />;
  }
}
