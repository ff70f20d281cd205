// Tile models and grid geometry for the meeting view: which tiles exist, in what order, how large they are, and
// which simulcast layer a tile of that size deserves. Pure, so that it is tested without a browser.
import type { PeerInfo } from '../../../common/meetingInfo.ts';
import type { InvitedRole } from '../../../common/roles.ts';
import { tracksOfPeer, type SessionState } from './sessionState.ts';

export interface TileModel {
  peerId: string;
  name: string;
  role: InvitedRole;
  connectionPoint: string | null;
  isSelf: boolean;
  micOn: boolean;
  camOn: boolean;
  speaking: boolean;
  videoTrack: MediaStreamTrack | null;
  audioTrack: MediaStreamTrack | null;
  /** The remote video consumer behind the tile, for visibility reports; null for self or no video. */
  videoConsumerId: string | null;
}

const ROLE_ORDER: Record<InvitedRole, number> = { chair: 0, secretary: 1, delegate: 2 };

/**
 * The chair first, then the secretary, then delegates; within a role, self first and then the order of joining,
 * so that tiles do not jump around when somebody speaks.
 */
export function orderPeers(self: PeerInfo | null, peers: readonly PeerInfo[]): PeerInfo[] {
  const all = self ? [self, ...peers.filter((p) => p.id !== self.id)] : [...peers];
  return all
    .map((peer, index) => ({ peer, index }))
    .sort((a, b) => ROLE_ORDER[a.peer.role] - ROLE_ORDER[b.peer.role] || a.index - b.index)
    .map(({ peer }) => peer);
}

export function buildTiles(
  state: Pick<SessionState, 'self' | 'peers' | 'remote' | 'activeSpeakerId' | 'camTrack' | 'camOn' | 'micOn'>,
): TileModel[] {
  return orderPeers(state.self, state.peers).map((peer) => {
    const isSelf = peer.id === state.self?.id;
    const who = { peerId: peer.id, name: peer.name, role: peer.role, connectionPoint: peer.connectionPoint, isSelf };
    if (isSelf) {
      return {
        ...who,
        micOn: state.micOn,
        camOn: state.camOn,
        // The server's speaker detection lags a mute by a moment; a muted microphone is never "speaking".
        speaking: state.micOn && state.activeSpeakerId === peer.id,
        videoTrack: state.camOn ? state.camTrack : null,
        audioTrack: null,
        videoConsumerId: null,
      };
    }
    const { audio, video } = tracksOfPeer(state, peer.id);
    const showVideo = video !== null && !video.paused && (peer.camOn || video.source !== 'cam');
    return {
      ...who,
      micOn: peer.micOn,
      camOn: peer.camOn,
      speaking: peer.micOn && state.activeSpeakerId === peer.id,
      videoTrack: showVideo ? video.track : null,
      audioTrack: audio?.track ?? null,
      videoConsumerId: video?.consumerId ?? null,
    };
  });
}

export interface GridInput {
  count: number;
  width: number;
  height: number;
  gap: number;
  aspect?: number;
  minTileWidth?: number;
}

export interface Grid {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** Tiles do not fit at their minimum size: the grid scrolls and off-screen tiles pause their video. */
  scrolls: boolean;
}

export const TILE_ASPECT = 16 / 9;
export const MIN_TILE_WIDTH = 220;
/** Tiles at least this wide get the top simulcast layer; smaller ones the lowest. */
export const HIGH_LAYER_MIN_WIDTH = 480;

/** The column count that makes tiles of the given aspect as large as possible inside the box. */
export function computeGrid({
  count,
  width,
  height,
  gap,
  aspect = TILE_ASPECT,
  minTileWidth = MIN_TILE_WIDTH,
}: GridInput): Grid {
  if (count <= 0 || width <= 0 || height <= 0) {
    return { columns: 1, rows: 0, tileWidth: 0, tileHeight: 0, scrolls: false };
  }
  let best: Grid = { columns: 1, rows: count, tileWidth: 0, tileHeight: 0, scrolls: false };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const byWidth = (width - gap * (columns - 1)) / columns;
    const byHeight = ((height - gap * (rows - 1)) / rows) * aspect;
    const tileWidth = Math.floor(Math.min(byWidth, byHeight));
    if (tileWidth > best.tileWidth) {
      best = { columns, rows, tileWidth, tileHeight: Math.floor(tileWidth / aspect), scrolls: false };
    }
  }
  if (best.tileWidth >= minTileWidth) return best;
  const columns = Math.max(1, Math.floor((width + gap) / (minTileWidth + gap)));
  const tileWidth = Math.floor((width - gap * (columns - 1)) / columns);
  return {
    columns,
    rows: Math.ceil(count / columns),
    tileWidth,
    tileHeight: Math.floor(tileWidth / aspect),
    scrolls: true,
  };
}

export function layerForWidth(tileWidth: number): 'low' | 'high' {
  return tileWidth >= HIGH_LAYER_MIN_WIDTH ? 'high' : 'low';
}

/** One letter for the placeholder avatar: the given name, which in Vietnamese names comes last. */
export function initialOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const given = words[words.length - 1] ?? '';
  return given.charAt(0).toLocaleUpperCase('vi') || '?';
}
