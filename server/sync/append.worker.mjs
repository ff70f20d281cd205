// The durable half of the SQLite update log, on a thread of its own (server/sync/SqliteUpdateLog.ts): its own
// connection to the same WAL database, appending each batch in one transaction at the log's synchronous level. The
// fsync of every commit (tens of milliseconds under load) waits here, not on the event loop that serves every
// meeting. Batches arrive one at a time and are answered in order, with their seqs once committed or with the error
// (its SQLite code kept, so that a full disk is still recognised as one).
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, synchronous } = workerData;
const db = new BetterSqlite3(file);
// The main connection holds the write lock for a moment at times (a compaction, another table's write).
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma(`synchronous = ${Number(synchronous)}`);
const insert = db.prepare('INSERT INTO sync_updates (meeting_id, doc, data, received_at) VALUES (?, ?, ?, ?)');
const appendAll = db.transaction((entries, at) =>
  entries.map((e) => Number(insert.run(e.meetingId, e.doc, e.data, at).lastInsertRowid)),
);

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const seqs = appendAll(message.entries, new Date().toISOString());
    parentPort.postMessage({ id: message.id, seqs });
  } catch (error) {
    const { message: text, code } = /** @type {{ message?: string, code?: string }} */ (error ?? {});
    parentPort.postMessage({ id: message.id, error: { message: String(text ?? error), code: code ?? null } });
  }
});
