// One fuzzer connection to the real server over socket.io: sends any event with any arguments, waits for the
// acknowledgement (or notices that the connection dropped, or that no answer came), sends raw engine.io messages
// and raw WebSocket frames below socket.io's encoder, and harvests every id it sees in answers and notifications
// into the shared pool, so that later requests can name other peers', meetings', transports' and votes' ids.
import { io, type Socket } from 'socket.io-client';
import { outcomeOf, type Outcome } from './tally.ts';
import { idKind, type IdPool } from './schemaValues.ts';

/** `id` fields named by what holds them: the answer to a request, or the key of the list or object around them. */
const ID_CONTEXT: Record<string, string> = {
  createTransport: 'transport',
  openVote: 'vote',
  closeVote: 'vote',
  voteOpened: 'vote',
  voteClosed: 'vote',
  votes: 'vote',
  minutesComment: 'comment',
  comments: 'comment',
  peers: 'peer',
  self: 'peer',
  peerJoined: 'peer',
  peerUpdated: 'peer',
  documents: 'document',
  document: 'document',
  documentsChanged: 'document',
  sections: 'section',
  messages: 'message',
};

/** Walks an answer or notification (bounded), adding `…Id` fields, `id`s in a known context, and tokens. */
export function harvest(pool: IdPool, value: unknown, context: string, depth = 0): void {
  if (depth > 6 || typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 50)) harvest(pool, item, context, depth + 1);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') {
      if (key === 'id' && ID_CONTEXT[context]) pool.add(ID_CONTEXT[context], field);
      else if (key.endsWith('Id')) pool.add(idKind(key), field);
      else if (key === 'token') pool.add('token', field);
    } else harvest(pool, field, key in ID_CONTEXT ? key : context, depth + 1);
  }
}

interface EngineSocket {
  write(data: string | Uint8Array): unknown;
  transport?: { ws?: { send(data: Uint8Array | string): void } };
}

export class FuzzConnection {
  readonly socket: Socket;
  readonly #pool: IdPool;
  readonly #answerTimeoutMs: number;
  /** Settles every pending request as dropped when the connection closes. */
  readonly #pending = new Set<(outcome: Outcome) => void>();
  #closed = false;

  constructor(url: string, pool: IdPool, answerTimeoutMs = 15_000) {
    this.#pool = pool;
    this.#answerTimeoutMs = answerTimeoutMs;
    this.socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
    this.socket.onAny((event: string, payload: unknown) => harvest(pool, payload, event));
    this.socket.on('disconnect', () => {
      this.#closed = true;
      for (const settle of this.#pending) settle({ kind: 'dropped' });
      this.#pending.clear();
    });
  }

  /** Connected, or the reason it could not be. */
  connected(timeoutMs = 20_000): Promise<boolean> {
    if (this.socket.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
      this.socket.once('connect_error', () => {
        clearTimeout(timer);
        this.#closed = true;
        resolve(false);
      });
    });
  }

  get open(): boolean {
    return !this.#closed && this.socket.connected;
  }

  /** Emits `event` with `args` and an acknowledgement callback; the outcome is harvested for ids. */
  request(event: string, ...args: unknown[]): Promise<Outcome> {
    if (!this.open) return Promise.resolve({ kind: 'dropped' });
    return new Promise<Outcome>((resolve) => {
      const settle = (outcome: Outcome) => {
        clearTimeout(timer);
        this.#pending.delete(settle);
        resolve(outcome);
      };
      const timer = setTimeout(
        () => settle(this.open ? { kind: 'no_answer' } : { kind: 'dropped' }),
        this.#answerTimeoutMs,
      );
      this.#pending.add(settle);
      try {
        this.socket.emit(event, ...args, (response: unknown) => {
          const outcome = outcomeOf(response);
          if (outcome.kind === 'ok') harvest(this.#pool, outcome.data, event);
          settle(outcome);
        });
      } catch {
        // The client refuses some names itself ("connect", "disconnect"): they go as raw messages instead.
        settle({ kind: 'dropped' });
      }
    });
  }

  /** Emits without an acknowledgement callback (a failure comes back as a `requestRejected` notification). */
  notify(event: string, ...args: unknown[]): void {
    if (this.open) this.socket.emit(event, ...args);
  }

  /** An engine.io message of any text or bytes, handed to the server's socket.io decoder as it is. */
  rawMessage(data: string | Uint8Array): void {
    if (this.open) (this.socket.io.engine as unknown as EngineSocket).write(data);
  }

  /** A WebSocket frame of any bytes, below engine.io's framing. */
  rawFrame(data: Uint8Array | string): void {
    if (!this.open) return;
    const ws = (this.socket.io.engine as unknown as EngineSocket).transport?.ws;
    ws?.send(data);
  }

  close(): void {
    this.socket.disconnect();
    this.#closed = true;
  }
}
