// `window.__phonghopDebug`: a small read-only window into the app for automated UI tests and support.
import type { RecvStats } from '../features/meeting/mediaLink.ts';
import type { MeetingSession } from '../features/meeting/session.ts';

export interface DebugState {
  /** The session's status ('joining' | 'joined' | 'reconnecting' | 'left' | 'error'), or the app's page. */
  status: string;
  /** The other participants (self excluded, as in the protocol's join response). */
  peers: { id: string; name: string }[];
  self: { id: string; name: string } | null;
  activeSpeakerId: string | null;
}

export interface PhonghopDebug {
  state(): DebugState;
  recvStats(): Promise<RecvStats>;
}

declare global {
  interface Window {
    __phonghopDebug?: PhonghopDebug;
  }
}

let page = 'loading';
let session: MeetingSession | null = null;

export function setDebugTarget(currentPage: string, currentSession: MeetingSession | null): void {
  page = currentPage;
  session = currentSession;
}

export function installDebug(): void {
  window.__phonghopDebug = {
    state() {
      if (!session) return { status: page, peers: [], self: null, activeSpeakerId: null };
      const s = session.getState();
      return {
        status: s.status,
        peers: s.peers.map((p) => ({ id: p.id, name: p.name })),
        self: s.self ? { id: s.self.id, name: s.self.name } : null,
        activeSpeakerId: s.activeSpeakerId,
      };
    },
    async recvStats() {
      return session ? session.recvStats() : { audioPacketsReceived: 0, videoFramesDecoded: 0 };
    },
  };
}
