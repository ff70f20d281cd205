// The chaired-meeting features of one session, wired together: floor and agenda, votes, chat and (for the chair
// and secretary) the status board. MeetingView creates them once per session; components below reach them through
// context rather than props.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { can, type Action } from '../../../common/permissions.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import { ClientError } from '../../app/clientErrors.ts';
import { useToasts } from '../../app/Toasts.tsx';
import { useStore } from '../../app/store.ts';
import { ChatStore } from '../chat/chatStore.ts';
import { FloorStore } from '../floor/floorStore.ts';
import { StatusStore } from '../status/statusStore.ts';
import { VoteStore } from '../votes/voteStore.ts';
import { RecordingStore } from '../recording/recordingStore.ts';
import { ScreenShareStore } from '../screenShare/screenShareStore.ts';
import type { MeetingSession } from './session.ts';
import './briefing.css';
import './briefingControls.css';

export interface Briefing {
  session: MeetingSession;
  floor: FloorStore;
  votes: VoteStore;
  chat: ChatStore;
  status: StatusStore;
  /** Screen sharing and recording (features/screenShare, features/recording). */
  sharing: ScreenShareStore;
  recording: RecordingStore;
}

/** Creates the stores for a session and keeps them attached while the meeting view is mounted. */
export function useCreateBriefing(session: MeetingSession): Briefing {
  const [briefing] = useState<Briefing>(() => ({
    session,
    floor: new FloorStore(),
    votes: new VoteStore(),
    chat: new ChatStore(),
    status: new StatusStore(),
    sharing: new ScreenShareStore(),
    recording: new RecordingStore(),
  }));
  const toasts = useToasts();
  const role = useStore(briefing.floor).role;
  useEffect(() => {
    const offs = [briefing.floor.attach(session), briefing.votes.attach(session), briefing.chat.attach(session)];
    offs.push(briefing.sharing.attach(session, toasts.showError), briefing.recording.attach(session));
    return () => offs.forEach((off) => off());
  }, [briefing, session, toasts]);
  // The board is for the roles allowed to read it; the others would only collect refusals.
  const viewsBoard = role !== null && can(role, 'board.view');
  const answersUnmute = role !== null && can(role, 'unmute.answer');
  useEffect(() => {
    if (!viewsBoard) return;
    return briefing.status.attach(session, { answersUnmute });
  }, [briefing, session, viewsBoard, answersUnmute]);
  return briefing;
}

const BriefingContext = createContext<Briefing | null>(null);

export function BriefingProvider({ briefing, children }: { briefing: Briefing; children: ReactNode }) {
  return <BriefingContext.Provider value={briefing}>{children}</BriefingContext.Provider>;
}

export function useBriefing(): Briefing {
  const briefing = useContext(BriefingContext);
  if (!briefing) throw new Error('useBriefing() outside <BriefingProvider>');
  return briefing;
}

/** This participant's role and a permission check from the shared table (the server checks again). */
export function usePermissions(): { role: MeetingRole | null; can(action: Action): boolean } {
  const role = useStore(useBriefing().floor).role;
  return { role, can: (action) => role !== null && can(role, action) };
}

/**
 * Runs a request of the chair's or a participant's controls; a refusal becomes a toast in the user's language.
 * Resolves to whether it succeeded, for buttons that close a dialog on success.
 */
export function useAction(): (run: () => Promise<unknown>) => Promise<boolean> {
  const toasts = useToasts();
  return useCallback(
    async (run) => {
      try {
        await run();
        return true;
      } catch (error) {
        toasts.showError(ClientError.from(error));
        return false;
      }
    },
    [toasts],
  );
}
