// A guest's knock at the waiting room: a socket of its own that sends `knock {token, name}` and waits for the chair.
// `admitted` brings a personal invitation token to join with; `admissionDeclined` ends the wait. The server forgets
// a knock whose socket closes, so every (re)connection knocks again.
import { ClientError } from '../../app/clientErrors.ts';
import { createSignalingSocket, request, type SignalingSocket } from '../meeting/signaling.ts';

export type WaitingStatus = 'knocking' | 'waiting' | 'admitted' | 'declined' | 'locked' | 'ended' | 'failed';

/** What a refused knock means for the guest: a locked or ended meeting is said as such; anything else may be retried. */
export function knockFailureStatus(error: Pick<ClientError, 'code' | 'reason'>): WaitingStatus {
  if (error.code === 'forbidden' && error.reason === 'meeting_locked') return 'locked';
  if (error.code === 'forbidden' && error.reason === 'meeting_ended') return 'ended';
  return 'failed';
}

export interface KnockEvents {
  status(status: WaitingStatus): void;
  admitted(token: string): void;
}

export function knockAtWaitingRoom(
  token: string,
  name: string,
  events: KnockEvents,
  createSocket: () => SignalingSocket = createSignalingSocket,
): () => void {
  const socket = createSocket();
  let finished = false;
  const finish = (status: WaitingStatus) => {
    finished = true;
    events.status(status);
    socket.disconnect();
  };
  socket.on('connect', () => {
    events.status('knocking');
    request(socket, 'knock', { token, name })
      .then(() => !finished && events.status('waiting'))
      .catch((error: unknown) => {
        if (finished) return;
        const clientError = ClientError.from(error);
        console.warn(`[phonghop] knock refused: ${clientError.code} ${clientError.message}`);
        finish(knockFailureStatus(clientError));
      });
  });
  socket.on('disconnect', () => !finished && events.status('knocking'));
  socket.on('admitted', ({ token: admittedToken }) => {
    if (finished) return;
    finish('admitted');
    events.admitted(admittedToken);
  });
  socket.on('admissionDeclined', () => !finished && finish('declined'));
  socket.connect();
  return () => {
    finished = true;
    socket.removeAllListeners();
    socket.disconnect();
  };
}
