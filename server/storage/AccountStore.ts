// Local accounts: an administrator creates users; people log in with a password and get a session that expires.
// Passwords are hashed with scrypt (passwords.ts); session tokens are random and stored only as SHA-256 hashes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { Database } from './database.ts';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  createdAt: string;
  disabled: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/i;
export const MIN_PASSWORD_LENGTH = 10;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  is_admin: number;
  created_at: string;
  disabled_at: string | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  isAdmin: row.is_admin === 1,
  createdAt: row.created_at,
  disabled: row.disabled_at !== null,
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface AccountOptions {
  scrypt?: ScryptParams;
  /** How long a session lasts without use, in milliseconds (default 12 h: a working day). */
  sessionTtlMs?: number;
  now?: () => number;
}

export class AccountStore {
  readonly #db: Database;
  readonly #scrypt: ScryptParams;
  readonly #ttl: number;
  readonly #now: () => number;
  /** Verified against when the username is unknown, so that a wrong name and a wrong password take as long. */
  #dummyHash: Promise<string> | null = null;

  constructor(db: Database, options: AccountOptions = {}) {
    this.#db = db;
    this.#scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.#ttl = options.sessionTtlMs ?? 12 * 3600 * 1000;
    this.#now = options.now ?? Date.now;
  }

  count(): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  async createUser(input: NewUser): Promise<User> {
    if (!USERNAME_PATTERN.test(input.username)) {
      throw new AppFailure('invalid_message', 'username: 3–64 letters, digits, dot, dash or underscore');
    }
    const displayName = input.displayName.trim();
    if (displayName.length === 0 || displayName.length > 120) {
      throw new AppFailure('invalid_message', 'display name: 1–120 characters');
    }
    if ([...input.password].length < MIN_PASSWORD_LENGTH) {
      throw new AppFailure('invalid_message', `password: at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (this.#row(input.username)) throw new AppFailure('invalid_message', 'username already taken');
    const hash = await hashPassword(input.password, this.#scrypt);
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      display_name: displayName,
      password_hash: hash,
      is_admin: input.isAdmin ? 1 : 0,
      created_at: new Date(this.#now()).toISOString(),
      disabled_at: null,
    };
    this.#db
      .prepare(
        `INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at)
         VALUES (@id, @username, @display_name, @password_hash, @is_admin, @created_at)`,
      )
      .run(row);
    return toUser(row);
  }

  user(id: string): User | undefined {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : undefined;
  }

  listUsers(): User[] {
    return (this.#db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  async setPassword(userId: string, password: string): Promise<void> {
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      throw new AppFailure('invalid_message', `password: at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const hash = await hashPassword(password, this.#scrypt);
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, userId);
      // A changed password ends every session opened with the old one.
      this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    })();
  }

  disableUser(userId: string): void {
    this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE users SET disabled_at = ? WHERE id = ?')
        .run(new Date(this.#now()).toISOString(), userId);
      this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    })();
  }

  /** A session for the right password of an enabled account; null otherwise (no hint which part was wrong). */
  async login(username: string, password: string): Promise<LoginResult | null> {
    const row = this.#row(username);
    if (!row) {
      this.#dummyHash ??= hashPassword('not a password of anyone', this.#scrypt);
      await verifyPassword(password, await this.#dummyHash);
      return null;
    }
    if (!(await verifyPassword(password, row.password_hash)) || row.disabled_at !== null) return null;
    if (needsRehash(row.password_hash, this.#scrypt)) {
      const rehashed = await hashPassword(password, this.#scrypt);
      this.#db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(rehashed, row.id);
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    const expiresAt = new Date(now + this.#ttl).toISOString();
    this.#db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(hashToken(token), row.id, new Date(now).toISOString(), expiresAt, new Date(now).toISOString());
    return { token, expiresAt, user: toUser(row) };
  }

  /** The user behind a session token, extending the session (sliding expiry); throws for expired or unknown. */
  session(token: string): User {
    const hash = hashToken(token);
    const row = this.#db
      .prepare(`SELECT s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`)
      .get(hash) as (UserRow & { expires_at: string }) | undefined;
    if (!row || row.disabled_at !== null) throw new AppFailure('unauthorized', 'not logged in');
    const now = this.#now();
    if (Date.parse(row.expires_at) <= now) {
      this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
      throw new AppFailure('token_expired', 'the session has expired; log in again');
    }
    this.#db
      .prepare('UPDATE sessions SET expires_at = ?, last_used_at = ? WHERE token_hash = ?')
      .run(new Date(now + this.#ttl).toISOString(), new Date(now).toISOString(), hash);
    return toUser(row);
  }

  logout(token: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  /** Drops expired sessions; called now and then, sessions are also checked one by one on use. */
  purgeExpiredSessions(): number {
    return this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date(this.#now()).toISOString())
      .changes;
  }

  #row(username: string): UserRow | undefined {
    return this.#db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }
}
