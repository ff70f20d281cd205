// A joined participant's signalling connection as the renderer's DocSync sees it (SyncTransport), with who the
// server says it is (`self`): for integration tests that drive annotation layers through real sockets.
import type { NotificationMap, RequestName, RequestPayload, ResponseMap } from '../../common/protocol.ts';
import type { SyncTransport } from '../../renderer/features/documents/syncClient.ts';
import { TestClient } from './signallingClient.ts';

export interface Self {
  id: string;
  name: string;
}

export class SyncParticipant implements SyncTransport {
  readonly client: TestClient;
  readonly self: Self;

  constructor(client: TestClient, self: Self) {
    this.client = client;
    this.self = self;
  }

  /** Connects and joins with an invitation token. */
  static async join(url: string, token: string): Promise<SyncParticipant> {
    const client = await new TestClient(url).connected();
    const joined = await client.ok('join', { token });
    return new SyncParticipant(client, { id: joined.self.id, name: joined.self.name });
  }

  async request<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResponseMap[K]> {
    if (!this.client.socket.connected) throw Object.assign(new Error('offline'), { code: 'disconnected' });
    const response = await this.client.request(name, payload);
    if (!response.ok) throw Object.assign(new Error(response.error.detail), response.error);
    return response.data;
  }

  on<K extends keyof NotificationMap>(event: K, listener: (payload: NotificationMap[K]) => void): () => void {
    this.client.socket.on(event as never, listener as never);
    return () => void this.client.socket.off(event as never, listener as never);
  }

  /** Already joined: the listener runs at once (DocSync opens its document then). */
  onJoined(listener: () => void): () => void {
    if (this.client.socket.connected) listener();
    return () => {};
  }

  close(): void {
    this.client.close();
  }
}
