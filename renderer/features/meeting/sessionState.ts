// The meeting as the UI sees it, and the pure transitions that server notifications and local actions apply to it.
// The session owns side effects (sockets, transports); everything here is plain data and is unit-tested directly.
import type { JoinResponse, MediaSource } from '../../../common/protocol.ts';
import type { MeetingInfo, PeerInfo } from '../../../common/meetingInfo.ts';
import type { ClientErrorCode } from '../../app/clientErrors.ts';

export type SessionStatus = 'joining' | 'joined' | 'reconnecting' | 'left' | 'error';

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  track: MediaStreamTrack;
  /** The producer or the consumer is paused on the server: nothing flows, show the placeholder. */
  paused: boolean;
}

export interface SessionState {
  status: SessionStatus;
  self: PeerInfo | null;
  meeting: MeetingInfo | null;
  /** Everyone else, in the order they joined. */
  peers: PeerInfo[];
  activeSpeakerId: string | null;
  remote: RemoteTrack[];
  micOn: boolean;
  camOn: boolean;
  micTrack: MediaStreamTrack | null;
  camTrack: MediaStreamTrack | null;
  fatalError: ClientErrorCode | null;
}

export interface LocalMediaState {
  micOn: boolean;
  camOn: boolean;
  micTrack: MediaStreamTrack | null;
  camTrack: MediaStreamTrack | null;
}

export function initialState(local: LocalMediaState): SessionState {
  return {
    status: 'joining',
    self: null,
    meeting: null,
    peers: [],
    activeSpeakerId: null,
    remote: [],
    fatalError: null,
    ...local,
  };
}

/** A (re)join replaces everything the server knows; remote tracks from a previous join are gone with it. */
export function applyJoin(state: SessionState, join: JoinResponse): SessionState {
  return {
    ...state,
    status: 'joined',
    self: withLocalMedia(join.self, state),
    meeting: join.meeting,
    peers: join.peers.filter((p) => p.id !== join.self.id),
    activeSpeakerId: join.activeSpeakerId,
    remote: [],
    fatalError: null,
  };
}

function withLocalMedia(self: PeerInfo, state: Pick<SessionState, 'micOn' | 'camOn'>): PeerInfo {
  return { ...self, micOn: state.micOn, camOn: state.camOn };
}

export function applyPeerJoined(state: SessionState, peer: PeerInfo): SessionState {
  if (peer.id === state.self?.id) return state;
  const exists = state.peers.some((p) => p.id === peer.id);
  return {
    ...state,
    peers: exists ? state.peers.map((p) => (p.id === peer.id ? peer : p)) : [...state.peers, peer],
  };
}

export function applyPeerUpdated(state: SessionState, peer: PeerInfo): SessionState {
  if (peer.id === state.self?.id) {
    // Our own mic/cam state is decided locally; the server's echo may lag behind a quick toggle.
    return { ...state, self: withLocalMedia({ ...state.self, ...peer }, state) };
  }
  if (!state.peers.some((p) => p.id === peer.id)) return applyPeerJoined(state, peer);
  return { ...state, peers: state.peers.map((p) => (p.id === peer.id ? peer : p)) };
}

export function applyPeerLeft(state: SessionState, peerId: string): SessionState {
  return {
    ...state,
    peers: state.peers.filter((p) => p.id !== peerId),
    remote: state.remote.filter((r) => r.peerId !== peerId),
    activeSpeakerId: state.activeSpeakerId === peerId ? null : state.activeSpeakerId,
  };
}

export function applyActiveSpeaker(state: SessionState, peerId: string | null): SessionState {
  return state.activeSpeakerId === peerId ? state : { ...state, activeSpeakerId: peerId };
}

export function addRemoteTrack(state: SessionState, track: RemoteTrack): SessionState {
  return { ...state, remote: [...state.remote.filter((r) => r.consumerId !== track.consumerId), track] };
}

export function removeRemoteTrack(state: SessionState, consumerId: string): SessionState {
  if (!state.remote.some((r) => r.consumerId === consumerId)) return state;
  return { ...state, remote: state.remote.filter((r) => r.consumerId !== consumerId) };
}

export function setRemotePaused(state: SessionState, consumerId: string, paused: boolean): SessionState {
  return {
    ...state,
    remote: state.remote.map((r) => (r.consumerId === consumerId ? { ...r, paused } : r)),
  };
}

export function setLocalMedia(state: SessionState, local: Partial<LocalMediaState>): SessionState {
  const next = { ...state, ...local };
  return { ...next, self: next.self ? withLocalMedia(next.self, next) : null };
}

/** The camera (or screen) and microphone tracks that belong to one remote participant. */
export function tracksOfPeer(
  state: Pick<SessionState, 'remote'>,
  peerId: string,
): { audio: RemoteTrack | null; video: RemoteTrack | null } {
  let audio: RemoteTrack | null = null;
  let video: RemoteTrack | null = null;
  for (const r of state.remote) {
    if (r.peerId !== peerId) continue;
    if (r.kind === 'audio' && r.source === 'mic') audio = r;
    // The tile shows the camera; a shared screen has its own surface (features/screenShare).
    else if (r.kind === 'video' && r.source === 'cam') video = r;
  }
  return { audio, video };
}
