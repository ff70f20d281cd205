// The embedded database: migrations applied to an empty file and to a file written by an older version, data kept,
// write-ahead logging on, a file from a newer version refused.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../server/storage/database.ts';
import { MIGRATIONS } from '../../../server/storage/migrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'phonghop-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const latest = Math.max(...MIGRATIONS.map((m) => m.version));

const tables = (db: ReturnType<typeof openDatabase>) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('database migrations', () => {
  it('numbers migrations 1..n without gaps', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1),
    );
  });

  it('create the whole schema in an empty file, in WAL mode, and record each migration', () => {
    const file = join(dir, 'empty.sqlite');
    const db = openDatabase(file);
    assert.equal(schemaVersion(db), latest);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    for (const t of [
      'users',
      'sessions',
      'meetings',
      'participants',
      'agenda_items',
      'invitations',
      'attendance',
      'audit_log',
      'chat_messages',
      'votes',
      'vote_ballots',
      'vote_tallies',
    ]) {
      assert.ok(tables(db).includes(t), `table ${t}`);
    }
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    assert.equal(rows.length, MIGRATIONS.length);
    db.close();
  });

  it('upgrade a file written by an older version and keep its data; reopening changes nothing', () => {
    const file = join(dir, 'old.sqlite');
    const old = openDatabase(file, { upTo: 2 });
    assert.equal(schemaVersion(old), 2);
    assert.equal(tables(old).includes('votes'), false);
    old
      .prepare(
        "INSERT INTO meetings (id, title, starts_at, place, created_at) VALUES ('m1', 'Giao ban', '2026-01-05T08:00:00Z', 'Hà Nội', '2026-01-01T00:00:00Z')",
      )
      .run();
    old.close();

    const upgraded = openDatabase(file);
    assert.equal(schemaVersion(upgraded), latest);
    assert.ok(tables(upgraded).includes('votes'));
    assert.equal(
      (upgraded.prepare("SELECT title FROM meetings WHERE id = 'm1'").get() as { title: string }).title,
      'Giao ban',
    );
    upgraded.close();

    const again = openDatabase(file);
    assert.equal(
      (again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n,
      MIGRATIONS.length,
    );
    again.close();
  });

  it('roll back a failing migration as a whole and leave the file at the previous version', () => {
    const file = join(dir, 'broken.sqlite');
    const broken = [
      ...MIGRATIONS,
      { version: latest + 1, name: 'broken', sql: 'CREATE TABLE ok_part (x); SELECT * FROM no_such_table;' },
    ];
    assert.throws(() => openDatabase(file, { migrations: broken }), /no such table/);
    const db = openDatabase(file);
    assert.equal(schemaVersion(db), latest);
    assert.equal(tables(db).includes('ok_part'), false);
    db.close();
  });

  it('refuse a file from a newer version instead of guessing', () => {
    const file = join(dir, 'future.sqlite');
    const db = openDatabase(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      latest + 5,
      'future',
      'x',
    );
    db.close();
    assert.throws(() => openDatabase(file), /newer than this server knows/);
  });
});
