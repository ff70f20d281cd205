// What a signalling handler can see: the socket's joined peer and room (if any) and the server's services.
import type { ServerConfig } from '../config.ts';
import type { LiveRegistry } from '../live/LiveMeeting.ts';
import type { DocumentService } from '../documents/DocumentService.ts';
import type { MinutesService } from '../minutes/MinutesService.ts';
import type { SyncService } from '../sync/SyncService.ts';
import type { PresenterRegistry } from '../sync/PresenterRegistry.ts';
import type { MeetingStore } from '../meetings/MeetingStore.ts';
import type { AccountStore } from '../storage/AccountStore.ts';
import type { RoomRegistry } from '../rooms/RoomRegistry.ts';
import type { Room } from '../rooms/Room.ts';
import type { Peer, PeerSocket } from '../rooms/Peer.ts';
import { AppFailure } from '../../common/errors.ts';
import type { RequestName, RequestPayload, ResponseMap } from '../../common/protocol.ts';

export interface Services {
  config: ServerConfig;
  meetings: MeetingStore;
  accounts: AccountStore;
  rooms: RoomRegistry;
  tokenSecret: string;
  /** What each running meeting is doing beside its media: floor, queue, mutes, presence, waiting room. */
  live: LiveRegistry;
  /** Agenda documents: uploads, versions, blobs, downloads (server/documents). */
  documents: DocumentService;
  /** Annotation sync (Yjs) with its durable update log, and presenter follow-me (server/sync). */
  sync: SyncService;
  presenter: PresenterRegistry;
  /** The minutes: record, lifecycle, signatures, exports, filing (server/minutes). */
  minutes: MinutesService;
}

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
