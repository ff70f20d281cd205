// A token bucket per connection: sustained `rate` requests a second, bursts up to `burst`.
export class RateLimiter {
  #tokens: number;
  #last: number;
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;

  constructor(rate: number, burst = rate * 4, now: () => number = () => performance.now()) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#now = now;
    this.#last = now();
  }

  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
