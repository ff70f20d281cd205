// Watches a meeting's routers and its participants' transports for new producers, so that the recorder hears of one
// as it is made (mediasoup's observer events) rather than at its next look at the room (every 0.1 s): a camera
// produced again after an SFU worker restart is then consumed before its first keyframe (Recorder.ts).
import type { types } from 'mediasoup';

/** Told of a producer as it is made: `home` is the meeting's home router when the producer is on it, else null. */
export type OnNewProducer = (home: types.Router | null, producer: types.Producer) => void;

export interface WatchedRouter {
  readonly router: types.Router;
  readonly home: boolean;
}

export class ProducerWatch {
  readonly #watched = new WeakSet<types.Router | types.Transport>();
  readonly #onNewProducer: OnNewProducer;

  constructor(onNewProducer: OnNewProducer) {
    this.#onNewProducer = onNewProducer;
  }

  /**
   * Watches the routers for new transports, and the transports already made (a router is first seen after it was
   * made: after an SFU worker restart, the clients may already be making their transports on it).
   */
  watch(routers: readonly WatchedRouter[], transports: readonly types.Transport[]): void {
    const open = routers.filter((r) => !r.router.closed);
    for (const { router, home } of open) {
      if (this.#watched.has(router)) continue;
      this.#watched.add(router);
      router.observer.on('newtransport', (transport) => this.#watchTransport(home ? router : null, transport));
    }
    // Which router a transport is on is not said: the meeting's only one, or not known here.
    const only = open.length === 1 && open[0]!.home ? open[0]!.router : null;
    for (const transport of transports) this.#watchTransport(only, transport);
  }

  /** Resolves when `routers()` has a home router not watched yet (looked for every 10 ms), or after `ms`. */
  async untilNewHome(routers: () => readonly WatchedRouter[], ms: number): Promise<void> {
    const until = Date.now() + ms;
    const fresh = () => routers().some((r) => r.home && !r.router.closed && !this.#watched.has(r.router));
    while (!fresh() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  #watchTransport(home: types.Router | null, transport: types.Transport): void {
    if (this.#watched.has(transport) || transport.closed) return;
    this.#watched.add(transport);
    transport.observer.on('newproducer', (producer) => this.#onNewProducer(home, producer));
  }
}
