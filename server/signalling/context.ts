// What a signalling handler can see: the socket's joined peer and room (if any) and the server's services
// (server/services.ts).
import type { Room } from '../rooms/Room.ts';
import type { Peer, PeerSocket } from '../rooms/Peer.ts';
import { AppFailure } from '../../common/errors.ts';
import type { RequestName, RequestPayload, ResponseMap } from '../../common/protocol.ts';
import type { Services } from '../services.ts';

export interface Session {
  socket: PeerSocket;
  peer: Peer | null;
  room: Room | null;
}

export interface JoinedSession extends Session {
  peer: Peer;
  room: Room;
}

export function joined(session: Session): JoinedSession {
  if (!session.peer || !session.room || session.peer.closed) {
    throw new AppFailure('not_joined', 'join the meeting before this request');
  }
  return session as JoinedSession;
}

export type Handler<K extends RequestName> = (
  session: Session,
  payload: RequestPayload<K>,
  services: Services,
) => Promise<ResponseMap[K]>;

export type HandlerMap = { [K in RequestName]: Handler<K> };
