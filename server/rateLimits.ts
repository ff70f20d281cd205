// Limits that belong to no single connection: token buckets keyed by something many connections share (a client
// address, a guest link, a participant), and concurrency slots (uploads in progress). One instance per server, held
// by the service that applies it; each keeps a bounded number of keys so that the limit itself cannot be flooded.

interface Bucket {
  tokens: number;
  last: number;
}

/** Sustained `rate` actions a second per key, in bursts of up to `burst`. */
export class KeyedRateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(rate: number, burst: number, options: { maxKeys?: number; now?: () => number } = {}) {
    this.#rate = rate;
    this.#burst = burst;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Takes one action for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#refilled(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #refilled(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.last) / 1000) * this.#rate);
      bucket.last = now;
      // Most recently used last: the oldest are the first to go when the map is full.
      this.#buckets.delete(key);
    } else {
      bucket = { tokens: this.#burst, last: now };
      if (this.#buckets.size >= this.#maxKeys) this.#evict(now);
    }
    this.#buckets.set(key, bucket);
    return bucket;
  }

  /** Forgets full buckets first (forgetting them changes nothing), then the least recently used. */
  #evict(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.last) / 1000) * this.#rate >= this.#burst) this.#buckets.delete(key);
    }
    while (this.#buckets.size >= this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}

/** Why a slot was refused: every slot of the server is taken, or every slot of this key. */
export type SlotRefusal = 'server' | 'key';

/** At most `total` holders at once, and at most `perKey` with the same key. */
export class ConcurrencySlots {
  readonly total: number;
  readonly perKey: number;
  readonly #held = new Map<string, number>();
  #count = 0;

  constructor(total: number, perKey: number) {
    this.total = total;
    this.perKey = perKey;
  }

  get inUse(): number {
    return this.#count;
  }

  /** A slot for `key` and the function that gives it back (once), or why there is none. */
  acquire(key: string): { release: () => void } | { refused: SlotRefusal } {
    const mine = this.#held.get(key) ?? 0;
    if (this.#count >= this.total) return { refused: 'server' };
    if (mine >= this.perKey) return { refused: 'key' };
    this.#held.set(key, mine + 1);
    this.#count++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#count--;
        const left = (this.#held.get(key) ?? 1) - 1;
        if (left > 0) this.#held.set(key, left);
        else this.#held.delete(key);
      },
    };
  }
}
