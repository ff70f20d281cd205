// The chair's and secretary's view of who is connected and how well: the board fetched on every (re)join, then
// kept current by `statusChanged`, `statusAlert`, the waiting room and unmute requests. Other roles never attach
// (the server would refuse the board and sends them none of these notifications).
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import {
  applyAlert,
  applyEntry,
  applyUnmuteRequest,
  dismissAlert,
  initialStatusView,
  removeUnmuteRequest,
  type StatusView,
} from './statusState.ts';

export class StatusStore extends Store<StatusView> {
  private nextAlertId = 1;

  constructor() {
    super(initialStatusView);
  }

  attach(session: MeetingSession, options: { answersUnmute: boolean }): () => void {
    const refresh = () => {
      session
        .request('statusBoard', {})
        .then(({ entries }) => this.update((v) => ({ ...v, entries })))
        .catch((error: unknown) => console.warn('[phonghop] status board', error));
      session
        .request('waitingRoom', {})
        .then(({ guests }) => this.update((v) => ({ ...v, waiting: guests })))
        .catch((error: unknown) => console.warn('[phonghop] waiting room', error));
    };
    const offs = [
      session.onJoined(refresh),
      session.on('statusChanged', (entry) => this.update((v) => applyEntry(v, entry))),
      session.on('statusAlert', (alert) => this.update((v) => applyAlert(v, alert, this.nextAlertId++, Date.now()))),
      session.on('waitingRoomChanged', ({ guests }) => this.update((v) => ({ ...v, waiting: guests }))),
    ];
    if (options.answersUnmute) {
      offs.push(
        session.on('unmuteRequested', ({ peerId, name }) =>
          this.update((v) => applyUnmuteRequest(v, { peerId, name, at: new Date().toISOString() })),
        ),
      );
    }
    return () => offs.forEach((off) => off());
  }

  dismiss(alertId: number): void {
    this.update((v) => dismissAlert(v, alertId));
  }

  answered(peerId: string): void {
    this.update((v) => removeUnmuteRequest(v, peerId));
  }
}
