// The screen share as this participant's UI sees it, and the pure rules over it: whose share is on the stage, what
// this participant's own share is doing, and what a change of the server's state means for it. The store
// (screenShareStore.ts) applies these; components read the view.
import {
  DEFAULT_MEDIA_POLICY,
  NO_SHARE,
  type MediaPolicy,
  type ScreenShareState,
} from '../../../common/screenShare.ts';
import type { MeetingRole } from '../../../common/roles.ts';

/** idle; asking: capturing and asking the server; waiting: for the chair; sharing: our screen is on the air. */
export type OwnShare = 'idle' | 'asking' | 'waiting' | 'sharing';

export interface ShareView {
  selfId: string | null;
  role: MeetingRole | null;
  share: ScreenShareState;
  policy: MediaPolicy;
  mine: OwnShare;
  /** Our own capture while we ask, wait or share. */
  localVideo: MediaStreamTrack | null;
}

export const initialShareView: ShareView = {
  selfId: null,
  role: null,
  share: NO_SHARE,
  policy: DEFAULT_MEDIA_POLICY,
  mine: 'idle',
  localVideo: null,
};

/** What our own share must do after the server's state changed: nothing, start producing, or stop. */
export function ownShareAfter(
  view: Pick<ShareView, 'selfId' | 'mine'>,
  share: ScreenShareState,
): 'keep' | 'produce' | 'stop' {
  const { selfId, mine } = view;
  if (!selfId || mine === 'idle' || mine === 'asking') return 'keep';
  const holding = share.sharer?.peerId === selfId;
  if (mine === 'waiting') {
    if (holding) return 'produce';
    return share.waiting.some((r) => r.peerId === selfId) ? 'keep' : 'stop';
  }
  // Sharing: the chair stopped it or gave the share to someone else.
  return holding ? 'keep' : 'stop';
}

/** Whether the stage shows a share now, and whose. */
export function sharerOnStage(view: Pick<ShareView, 'share'>): string | null {
  return view.share.sharer?.peerId ?? null;
}
