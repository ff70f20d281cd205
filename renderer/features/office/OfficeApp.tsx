// The office around the meeting room: asks who is signed in (GET /api/session), shows the sign-in page when
// nobody is (or when any request later answers 401), and otherwise the shell with the page for the route.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AgencyInfo, SessionInfo, SetupStatus } from '../../../common/office.ts';
import { AppHeader } from '../../app/AppHeader.tsx';
import { navigate, type OfficeRoute } from '../../app/router.tsx';
import { ApiError, api } from './api.ts';
import { forgetSession, resumeSession } from './shellSession.ts';
import { SignInPage } from './auth/SignInPage.tsx';
import { OfficePage } from './OfficePage.tsx';
import { OfficeShell } from './OfficeShell.tsx';
import { SessionProvider, canScheduleRole, type OfficeSession } from './session.tsx';
import { Loading, LoadFailed } from './ui.tsx';
import { toApiError } from './useResource.ts';
import './office.css';
import './forms.css';

type Gate =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'signedOut'; needsSetup: boolean; agency: AgencyInfo | null; expired: boolean }
  | { status: 'signedIn'; info: SessionInfo };

async function whoIsSignedIn(resumed = false): Promise<Gate> {
  try {
    return { status: 'signedIn', info: await api.get<SessionInfo>('/api/session', { expectUnauthorized: true }) };
  } catch (caught) {
    const error = toApiError(caught);
    if (error.code !== 'unauthorized') return { status: 'failed', error };
    // The desktop shell may keep a session from an earlier start in the OS keychain.
    if (!resumed && (await resumeSession())) return whoIsSignedIn(true);
    // Nobody signed in: say so on the sign-in page when the agency has not been set up yet.
    const setup = await api.get<SetupStatus>('/api/setup').catch(() => null);
    return {
      status: 'signedOut',
      needsSetup: setup?.needsSetup === true,
      agency: setup?.agency ?? null,
      expired: false,
    };
  }
}

function GatePage({ children }: { children: ReactNode }) {
  return (
    <div className="page">
      <AppHeader />
      <main className="page-center">{children}</main>
    </div>
  );
}

function SignedIn({ info, route, onEnded }: { info: SessionInfo; route: OfficeRoute; onEnded(): void }) {
  const session = useMemo<OfficeSession>(
    () => ({
      info,
      isAdmin: info.user.agencyRole === 'admin',
      canSchedule: canScheduleRole(info.user.agencyRole),
      async signOut() {
        await api.post('/api/logout', {}, { expectUnauthorized: true }).catch(() => undefined);
        await forgetSession();
        navigate('/', { replace: true });
        onEnded();
      },
      ended: onEnded,
    }),
    [info, onEnded],
  );
  return (
    <SessionProvider value={session}>
      <OfficeShell route={route}>
        <OfficePage route={route} />
      </OfficeShell>
    </SessionProvider>
  );
}

export function OfficeApp({ route }: { route: OfficeRoute }) {
  const [gate, setGate] = useState<Gate>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    void whoIsSignedIn().then((found) => {
      if (live) setGate(found);
    });
    return () => {
      live = false;
    };
  }, []);
  const retry = useCallback(() => {
    setGate({ status: 'loading' });
    void whoIsSignedIn().then(setGate);
  }, []);

  const ended = useCallback(() => {
    // A session that is over is of no use to keep in the shell's keychain either.
    void forgetSession();
    setGate((current) =>
      current.status === 'signedIn'
        ? { status: 'signedOut', needsSetup: false, agency: current.info.agency, expired: true }
        : current,
    );
  }, []);
  // Any request answered 401 means the session is over (expired, signed out on another device).
  useEffect(() => api.onSignedOut(ended), [ended]);

  const signedOutByUser = useCallback(
    () =>
      setGate((current) => ({
        status: 'signedOut',
        needsSetup: false,
        agency: current.status === 'signedIn' ? current.info.agency : null,
        expired: false,
      })),
    [],
  );

  switch (gate.status) {
    case 'loading':
      return (
        <GatePage>
          <Loading />
        </GatePage>
      );
    case 'failed':
      return (
        <GatePage>
          <LoadFailed error={gate.error} onRetry={retry} />
        </GatePage>
      );
    case 'signedOut':
      return (
        <SignInPage
          needsSetup={gate.needsSetup}
          agency={gate.agency}
          expired={gate.expired}
          onSignedIn={(info) => setGate({ status: 'signedIn', info })}
        />
      );
    case 'signedIn':
      // Keyed by the person: nothing of one account's screens survives into another's.
      return <SignedIn key={gate.info.user.id} info={gate.info} route={route} onEnded={signedOutByUser} />;
  }
}
