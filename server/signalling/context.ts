// What a signalling handler can see: its connection's session (the joined peer and room, if any, and what else
// belongs to the connection) and the server's services (server/services.ts).
import type { Room } from '../rooms/Room.ts';
import type { Peer, PeerSocket } from '../rooms/Peer.ts';
import { AppFailure } from '../../common/errors.ts';
import type { RequestName, RequestPayload, ResponseMap } from '../../common/protocol.ts';
import { logger } from '../log.ts';
import type { Services } from '../services.ts';

const log = logger('signalling');

/**
 * A value that belongs to one connection (its rate buckets, its sync subscriber, its knock at a waiting room): made
 * on first use in each session and gone with it, so that no module keeps a map keyed by connections.
 */
export interface SessionSlot<T> {
  readonly name: string;
  create(): T;
}

export function sessionSlot<T>(name: string, create: () => T): SessionSlot<T> {
  return { name, create };
}

/**
 * One signalling connection: its joined peer and room (if any), the values of its slots, and its scope: what the
 * connection holds registers a cleanup with onClose, and the disconnect handler closes the session, which runs them.
 */
export class Session {
  readonly socket: PeerSocket;
  /** The client's address (X-Forwarded-For only behind a trusted proxy): for limits shared by its connections. */
  readonly address: string;
  peer: Peer | null = null;
  room: Room | null = null;
  readonly #values = new Map<SessionSlot<unknown>, unknown>();
  readonly #cleanups = new Set<() => void>();
  #closed = false;

  constructor(socket: PeerSocket, address = 'unknown') {
    this.socket = socket;
    this.address = address;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** This connection's value for `slot`, made on first use. */
  get<T>(slot: SessionSlot<T>): T {
    if (!this.#values.has(slot)) this.#values.set(slot, slot.create());
    return this.#values.get(slot) as T;
  }

  /**
   * Runs `cleanup` when the connection closes, or at once if it already has (a request that finished after the
   * disconnect still leaves nothing behind). Returns a function that cancels the registration.
   */
  onClose(cleanup: () => void): () => void {
    if (this.#closed) {
      runCleanup(cleanup);
      return () => {};
    }
    // A wrapper per registration: the same function registered twice runs twice and cancels one at a time.
    const entry = () => cleanup();
    this.#cleanups.add(entry);
    return () => void this.#cleanups.delete(entry);
  }

  /** The connection closed: each cleanup runs once, the newest first; one that throws does not stop the others. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const cleanups = [...this.#cleanups].reverse();
    this.#cleanups.clear();
    for (const cleanup of cleanups) runCleanup(cleanup);
    this.#values.clear();
    this.peer = null;
    this.room = null;
  }
}

function runCleanup(cleanup: () => void): void {
  try {
    cleanup();
  } catch (error) {
    log.error('a cleanup at the close of a connection failed', error);
  }
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
