// A full disk under the real server: DATA_DIR on a small tmpfs the test mounts (it needs root, as CI runs; without
// it the test is skipped and says why), filled by the test with a file of its own. An upload that runs out of space
// is refused as `unavailable` + disk_full with nothing of it left behind; an annotation update that cannot be
// appended to the log is refused as disk_full, not acknowledged, and seen by nobody; a chat message likewise.
// Everything stored before stays, the server keeps running and takes the same update once space is freed. The
// minutes: the secretary types with the disk full (refused, relayed to no one), space is freed, the chair types
// (acknowledged); after a SIGKILL and restart everything acknowledged is there, the chair's text included, and the
// SQLite file passes integrity_check.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { MARKS_MAP, type Mark } from '../../../common/annotations.ts';
import { toBytes, type Binary, type DocRef, type DocumentInfo, type SyncRef } from '../../../common/documents.ts';
import { DATABASE_FILE } from '../../../server/storage/database.ts';
import { FuzzConnection } from '../../fuzz/fuzzConnection.ts';
import { assemble } from '../../fuzz/pdfMutations.ts';
import { IdPool } from '../../fuzz/schemaValues.ts';
import { seedDataDir, uploadDocument, type SeededData } from '../../fuzz/seed.ts';
import { killAllServerProcesses, ServerProcess } from '../../fuzz/serverProcess.ts';
import { plainPdf } from '../../helpers/pdfFixtures.ts';

function mountable(): string | false {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  return false;
}

const mount = mkdtempSync(join(tmpdir(), 'phonghop-diskfull-'));
const dataDir = join(mount, 'data');
const filler = join(mount, 'filler');
let mounted = false;
let seeded: SeededData;
let server: ServerProcess;
let chair: FuzzConnection;
let ref: DocRef;
let first: { document: DocumentInfo; sha256: string };
const stored: string[] = [];
const MINUTES: SyncRef = { layer: 'minutes' };
/** The first agenda item's discussion in the minutes, as the chair's acknowledged edit left it. */
let acknowledgedDiscussion = '';

const freeBytes = () => {
  const s = statfsSync(mount);
  return s.bavail * s.bsize;
};

