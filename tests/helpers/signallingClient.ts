// A Node signalling client speaking the typed protocol, for integration tests.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  NotificationMap,
  RequestName,
  RequestPayload,
  ResponseMap,
  ServerToClientEvents,
} from '../../common/protocol.ts';

export class TestClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly received: { event: string; payload: unknown }[] = [];

  /** `headers`: sent with the WebSocket handshake (an X-Forwarded-For behind a trusted proxy, say). */
  constructor(url: string, headers?: Record<string, string>) {
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(headers ? { extraHeaders: headers } : {}),
    });
    this.socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload }));
  }

  async connected(): Promise<this> {
    if (this.socket.connected) return this;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
    return this;
  }

  request<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<Ack<ResponseMap[K]>> {
    return this.raw(name, payload) as Promise<Ack<ResponseMap[K]>>;
  }

  /** Sends anything, typed or not: for malformed-message tests. */
  raw(name: string, ...args: unknown[]): Promise<Ack<unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${name}`)), 5000);
      (this.socket as unknown as Socket).emit(name, ...args, (response: Ack<unknown>) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
  }

  async ok<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResponseMap[K]> {
    const response = await this.request(name, payload);
    if (!response.ok) throw new Error(`${name} failed: ${response.error.code} ${response.error.detail}`);
    return response.data;
  }

  waitFor<K extends keyof NotificationMap>(
    event: K,
    predicate: (payload: NotificationMap[K]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<NotificationMap[K]> {
    const seen = this.received.find((r) => r.event === event && predicate(r.payload as NotificationMap[K]));
    if (seen) return Promise.resolve(seen.payload as NotificationMap[K]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.offAny(listener);
        reject(new Error(`timed out waiting for ${event}`));
      }, timeoutMs);
      const listener = (name: string, payload: unknown) => {
        if (name === event && predicate(payload as NotificationMap[K])) {
          clearTimeout(timer);
          this.socket.offAny(listener);
          resolve(payload as NotificationMap[K]);
        }
      };
      this.socket.onAny(listener);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}
