// The meeting's screen-share slot, kept in its LiveMeeting: who holds the share and who waits for the chair. The
// moves between these states are screenShare.ts.
import { NO_SHARE, type ScreenSharer, type ScreenShareState, type ShareRequest } from '../../common/screenShare.ts';

/** Per meeting, in its LiveMeeting: reset when a new room starts (nobody shares in an empty room). */
export class ScreenShareSlot {
  sharer: ScreenSharer | null = null;
  waiting: ShareRequest[] = [];

  state(): ScreenShareState {
    return this.sharer || this.waiting.length > 0 ? { sharer: this.sharer, waiting: this.waiting } : NO_SHARE;
  }

  clear(): void {
    this.sharer = null;
    this.waiting = [];
  }
}
