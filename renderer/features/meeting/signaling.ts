// The typed socket.io connection to the server and `request()`, which turns an acknowledged emit into a promise
// that rejects with a ClientError on a server error, a timeout, or a socket that is down.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  RequestName,
  RequestPayload,
  ResponseMap,
  ServerToClientEvents,
} from '../../../common/protocol.ts';
import { ClientError } from '../../app/clientErrors.ts';

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const REQUEST_TIMEOUT_MS = 10_000;

/** Same origin, default path; connects when the session calls `connect()`. */
export function createSignalingSocket(): SignalingSocket {
  return io({
    autoConnect: false,
    // WebSocket straight away (no long-polling handshake and upgrade first: joining is quicker); where a proxy
    // refuses WebSockets, HTTP long-polling is tried next.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
}

let early: SignalingSocket | null = null;

/**
 * Opens the signalling connection while the lobby is shown, so that the join click does not wait for it (the
 * meeting view's first render holds the main thread right after the click). Joining takes it with
 * takePreconnected(); a connection nobody takes stays idle (the server expects nothing from it before `join`).
 */
export function preconnectSignaling(): void {
  if (early) return;
  early = createSignalingSocket();
  early.connect();
}

/** The connection opened by preconnectSignaling(), once; null if there is none. */
export function takePreconnected(): SignalingSocket | null {
  const socket = early;
  early = null;
  return socket;
}

export type RequestFn = <K extends RequestName>(
  name: K,
  payload: RequestPayload<K>,
  timeoutMs?: number,
) => Promise<ResponseMap[K]>;

export function request<K extends RequestName>(
  socket: SignalingSocket,
  name: K,
  payload: RequestPayload<K>,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): Promise<ResponseMap[K]> {
  // socket.io buffers emits while disconnected and replays them later; a request meant for the old server-side
  // peer must not reach the new one, so refuse instead.
  if (!socket.connected) {
    return Promise.reject(new ClientError('disconnected', `${name}: socket not connected`));
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new ClientError('timeout', `${name}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAck = (response: Ack<ResponseMap[K]>) => {
      clearTimeout(timer);
      if (response && response.ok === true) resolve(response.data);
      else if (response && response.ok === false) reject(ClientError.from(response.error));
      else reject(new ClientError('invalid_message', `${name}: malformed acknowledgement`));
    };
    // The mapped event type cannot be narrowed through a generic key; the payload and ack types above are exact.
    const emit = socket.emit.bind(socket) as unknown as (
      event: K,
      payload: RequestPayload<K>,
      ack: (response: Ack<ResponseMap[K]>) => void,
    ) => void;
    emit(name, payload, onAck);
  });
}
