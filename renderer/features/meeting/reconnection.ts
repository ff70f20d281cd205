// When a meeting session's work is out of date, and when it tries again. Each join, rejoin and SFU restart is a new
// generation (epoch) of the server-side peer and its media; asynchronous work started under an older epoch stops at
// its next await instead of touching the new one. Once the session has ended, every epoch is stale.
const RETRY_MS = 3000;
const EVICTION_WINDOW_MS = 30_000;

export class Reconnection {
  private epoch = 0;
  private ended = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the server disconnected us on purpose, recently. */
  private evictions: number[] = [];

  /** `connected`: whether the signalling socket is up (a retry waits for the reconnection instead). */
  constructor(private readonly connected: () => boolean) {}

  get current(): number {
    return this.epoch;
  }

  /** Starts a new generation: whatever the older ones still have in flight becomes stale. */
  next(): number {
    return ++this.epoch;
  }

  /** The session left, failed or was disposed: nothing starts again. */
  end(): void {
    this.ended = true;
    this.epoch++;
    this.clearRetry();
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  stale(epoch: number): boolean {
    return epoch !== this.epoch || this.ended;
  }

  /** Runs `step` again after a pause, unless its generation has passed or the socket is down by then. */
  retry(epoch: number, step: () => void): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stale(epoch) && this.connected()) step();
    }, RETRY_MS);
  }

  clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * The server closed this connection on purpose: a graceful restart, or the same invitation joining from another
   * device (the newest connection wins). True for a second eviction soon after the first: another device holds the
   * seat, and rejoining again would only evict it in turn, back and forth.
   */
  evictedAgain(now = Date.now()): boolean {
    this.evictions = this.evictions.filter((at) => now - at < EVICTION_WINDOW_MS);
    this.evictions.push(now);
    return this.evictions.length > 1;
  }
}
