// The annotation update log, both implementations against one contract: append returns increasing seqs, load gives
// back what was stored, compaction merges without losing an update appended meanwhile, and (SQLite) a reopened
// file has everything.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { MeetingStore } from '../../../server/meetings/MeetingStore.ts';
import { demoMeeting } from '../../../server/meetings/demoMeeting.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { SqliteUpdateLog } from '../../../server/sync/SqliteUpdateLog.ts';
import { MemoryUpdateLog, type UpdateLog } from '../../../server/sync/UpdateLog.ts';
import { loadDoc, mergeStored } from '../../../server/sync/SyncRoom.ts';

/** Yjs updates that each add one stroke to a shared `strokes` map. */
function strokes(n: number, prefix = 's'): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < n; i++) doc.getMap('strokes').set(`${prefix}${i}`, { page: 1, points: [i, i + 1, i + 2] });
  return updates;
}

const keysOf = (log: UpdateLog, doc: string) => [...loadDoc(log.load(doc)).getMap('strokes').keys()].sort();

interface Fixture {
  log: UpdateLog;
  meetingId: string;
  reopen?: () => UpdateLog;
  done: () => void;
}

function memory(): Fixture {
  return { log: new MemoryUpdateLog(), meetingId: 'm', done: () => undefined };
}

function sqlite(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-log-'));
  const file = join(dir, 'test.sqlite');
  let db = openDatabase(file);
  const meetingId = new MeetingStore(db).add(demoMeeting(1)).id;
  return {
    log: new SqliteUpdateLog(db),
    meetingId,
    reopen() {
      db.close();
      db = openDatabase(file);
      return new SqliteUpdateLog(db);
    },
    done() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const [name, make] of [
  ['memory', memory],
  ['sqlite', sqlite],
] as const) {
  describe(`${name} update log`, () => {
    it('appends with increasing seqs and loads what it stored', async () => {
      const f = make();
      const seqs = await f.log.append(strokes(3).map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
      assert.equal(seqs.length, 3);
      assert.ok(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!);
      assert.deepEqual(keysOf(f.log, 'd1'), ['s0', 's1', 's2']);
      assert.equal(f.log.pendingCount('d1'), 3);
      assert.deepEqual(f.log.load('other'), { snapshot: null, updates: [] });
      f.done();
    });

    it('compacts into one snapshot and keeps what is appended afterwards', async () => {
      const f = make();
      const updates = strokes(10);
      await f.log.append(updates.slice(0, 6).map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
      const result = f.log.compact(f.meetingId, 'd1', mergeStored);
      assert.equal(result?.merged, 6);
      assert.equal(f.log.pendingCount('d1'), 0);
      const later = await f.log.append(updates.slice(6).map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
      assert.ok(later[0]! > result!.upToSeq, 'seqs are never reused');
      assert.deepEqual(keysOf(f.log, 'd1'), ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
      assert.equal(f.log.compact(f.meetingId, 'd1', mergeStored)?.merged, 4);
      assert.equal(f.log.compact(f.meetingId, 'd1', mergeStored), null, 'nothing left to compact');
      f.done();
    });

    it('does not lose an update that arrives while a compaction is merging', async () => {
      const f = make();
      const [a, b, c] = strokes(3);
      await f.log.append([a!, b!].map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
      let appended: Promise<number[]> | null = null;
      f.log.compact(f.meetingId, 'd1', (stored) => {
        // An update lands in the middle of the merge: it is after the compacted range and must survive it.
        appended = f.log.append([{ meetingId: f.meetingId, doc: 'd1', data: c! }]);
        return mergeStored(stored);
      });
      await appended;
      assert.equal(f.log.pendingCount('d1'), 1);
      assert.deepEqual(keysOf(f.log, 'd1'), ['s0', 's1', 's2']);
      f.done();
    });

    it('merges updates that arrived out of order (a dependency missing until later)', async () => {
      const f = make();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      const text = doc.getText('note');
      text.insert(0, 'Kính gửi');
      text.insert(8, ' đồng chí');
      await f.log.append([{ meetingId: f.meetingId, doc: 'd1', data: updates[1]! }]);
      f.log.compact(f.meetingId, 'd1', mergeStored);
      await f.log.append([{ meetingId: f.meetingId, doc: 'd1', data: updates[0]! }]);
      assert.equal(loadDoc(f.log.load('d1')).getText('note').toString(), 'Kính gửi đồng chí');
      f.done();
    });

    if (name === 'sqlite') {
      it('has every appended and compacted update after the file is reopened', async () => {
        const f = make();
        const updates = strokes(8);
        await f.log.append(updates.slice(0, 5).map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
        f.log.compact(f.meetingId, 'd1', mergeStored);
        await f.log.append(updates.slice(5).map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
        const reopened = f.reopen!();
        assert.deepEqual(keysOf(reopened, 'd1'), ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
        assert.equal(reopened.pendingCount('d1'), 3);
        f.done();
      });

      it('reports a failed append with its SQLite code, and goes on appending', async () => {
        const f = make();
        // A meeting that does not exist: the foreign key refuses it on the writer thread, as a full disk would fail.
        await assert.rejects(f.log.append([{ meetingId: 'no-such-meeting', doc: 'd1', data: strokes(1)[0]! }]), {
          code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
        });
        const seqs = await f.log.append(strokes(2).map((data) => ({ meetingId: f.meetingId, doc: 'd1', data })));
        assert.equal(seqs.length, 2);
        assert.deepEqual(keysOf(f.log, 'd1'), ['s0', 's1']);
        await f.log.close();
        f.done();
      });

      it('leaves the connection at its own synchronous level after an append', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'phonghop-log-'));
        const db = openDatabase(join(dir, 'x.sqlite'));
        const meetingId = new MeetingStore(db).add(demoMeeting(1)).id;
        await new SqliteUpdateLog(db, 'full', 'inline').append([{ meetingId, doc: 'd', data: strokes(1)[0]! }]);
        assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL, as storage/database.ts sets it');
        db.close();
        rmSync(dir, { recursive: true, force: true });
      });
    }
  });
}
