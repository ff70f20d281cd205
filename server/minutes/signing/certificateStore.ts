// The signing certificates each account registered (migration 9): the certificate and the chain that came with it,
// never a key. Rows belong to an account (a signed-in person), never to an invitation, so that whoever holds
// someone's invitation cannot put a certificate in their name.
import type { Database } from '../../storage/database.ts';

export type SigningMethod = 'token' | 'remote' | 'file';

export interface RegisteredCertificate {
  userId: string;
  sha256: string;
  certificate: Buffer;
  chain: Buffer[];
  subject: string;
  issuer: string;
  notAfter: string;
  method: SigningMethod;
  registeredAt: string;
}

interface Row {
  user_id: string;
  sha256: string;
  certificate: Buffer;
  chain: string;
  subject: string;
  issuer: string;
  not_after: string;
  method: SigningMethod;
  registered_at: string;
}

const fromRow = (r: Row): RegisteredCertificate => ({
  userId: r.user_id,
  sha256: r.sha256,
  certificate: Buffer.from(r.certificate),
  chain: (JSON.parse(r.chain) as string[]).map((c) => Buffer.from(c, 'base64')),
  subject: r.subject,
  issuer: r.issuer,
  notAfter: r.not_after,
  method: r.method,
  registeredAt: r.registered_at,
});

export class SigningCertificateStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Registers (or registers again, refreshing the chain) a certificate for an account. */
  save(c: RegisteredCertificate): void {
    this.#db
      .prepare(
        `INSERT INTO signing_certificates (user_id, sha256, certificate, chain, subject, issuer, not_after, method,
           registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, sha256) DO UPDATE SET chain = excluded.chain, method = excluded.method,
           registered_at = excluded.registered_at`,
      )
      .run(
        c.userId,
        c.sha256,
        c.certificate,
        JSON.stringify(c.chain.map((d) => d.toString('base64'))),
        c.subject,
        c.issuer,
        c.notAfter,
        c.method,
        c.registeredAt,
      );
  }

  /** The account's certificates, the most recently registered first. */
  list(userId: string): RegisteredCertificate[] {
    const rows = this.#db
      .prepare('SELECT * FROM signing_certificates WHERE user_id = ? ORDER BY registered_at DESC, sha256')
      .all(userId) as Row[];
    return rows.map(fromRow);
  }

  get(userId: string, sha256: string): RegisteredCertificate | undefined {
    const row = this.#db
      .prepare('SELECT * FROM signing_certificates WHERE user_id = ? AND sha256 = ?')
      .get(userId, sha256) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  remove(userId: string, sha256: string): boolean {
    return (
      this.#db.prepare('DELETE FROM signing_certificates WHERE user_id = ? AND sha256 = ?').run(userId, sha256)
        .changes > 0
    );
  }
}