/** Fills the file system until `leave` bytes are free (0: until a write fails). */
function fill(leave: number): void {
  const fd = openSync(filler, 'a');
  try {
    const chunk = Buffer.alloc(1 << 20);
    while (freeBytes() > leave + chunk.length) writeSync(fd, chunk);
    for (;;) {
      if (leave > 0 && freeBytes() <= leave) return;
      writeSync(fd, chunk.subarray(0, 4096));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

function markUpdate(id: string): Uint8Array {
  const doc = new Y.Doc();
  const mark: Mark = {
    id,
    page: 1,
    kind: 'pen',
    color: '#d32f2f',
    width: 0.004,
    points: [0.1, 0.1, 0.2, 0.2],
    author: 'chair',
    authorName: 'Trần Quốc Khánh',
    at: Date.now(),
  };
  doc.getMap(MARKS_MAP).set(id, mark);
  return Y.encodeStateAsUpdate(doc);
}

async function marksOnServer(conn: FuzzConnection): Promise<string[]> {
  const answer = await conn.request('syncOpen', { doc: ref, stateVector: new Uint8Array([0]) });
  assert.equal(answer.kind, 'ok', JSON.stringify(answer));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, toBytes((answer as { data: { update: Binary } }).data.update));
  return [...doc.getMap(MARKS_MAP).keys()].sort();
}

/** The minutes as the server serves them, and the first agenda item's discussion in them. */
async function openMinutes(conn: FuzzConnection): Promise<Y.Doc> {
  const answer = await conn.request('syncOpen', { doc: MINUTES, stateVector: new Uint8Array([0]) });
  assert.equal(answer.kind, 'ok', JSON.stringify(answer));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, toBytes((answer as { data: { update: Binary } }).data.update));
  return doc;
}

const discussionOf = (doc: Y.Doc) => (doc.getArray<Y.Map<unknown>>('sections').get(0).get('discussion') as Y.Text);

/** Types at the end of the first discussion; returns the update Yjs makes of it. */
function typeInto(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null;
  doc.once('update', (u: Uint8Array) => (update = u));
  const discussion = discussionOf(doc);
  discussion.insert(discussion.length, text);
  return update!;
}

async function joinAs(token: string): Promise<FuzzConnection> {
  const conn = new FuzzConnection(server.url, new IdPool());
  assert.ok(await conn.connected());
  assert.equal((await conn.request('join', { token })).kind, 'ok');
  return conn;
}

describe('a full disk', { skip: mountable() }, () => {
  before(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mount]);
    mounted = true;
    seeded = seedDataDir(dataDir, 1, 1);
    server = await ServerProcess.start({ dataDir, env: seeded.env });
    const token = seeded.meetings[0]!.tokens.get('chair')!;
    const bytes = await plainPdf(2);
    const upload = await uploadDocument(server.url, token, bytes, { agendaItemId: 'khai-mac', fileName: 'a.pdf' });
    assert.equal(upload.status, 201);
    first = { document: upload.body as DocumentInfo, sha256: createHash('sha256').update(bytes).digest('hex') };
    ref = { documentId: first.document.id, version: 1, layer: 'shared' };
    chair = await joinAs(token);
    await marksOnServer(chair);
    for (const id of ['a', 'b', 'c']) {
      assert.equal((await chair.request('syncUpdate', { doc: ref, update: markUpdate(id) })).kind, 'ok');
      stored.push(id);
    }
  });

  after(async () => {
    chair?.close();
    killAllServerProcesses();
    await server?.exited();
    if (mounted) execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('refuses an upload that runs out of space as disk_full, leaving no part of it', async () => {
    fill(300_000);
    const pad = Buffer.alloc(2_000_000, 0x20);
    const big = assemble([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
      Buffer.concat([Buffer.from(`<< /Length ${pad.length} >>\nstream\n`), pad, Buffer.from('\nendstream')]),
    ]);
    const token = seeded.meetings[0]!.tokens.get('chair')!;
    const refused = await uploadDocument(server.url, token, big, { agendaItemId: 'khai-mac', fileName: 'b.pdf' });
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    assert.deepEqual(
      [
        (refused.body as { error: { code: string; reason: string } }).error.code,
        (refused.body as { error: { reason: string } }).error.reason,
      ],
      ['unavailable', 'disk_full'],
    );
    assert.deepEqual(readdirSync(join(dataDir, 'blobs', 'tmp')), [], 'no temporary file left');
    const earlier = await fetch(`${server.url}/api/documents/${first.document.id}/versions/1/file`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const sha = createHash('sha256')
      .update(Buffer.from(await earlier.arrayBuffer()))
      .digest('hex');
    assert.equal(sha, first.sha256, 'the earlier document is intact');
  });

  it('refuses what cannot be appended to the log, keeps what was stored, and takes it once space is freed', async () => {
    fill(0);
    const refused = await chair.request('syncUpdate', { doc: ref, update: markUpdate('d') });
    assert.deepEqual(
      [refused.kind, (refused as { code?: string }).code, (refused as { reason?: string }).reason],
      ['error', 'unavailable', 'disk_full'],
      'not acknowledged on a full disk, and said why',
    );
    const chat = await chair.request('sendChat', { text: 'Xin chào', audience: 'all' });
    assert.deepEqual(
      [chat.kind, (chat as { code?: string }).code, (chat as { reason?: string }).reason],
      ['error', 'unavailable', 'disk_full'],
    );
    assert.ok(await server.healthy(), 'the server goes on');
    for (const id of stored) assert.ok((await marksOnServer(chair)).includes(id), `stored mark ${id} is still there`);

    rmSync(filler);
    const again = await chair.request('syncUpdate', { doc: ref, update: markUpdate('d') });
    assert.equal(again.kind, 'ok', JSON.stringify(again));
    stored.push('d');
    assert.deepEqual(server.unhandled, []);
  });

  it('keeps nothing of a minutes edit refused for a full disk, so the next acknowledged one survives a restart', async () => {
    const secretary = await joinAs(seeded.meetings[0]!.tokens.get('secretary')!);
    const secretaryDoc = await openMinutes(secretary);
    const chairDoc = await openMinutes(chair);
    const relayed: Uint8Array[] = [];
    chair.socket.on('syncRemoteUpdate', (p: { update: Binary }) => relayed.push(toBytes(p.update)));
    fill(0);
    const refused = await secretary.request('syncUpdate', { doc: MINUTES, update: typeInto(secretaryDoc, 'THU KY ') });
    assert.deepEqual(
      [refused.kind, (refused as { code?: string }).code, (refused as { reason?: string }).reason],
      ['error', 'unavailable', 'disk_full'],
      JSON.stringify(refused),
    );
    rmSync(filler);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const update of relayed) Y.applyUpdate(chairDoc, update);
    assert.doesNotMatch(discussionOf(chairDoc).toString(), /THU KY/, 'the refused text reached nobody');
    const acked = await chair.request('syncUpdate', { doc: MINUTES, update: typeInto(chairDoc, 'CHU TRI ') });
    assert.equal(acked.kind, 'ok', JSON.stringify(acked));
    acknowledgedDiscussion = discussionOf(chairDoc).toString();
    assert.match(acknowledgedDiscussion, /CHU TRI $/);
    assert.equal(discussionOf(await openMinutes(chair)).toString(), acknowledgedDiscussion, 'live as acknowledged');
    secretary.close();
  });

  it('comes back from a SIGKILL with everything acknowledged and a sound database', async () => {
    chair.close();
    await server.kill();
    server = await ServerProcess.start({ dataDir, env: seeded.env });
    const db = new BetterSqlite3(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      assert.equal((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check, 'ok');
    } finally {
      db.close();
    }
    chair = await joinAs(seeded.meetings[0]!.tokens.get('chair')!);
    assert.deepEqual(await marksOnServer(chair), stored);
    assert.equal(discussionOf(await openMinutes(chair)).toString(), acknowledgedDiscussion, "the chair's text is back");
  });
});
