// Local accounts: an administrator creates users; people log in with a password and get a session that expires.
// Passwords are hashed with scrypt (passwords.ts); session tokens are random and stored only as SHA-256 hashes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { AgencyRole } from '../../common/office.ts';
import type { Database } from './database.ts';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  /** Derived from the agency role, kept for the older API. */
  isAdmin: boolean;
  agencyRole: AgencyRole;
  unitCode: string | null;
  email: string | null;
  source: 'local' | 'ldap';
  createdAt: string;
  disabled: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
  agencyRole?: AgencyRole;
  unitCode?: string | null;
  email?: string | null;
  source?: 'local' | 'ldap';
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
  agency_role: AgencyRole;
  unit_code: string | null;
  email: string | null;
  source: 'local' | 'ldap';
  created_at: string;
  disabled_at: string | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  isAdmin: row.agency_role === 'admin',
  agencyRole: row.agency_role,
  unitCode: row.unit_code,
  email: row.email,
  source: row.source,
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
    const agencyRole = input.agencyRole ?? (input.isAdmin ? 'admin' : 'member');
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      display_name: displayName,
      password_hash: hash,
      is_admin: agencyRole === 'admin' ? 1 : 0,
      agency_role: agencyRole,
      unit_code: input.unitCode ?? null,
      email: input.email ?? null,
      source: input.source ?? 'local',
      created_at: new Date(this.#now()).toISOString(),
      disabled_at: null,
    };
    this.#db
      .prepare(
        `INSERT INTO users (id, username, display_name, password_hash, is_admin, agency_role, unit_code, email, source,
                            created_at)
         VALUES (@id, @username, @display_name, @password_hash, @is_admin, @agency_role, @unit_code, @email, @source,
                 @created_at)`,
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
    return this.openSession(row.id);
  }

  /**
   * Checks a password without opening a session: the account when it is right (disabled or not: the caller says
   * which), null when wrong or unknown, taking as long either way.
   */
  async verify(username: string, password: string): Promise<User | null> {
    const row = this.#row(username);
    if (!row || row.source !== 'local') {
      this.#dummyHash ??= hashPassword('not a password of anyone', this.#scrypt);
      await verifyPassword(password, await this.#dummyHash);
      return null;
    }
    if (!(await verifyPassword(password, row.password_hash))) return null;
    if (needsRehash(row.password_hash, this.#scrypt)) {
      const rehashed = await hashPassword(password, this.#scrypt);
      this.#db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(rehashed, row.id);
    }
    return toUser(row);
  }

  /**
   * The local account of someone the directory has just authenticated: created on the first sign-in (agency role
   * member, no usable local password), name and email refreshed on each one.
   */
  async directoryAccount(entry: { username: string; displayName: string; email: string | null }): Promise<User> {
    const existing = this.#row(entry.username);
    if (existing) {
      if (existing.source !== 'ldap') throw new AppFailure('forbidden', 'a local account has this name', 'role');
      this.#db
        .prepare('UPDATE users SET display_name = ?, email = COALESCE(?, email) WHERE id = ?')
        .run(entry.displayName.slice(0, 120) || entry.username, entry.email, existing.id);
      return this.user(existing.id)!;
    }
    return this.createUser({
      username: entry.username,
      displayName: entry.displayName.slice(0, 120) || entry.username,
      password: randomBytes(32).toString('base64url'),
      email: entry.email,
      source: 'ldap',
    });
  }

  /** A new session for an account that has proven who it is (password, directory). */
  openSession(userId: string): LoginResult {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(userId) as UserRow | undefined;
    if (!row || row.disabled_at !== null) throw new AppFailure('forbidden', 'the account is disabled');
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

  /** Sign out everywhere: every session of the account ends. */
  logoutAll(userId: string): number {
    return this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  byUsername(username: string): User | undefined {
    const row = this.#row(username);
    return row ? toUser(row) : undefined;
  }

  /** Changes what an administrator may change; a disabled account loses its sessions at once. */
  update(
    userId: string,
    patch: { displayName?: string; agencyRole?: AgencyRole; unitCode?: string | null; email?: string | null },
  ): User {
    const current = this.user(userId);
    if (!current) throw new AppFailure('not_found', `no account ${userId}`);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.#db
      .prepare(
        `UPDATE users SET display_name = ?, agency_role = ?, is_admin = ?, unit_code = ?, email = ? WHERE id = ?`,
      )
      .run(next.displayName, next.agencyRole, next.agencyRole === 'admin' ? 1 : 0, next.unitCode, next.email, userId);
    return this.user(userId)!;
  }

  enableUser(userId: string): void {
    this.#db.prepare('UPDATE users SET disabled_at = NULL WHERE id = ?').run(userId);
  }

  /** How many enabled administrators there are: the last one cannot be disabled or demoted. */
  activeAdmins(): number {
    return (
      this.#db
        .prepare(`SELECT COUNT(*) AS n FROM users WHERE agency_role = 'admin' AND disabled_at IS NULL`)
        .get() as { n: number }
    ).n;
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

  sessionExpiry(token: string): string {
    const row = this.#db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(hashToken(token)) as
      | { expires_at: string }
      | undefined;
    return row?.expires_at ?? new Date(this.#now()).toISOString();
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
