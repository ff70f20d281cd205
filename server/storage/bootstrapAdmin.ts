// The first administrator: on a database without accounts, `admin` is created with ADMIN_PASSWORD or, without it,
// a random password written once to DATA_DIR/admin-password (mode 600) for the operator to read and change.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountStore } from './AccountStore.ts';

export async function ensureAdmin(
  accounts: AccountStore,
  dataDir: string,
  password = process.env.ADMIN_PASSWORD,
): Promise<string | null> {
  if (accounts.count() > 0) return null;
  const chosen = password && password.length >= 10 ? password : randomBytes(15).toString('base64url');
  await accounts.createUser({ username: 'admin', displayName: 'Quản trị hệ thống', password: chosen, isAdmin: true });
  if (chosen === password) return null;
  const file = join(dataDir, 'admin-password');
  writeFileSync(file, `${chosen}\n`, { mode: 0o600 });
  return file;
}
