// How much one connection may make the sync do: a byte budget (token bucket in bytes) that every update and
// awareness message is paid from, and the limits that configure it and the size cap of a stored document. Every
// update is fsynced and relayed to everyone on the document, so bytes, not requests, are what costs.
import { AppFailure } from '../../common/errors.ts';

export interface SyncQuotas {
  /** Sustained bytes a second one connection may send in updates and awareness. */
  bytesPerSecond: number;
  /** Bytes it may send at once after a quiet while (at least one largest update). */
  burstBytes: number;
  /** A document's stored size (snapshot + logged updates) beyond which updates that add content are refused. */
  maxDocumentBytes: number;
  /** Awareness messages (cursor, laser pointer) a second per connection, in bursts of twice as many. */
  awarenessPerSecond: number;
}

export const DEFAULT_SYNC_QUOTAS: SyncQuotas = {
  bytesPerSecond: 1024 * 1024,
  burstBytes: 4 * 1024 * 1024,
  maxDocumentBytes: 20 * 1024 * 1024,
  awarenessPerSecond: 30,
};

/** A token bucket counted in bytes: `rate` a second sustained, up to `burst` at once. */
export class ByteBudget {
  readonly rate: number;
  readonly burst: number;
  #tokens: number;
  #last: number;
  readonly #now: () => number;

  constructor(rate: number, burst: number, now: () => number = () => performance.now()) {
    this.rate = Math.max(1, rate);
    this.burst = Math.max(1, burst);
    this.#tokens = this.burst;
    this.#now = now;
    this.#last = now();
  }

  /** Bytes that may be spent now (negative after a charge beyond the budget). */
  get available(): number {
    const now = this.#now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.rate);
    this.#last = now;
    return this.#tokens;
  }

  /** Pays for `bytes` now, or refuses with `rate_limited` and how long to wait; a refusal costs nothing. */
  spend(bytes: number, what: string): void {
    const available = this.available;
    // A full bucket pays for anything (into debt beyond the burst), so that no message is refused for ever.
    if (bytes <= available || available >= this.burst) {
      this.#tokens -= bytes;
      return;
    }
    const retryAfterMs = Math.ceil(((Math.min(bytes, this.burst) - available) / this.rate) * 1000);
    throw new AppFailure(
      'rate_limited',
      `${what}: this connection sent more than ${this.rate} bytes a second (bursts of ${this.burst}); wait ${retryAfterMs} ms`,
      undefined,
      { retryAfterMs, bytesPerSecond: this.rate, burstBytes: this.burst },
    );
  }

  /** Pays for work the connection caused without asking (rebuilding after a refused update), into debt if need be. */
  charge(bytes: number): void {
    void this.available;
    this.#tokens -= bytes;
  }
}
