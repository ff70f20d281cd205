// Who is signed in, for every office screen: the session from GET /api/session, what the person's agency role
// lets them reach (the server checks every request again; this only decides what to show), and signing out.
import { createContext, useContext, type ReactNode } from 'react';
import type { AgencyRole, SessionInfo } from '../../../common/office.ts';

export interface OfficeSession {
  info: SessionInfo;
  isAdmin: boolean;
  /** Secretaries and administrators schedule meetings. */
  canSchedule: boolean;
  /** Ends this session (POST /api/logout) and shows the sign-in page. */
  signOut(): Promise<void>;
  /** The session changed under us (signed out everywhere, password changed): show the sign-in page. */
  ended(): void;
}

export const canScheduleRole = (role: AgencyRole): boolean => role === 'admin' || role === 'secretary';

const SessionContext = createContext<OfficeSession | null>(null);

export function SessionProvider({ value, children }: { value: OfficeSession; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): OfficeSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}
