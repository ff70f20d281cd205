// socket.io signalling: one session per connection, requests dispatched to handlers by capability, and the session
// closed when the connection drops (what the connection held registered its cleanup with it: Session.onClose).
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/protocol.ts';
import { Session, type HandlerMap } from './context.ts';
import type { Services } from '../services.ts';
import { dispatch } from './dispatch.ts';
import { mediaHandlers } from './handlers/media.ts';
import { sessionHandlers } from './handlers/session.ts';
import { accessHandlers } from './handlers/access.ts';
import { chairHandlers } from './handlers/chair.ts';
import { floorHandlers } from './handlers/floor.ts';
import { voteHandlers } from './handlers/votes.ts';
import { chatHandlers } from './handlers/chat.ts';
import { statusHandlers } from './handlers/status.ts';
import { documentHandlers } from './handlers/documents.ts';
import { syncHandlers } from './handlers/sync.ts';
import { presenterHandlers } from './handlers/presenter.ts';
import { minutesHandlers } from './handlers/minutes.ts';
import { screenShareHandlers } from './handlers/screenShare.ts';
import { recordingHandlers } from './handlers/recording.ts';
import { authorized } from './authorize.ts';
import { RateLimiter } from './RateLimiter.ts';
import { clientAddress } from '../http/request.ts';

// Every handler runs behind the role check of common/permissions.ts (authorize.ts).
const handlers: HandlerMap = authorized({
  ...sessionHandlers,
  ...mediaHandlers,
  ...accessHandlers,
  ...chairHandlers,
  ...floorHandlers,
  ...voteHandlers,
  ...chatHandlers,
  ...statusHandlers,
  ...documentHandlers,
  ...syncHandlers,
  ...presenterHandlers,
  ...minutesHandlers,
  ...screenShareHandlers,
  ...recordingHandlers,
});

export type SignallingSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export function attachSignalling(httpServer: HttpServer, services: Services): Server {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    // Larger than MAX_REQUEST_BYTES so an oversized request gets a typed error instead of a dropped connection.
    maxHttpBufferSize: 1_000_000,
    pingInterval: 5000,
    pingTimeout: 5000,
    serveClient: false,
  });

  io.on('connection', (socket: SignallingSocket) => {
    const session = new Session(socket, clientAddress(socket.request, services.config.trustProxy));
    const limiter = new RateLimiter(services.config.limits.requestsPerSecond);

    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (response: unknown) => void) : null;
      const payload = ack && args.length === 1 ? undefined : args[0];
      void dispatch(event, payload, session, services, handlers, limiter).then((response) => {
        if (ack) ack(response);
        else if (!response.ok) socket.emit('requestRejected', { request: event.slice(0, 60), error: response.error });
      });
    });

    // Whatever the connection held (a joined peer, open documents, a knock at a waiting room) registered its
    // cleanup with the session when it was taken.
    socket.on('disconnect', () => session.close());
  });
  return io;
}
