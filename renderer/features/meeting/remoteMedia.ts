// The others' media in a meeting session: a consumer for each producer the server offers, closed when the server
// says so, and paused on the server while its tile is off screen.
import type { NewConsumer } from '../../../common/protocol.ts';
import { ClientError } from '../../app/clientErrors.ts';
import type { MediaLink, RecvStats } from './mediaLink.ts';
import type { Reconnection } from './reconnection.ts';
import { addRemoteTrack, removeRemoteTrack } from './sessionState.ts';
import type { SessionStore } from './sessionStore.ts';
import type { RequestFn } from './signaling.ts';

export interface RemoteMediaContext {
  store: SessionStore;
  rpc: RequestFn;
  reconnection: Reconnection;
  /** The current media link; null between links. */
  link(): MediaLink | null;
}

export class RemoteMedia {
  /** Last visibility sent per consumer, so that re-renders do not repeat requests. */
  private readonly visibilitySent = new Map<string, string>();
  /** consumerClosed can overtake the consume() it cancels. */
  private readonly closedConsumers = new Set<string>();

  constructor(private readonly ctx: RemoteMediaContext) {}

  /** A new server-side peer: nothing sent or closed before applies to its consumers. */
  reset(): void {
    this.visibilitySent.clear();
    this.closedConsumers.clear();
  }

  async consume(notification: NewConsumer): Promise<void> {
    const { store, reconnection } = this.ctx;
    const link = this.ctx.link();
    const epoch = reconnection.current;
    if (!link) return;
    try {
      const consumer = await link.consume(notification);
      if (reconnection.stale(epoch) || link.isClosed) return;
      if (this.closedConsumers.delete(consumer.id)) {
        link.closeConsumer(consumer.id);
        return;
      }
      store.update((st) =>
        addRemoteTrack(st, {
          consumerId: consumer.id,
          producerId: notification.producerId,
          peerId: notification.peerId,
          kind: notification.kind,
          source: notification.source,
          track: consumer.track,
          paused: notification.producerPaused,
        }),
      );
      await this.ctx.rpc('resumeConsumer', { consumerId: consumer.id });
    } catch (error) {
      if (!reconnection.stale(epoch)) store.report(error, 'media_error');
    }
  }

  drop(consumerId: string): void {
    const { store } = this.ctx;
    if (!store.getState().remote.some((r) => r.consumerId === consumerId)) this.closedConsumers.add(consumerId);
    this.ctx.link()?.closeConsumer(consumerId);
    this.visibilitySent.delete(consumerId);
    store.update((st) => removeRemoteTrack(st, consumerId));
  }

  /** Tiles report whether they are on screen and how large; hidden video is paused on the server. */
  setVisibility(consumerId: string, visible: boolean, layer: 'low' | 'high'): void {
    const key = `${visible}:${layer}`;
    if (this.visibilitySent.get(consumerId) === key || this.ctx.store.getState().status !== 'joined') return;
    this.visibilitySent.set(consumerId, key);
    this.ctx.rpc('setConsumerVisible', { consumerId, visible, layer }).catch((error: unknown) => {
      this.visibilitySent.delete(consumerId);
      const clientError = ClientError.from(error);
      // A consumer closing while the request was in flight is not worth a message.
      if (clientError.code !== 'not_found' && clientError.code !== 'disconnected') this.ctx.store.report(clientError);
    });
  }

  async recvStats(): Promise<RecvStats> {
    return (await this.ctx.link()?.recvStats()) ?? { audioPacketsReceived: 0, videoFramesDecoded: 0 };
  }
}
