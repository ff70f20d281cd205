// The agency this server belongs to, the one-time setup link, the directory of units, and the office's audit log
// (what administrators and secretaries did outside any meeting).
import { createHash, randomBytes } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { AgencyInfo, AuditEntry, Unit, UnitKind } from '../../common/office.ts';
import type { Database } from '../storage/database.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface UnitRow {
  code: string;
  name: string;
  kind: UnitKind;
  disabled_at: string | null;
}
const toUnit = (r: UnitRow): Unit => ({ code: r.code, name: r.name, kind: r.kind, disabled: r.disabled_at !== null });

export interface Actor {
  id: string;
  name: string;
}

export class AgencyStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  agency(): AgencyInfo | null {
    const row = this.#db.prepare('SELECT name, code, parent FROM agency WHERE id = 1').get() as AgencyInfo | undefined;
    return row ?? null;
  }

  /** A setup link for an empty server: single use, valid 24 hours. Older unused links stop working. */
  issueSetupToken(now = Date.now()): string {
    const token = randomBytes(24).toString('base64url');
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL').run();
      this.#db
        .prepare('INSERT INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)')
        .run(sha256(token), new Date(now + 24 * 3600_000).toISOString());
    })();
    return token;
  }

  /** Why a setup token cannot be used now, or null when it can. */
  #setupRefusal(token: string, now: number): AppFailure | null {
    if (this.agency()) return new AppFailure('forbidden', 'this server is already set up');
    const row = this.#db
      .prepare('SELECT expires_at, used_at FROM setup_tokens WHERE token_hash = ?')
      .get(sha256(token)) as { expires_at: string; used_at: string | null } | undefined;
    if (!row || row.used_at) return new AppFailure('token_invalid', 'this setup link is not valid (or was used)');
    if (Date.parse(row.expires_at) <= now) return new AppFailure('token_expired', 'this setup link has expired');
    return null;
  }

  /**
   * Spends the setup token and records the agency once `createAdmin` has made the first administrator. The token is
   * checked before and spent after in one transaction, so that two tabs cannot both set the server up; a failure
   * leaves the link usable and undoes the account.
   */
  async completeSetupAsync<T extends { id: string }>(
    token: string,
    agency: AgencyInfo,
    createAdmin: () => Promise<T>,
    now = Date.now(),
  ): Promise<T> {
    const refusal = this.#setupRefusal(token, now);
    if (refusal) throw refusal;
    const admin = await createAdmin();
    try {
      this.#db.transaction(() => {
        const late = this.#setupRefusal(token, now);
        if (late) throw late;
        this.#db.prepare('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ?').run(iso(now), sha256(token));
        this.setAgency(agency);
      })();
    } catch (error) {
      this.#db.prepare('DELETE FROM users WHERE id = ?').run(admin.id);
      throw error;
    }
    return admin;
  }

  setAgency(agency: AgencyInfo): void {
    this.#db
      .prepare(
        `INSERT INTO agency (id, name, code, parent, created_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, code = excluded.code, parent = excluded.parent`,
      )
      .run(agency.name, agency.code, agency.parent, iso());
  }

  units(includeDisabled = true): Unit[] {
    const rows = this.#db
      .prepare(`SELECT * FROM units ${includeDisabled ? '' : 'WHERE disabled_at IS NULL'} ORDER BY kind DESC, name`)
      .all() as UnitRow[];
    return rows.map(toUnit);
  }

  unit(code: string): Unit | undefined {
    const row = this.#db.prepare('SELECT * FROM units WHERE code = ?').get(code) as UnitRow | undefined;
    return row ? toUnit(row) : undefined;
  }

  /** Creates or renames a unit; returns whether it was new. */
  upsertUnit(unit: { code: string; name: string; kind: UnitKind }): boolean {
    const existed = this.unit(unit.code) !== undefined;
    this.#db
      .prepare(
        `INSERT INTO units (code, name, kind, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
      )
      .run(unit.code, unit.name, unit.kind, iso());
    return !existed;
  }

  setUnitDisabled(code: string, disabled: boolean): void {
    this.#db.prepare('UPDATE units SET disabled_at = ? WHERE code = ?').run(disabled ? iso() : null, code);
  }

  audit(actor: Actor, action: string, target: string | null = null, detail: unknown = null): void {
    this.#db
      .prepare('INSERT INTO office_audit (at, actor_id, actor_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(iso(), actor.id, actor.name, action, target, detail === null ? null : JSON.stringify(detail));
  }

  /** The office's and the meetings' audit logs together, newest first, filtered. */
  auditEntries(filter: {
    meetingId?: string;
    actor?: string;
    action?: string;
    since?: string;
    until?: string;
    limit?: number;
  }): AuditEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.meetingId) {
      where.push('meeting_id = ?');
      args.push(filter.meetingId);
    }
    if (filter.actor) {
      where.push('(actor_name LIKE ? OR actor_id = ?)');
      args.push(`%${filter.actor}%`, filter.actor);
    }
    if (filter.action) {
      where.push('action = ?');
      args.push(filter.action);
    }
    if (filter.since) {
      where.push('at >= ?');
      args.push(filter.since);
    }
    if (filter.until) {
      where.push('at <= ?');
      args.push(filter.until);
    }
    const rows = this.#db
      .prepare(
        `SELECT * FROM (
           SELECT 'o' || id AS key, id, at, NULL AS meeting_id, actor_id, actor_name, action, target, detail
             FROM office_audit
           UNION ALL
           SELECT 'm' || id AS key, id, at, meeting_id, actor_id, actor_name, action, target, detail FROM audit_log)
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(...args, Math.min(filter.limit ?? 500, 2000)) as {
      key: string;
      id: number;
      at: string;
      meeting_id: string | null;
      actor_id: string;
      actor_name: string;
      action: string;
      target: string | null;
      detail: string | null;
    }[];
    return rows.map((r) => ({
      key: r.key,
      seq: r.id,
      at: r.at,
      meetingId: r.meeting_id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      target: r.target,
      detail: parseDetail(r.detail),
    }));
  }
}

function parseDetail(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function iso(ms = Date.now()): string {
  return new Date(ms).toISOString();
}
