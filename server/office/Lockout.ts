// Sign-in lockout, per username and per client address: after `maxFailures` failures within the window the key is
// locked for `lockMs`; a success clears the username's count. Kept in the database, so a restart does not reset it.
import type { Database } from '../storage/database.ts';

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** 5 wrong passwords for one name, or 20 from one address, within 15 minutes: 15 minutes' pause. */
export const DEFAULT_LOCKOUT = {
  username: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} satisfies Record<string, LockoutPolicy>;

export class Lockout {
  readonly #db: Database;
  readonly #policy: typeof DEFAULT_LOCKOUT;
  readonly #now: () => number;

  constructor(db: Database, policy = DEFAULT_LOCKOUT, now: () => number = Date.now) {
    this.#db = db;
    this.#policy = policy;
    this.#now = now;
  }

  /** Milliseconds until the username or the address may try again; 0 when allowed. */
  waitMs(username: string, address: string): number {
    const now = this.#now();
    const rows = this.#db
      .prepare('SELECT locked_until FROM login_failures WHERE key IN (?, ?) AND locked_until IS NOT NULL')
      .all(userKey(username), addressKey(address)) as { locked_until: string }[];
    return Math.max(0, ...rows.map((r) => Date.parse(r.locked_until) - now));
  }

  failed(username: string, address: string): void {
    this.#count(userKey(username), this.#policy.username);
    this.#count(addressKey(address), this.#policy.address);
  }

  succeeded(username: string): void {
    this.#db.prepare('DELETE FROM login_failures WHERE key = ?').run(userKey(username));
  }

  #count(key: string, policy: LockoutPolicy): void {
    const now = this.#now();
    const row = this.#db.prepare('SELECT failures, first_at FROM login_failures WHERE key = ?').get(key) as
      { failures: number; first_at: string } | undefined;
    const fresh = !row || now - Date.parse(row.first_at) > policy.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= policy.maxFailures ? new Date(now + policy.lockMs).toISOString() : null;
    this.#db
      .prepare(
        `INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at,
           locked_until = excluded.locked_until`,
      )
      .run(key, failures, fresh ? new Date(now).toISOString() : row.first_at, lockedUntil);
  }
}

const userKey = (username: string) => `user:${username.toLowerCase()}`;
const addressKey = (address: string) => `addr:${address}`;
