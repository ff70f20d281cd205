// Local accounts: the administrator creates users; login gives a session that slides and expires; wrong
// credentials, disabled accounts and changed passwords end access.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountStore } from '../../../server/storage/AccountStore.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { failureCode } from '../../helpers/failures.ts';

const FAST = { N: 2 ** 12, r: 8, p: 1 };

function store(now = { t: Date.parse('2026-03-02T08:00:00Z') }) {
  return {
    accounts: new AccountStore(openDatabase(':memory:'), { scrypt: FAST, sessionTtlMs: 3600_000, now: () => now.t }),
    now,
  };
}

describe('accounts', () => {
  it('create users with validated names and passwords; the hash is never the password', async () => {
    const { accounts } = store();
    const user = await accounts.createUser({
      username: 'thuky.vp',
      displayName: 'Lê Thị Thu Hà',
      password: 'mat-khau-dai-2026',
    });
    assert.equal(user.isAdmin, false);
    await assert.rejects(
      accounts.createUser({ username: 'x', displayName: 'X', password: 'mat-khau-dai-2026' }),
      /username/,
    );
    await assert.rejects(accounts.createUser({ username: 'ngan', displayName: 'N', password: 'short' }), /password/);
    await assert.rejects(
      accounts.createUser({ username: 'THUKY.VP', displayName: 'dup', password: 'mat-khau-dai-2026' }),
      /taken/,
    );
  });

  it('log in with the right password only, and the session slides until it expires', async () => {
    const { accounts, now } = store();
    await accounts.createUser({ username: 'chutri', displayName: 'Trần Quốc Khánh', password: 'mat-khau-dai-2026' });
    assert.equal(await accounts.login('chutri', 'wrong password!'), null);
    assert.equal(await accounts.login('nobody', 'mat-khau-dai-2026'), null);
    const session = await accounts.login('chutri', 'mat-khau-dai-2026');
    assert.ok(session);
    assert.equal(accounts.session(session.token).username, 'chutri');
    now.t += 50 * 60_000;
    accounts.session(session.token); // used: extended by an hour from now
    now.t += 50 * 60_000;
    assert.equal(accounts.session(session.token).displayName, 'Trần Quốc Khánh');
    now.t += 61 * 60_000;
    assert.equal(
      failureCode(() => accounts.session(session.token)),
      'token_expired',
    );
    assert.equal(
      failureCode(() => accounts.session(session.token)),
      'unauthorized',
      'an expired session is deleted',
    );
  });

  it('end sessions on logout, password change and disabling', async () => {
    const { accounts } = store();
    const user = await accounts.createUser({
      username: 'daibieu',
      displayName: 'Đại biểu',
      password: 'mat-khau-dai-2026',
    });
    const a = (await accounts.login('daibieu', 'mat-khau-dai-2026'))!;
    accounts.logout(a.token);
    assert.equal(
      failureCode(() => accounts.session(a.token)),
      'unauthorized',
    );
    const b = (await accounts.login('daibieu', 'mat-khau-dai-2026'))!;
    await accounts.setPassword(user.id, 'mat-khau-moi-2027');
    assert.equal(
      failureCode(() => accounts.session(b.token)),
      'unauthorized',
    );
    assert.equal(await accounts.login('daibieu', 'mat-khau-dai-2026'), null);
    const c = (await accounts.login('daibieu', 'mat-khau-moi-2027'))!;
    accounts.disableUser(user.id);
    assert.equal(
      failureCode(() => accounts.session(c.token)),
      'unauthorized',
    );
    assert.equal(await accounts.login('daibieu', 'mat-khau-moi-2027'), null);
  });
});
