// Server-Sent Events to signed-in people's home pages: `home` when a meeting they are in changes (scheduled,
// edited, cancelled, started, someone came or left, ended), so that everyone invited sees it at once.
import type { ServerResponse } from 'node:http';

export class EventHub {
  readonly #streams = new Map<string, Set<ServerResponse>>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 25_000) {
    // A comment line now and then keeps proxies from closing an idle stream.
    this.#heartbeat = setInterval(() => this.#each((res) => res.write(': ping\n\n')), heartbeatMs);
    this.#heartbeat.unref();
  }

  subscribe(userId: string, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    let set = this.#streams.get(userId);
    if (!set) this.#streams.set(userId, (set = new Set()));
    set.add(res);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.#streams.delete(userId);
    });
  }

  notify(userIds: Iterable<string>, event: string, data: unknown = {}): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const id of new Set(userIds)) for (const res of this.#streams.get(id) ?? []) res.write(frame);
  }

  /** Ends one user's streams (signed out everywhere, disabled). */
  disconnect(userId: string): void {
    for (const res of this.#streams.get(userId) ?? []) res.end();
    this.#streams.delete(userId);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.#each((res) => res.end());
    this.#streams.clear();
  }

  #each(fn: (res: ServerResponse) => void): void {
    for (const set of this.#streams.values()) for (const res of set) fn(res);
  }
}
