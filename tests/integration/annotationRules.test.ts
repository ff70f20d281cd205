// Who may do what on a shared annotation layer, and how much anyone may send, with the real server and real socket
// clients (some through the renderer's DocSync, some sending hand-made Yjs updates): a participant adds marks as
// itself and changes or deletes only its own; the chair (or the presenter) clears anyone's, which is audited; a
// refused update is never stored or relayed and the sender's copy returns to the server's state; a flood beyond the
// connection's byte budget is refused with `rate_limited` while the server keeps answering; a document is capped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { toBytes, type DocRef } from '../../common/documents.ts';
import type { NotificationMap } from '../../common/protocol.ts';
import { DocSync } from '../../renderer/features/documents/syncClient.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { Cast, expectError, seedMeeting, type SeededMeeting } from '../helpers/meetingCast.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';
import { SyncParticipant, type Self } from '../helpers/syncParticipant.ts';

const KIB = 1024;
// Small limits, so that a test reaches them quickly: 256 KiB/s sustained, bursts of 1 MiB, 1.5 MiB per document.
const ENV = {
  SYNC_BYTES_PER_SECOND: String(256 * KIB),
  SYNC_BURST_BYTES: String(1024 * KIB),
  SYNC_MAX_DOCUMENT_BYTES: String(1536 * KIB),
};

interface TestMark {
  id: string;
  page: number;
  kind: 'pen' | 'note';
  color: string;
  width: number;
  points: number[];
  text?: string;
  replies?: { author: string; authorName: string; text: string; at: number }[];
  author: string;
  authorName: string;
  at: number;
}

const markBy = (who: Self, id: string, extra: Partial<TestMark> = {}): TestMark => ({
  id,
  page: 1,
  kind: 'pen',
  color: '#c0392b',
  width: 0.003,
  points: [0.1, 0.1, 0.2, 0.25],
  author: who.id,
  authorName: who.name,
  at: Date.now(),
  ...extra,
});

/** A mark of about `bytes` bytes once encoded (one float64 per point coordinate). */
const bigMark = (who: Self, id: string, bytes: number) =>
  markBy(who, id, { points: Array.from({ length: Math.floor(bytes / 9) }, (_, i) => ((i * 7919) % 10007) / 10007.5) });

let t: TestServer;
let seeded: SeededMeeting;
let cast: Cast;
const docs: Record<'rules' | 'flood' | 'full', DocRef> = {} as never;
const opened: (DocSync | SyncParticipant)[] = [];

const until = async (condition: () => boolean, what: string, timeoutMs = 5000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const marks = (s: DocSync) => s.doc.getMap<TestMark>('strokes');
const acked = (s: DocSync) => until(() => s.pendingCount === 0 && s.status === 'synced', 'acknowledgements');

async function person(id: string): Promise<SyncParticipant> {
  const p = await SyncParticipant.join(t.server.url, seeded.token(id));
  opened.push(p);
  return p;
}

function layer(p: SyncParticipant, ref: DocRef): DocSync {
  const s = new DocSync(p, ref, { batchMs: 5, awarenessMs: 10, retryMs: 200 });
  opened.push(s);
  return s;
}

/** A hand-made client: a Y.Doc holding the server's state, whose changes are sent as they are, one update each. */
async function rawLayer(p: SyncParticipant, ref: DocRef) {
  const doc = new Y.Doc();
  const answer = await p.client.ok('syncOpen', { doc: ref, stateVector: Y.encodeStateVector(doc) });
  Y.applyUpdate(doc, toBytes(answer.update));
  return {
    doc,
    marks: doc.getMap<TestMark>('strokes'),
    /** Sends what `change` does to the document; the local copy keeps it whatever the answer. */
    send(change: (m: Y.Map<TestMark>) => void) {
      const before = Y.encodeStateVector(doc);
      doc.transact(() => change(doc.getMap<TestMark>('strokes')));
      return p.client.request('syncUpdate', { doc: ref, update: Y.encodeStateAsUpdate(doc, before) });
    },
  };
}

/** Whether a notification on this connection ever carried a mark with this id (in any update's content). */
const everReceived = (p: SyncParticipant, markId: string) =>
  p.client.received.some((r) => {
    if (r.event !== 'syncRemoteUpdate') return false;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, toBytes((r.payload as NotificationMap['syncRemoteUpdate']).update));
    return doc.getMap('strokes').has(markId);
  });

before(async () => {
  t = await startTestServer({ delegates: 3, env: ENV });
  seeded = seedMeeting(t.server, 3);
  cast = new Cast(t.server.url);
  for (const name of ['rules', 'flood', 'full'] as const) {
    const document = await t.server.services.documents.upload({
      meetingId: seeded.meeting.id,
      agendaItemId: 'bao-cao',
      fileName: `${name}.pdf`,
      bytes: await plainPdf(2),
      uploader: { id: 'secretary', name: 'Thư ký', role: 'secretary' },
    });
    docs[name] = { documentId: document.id, version: 1, layer: 'shared' };
  }
});
after(async () => {
  for (const o of opened) {
    if (o instanceof DocSync) o.destroy();
    else o.close();
  }
  cast.closeAll();
  await t.stop();
});

describe('shared layer: marks belong to their author', () => {
  it("a delegate deleting or altering the chair's mark is refused, and its copy returns to the server's", async () => {
    const [chair, delegate] = [await person('chair'), await person('delegate-1')];
    const [sc, sd] = [layer(chair, docs.rules), layer(delegate, docs.rules)];
    const chairMark = markBy(chair.self, 'chair-1');
    await until(() => sc.status === 'synced' && sd.status === 'synced', 'both layers open');
    marks(sc).set(chairMark.id, chairMark);
    await acked(sc);
    await until(() => marks(sd).has(chairMark.id), "the chair's mark at the delegate");

    const errors: { code?: string; reason?: string }[] = [];
    let resets = 0;
    sd.on('error', (e) => errors.push(e as { code?: string; reason?: string }));
    sd.on('reset', () => resets++);
    marks(sd).set(chairMark.id, { ...chairMark, color: '#000000', points: [0.9, 0.9, 0.95, 0.95] });
    await until(() => resets === 1 && sd.status === 'synced', 'the resync after the refusal');
    assert.deepEqual(
      errors.map((e) => [e.code, e.reason]),
      [['forbidden', 'not_your_mark']],
    );
    assert.deepEqual(marks(sd).get(chairMark.id), chairMark, "the delegate's copy is the server's again");
    assert.equal(sd.pendingCount, 0);

    marks(sd).delete(chairMark.id);
    assert.equal(marks(sd).has(chairMark.id), false);
    await until(() => resets === 2 && sd.status === 'synced' && marks(sd).has(chairMark.id), 'the mark back');
    assert.deepEqual(marks(sd).get(chairMark.id), chairMark);
    assert.deepEqual(marks(sc).get(chairMark.id), chairMark, "the chair's mark never changed");

    // Hand-made, the same refusals arrive as such; the delegate's own marks still go through afterwards.
    const raw = await rawLayer(delegate, docs.rules);
    await expectError(
      raw.send((m) => m.delete(chairMark.id)),
      'forbidden',
      'not_your_mark',
    );
    const fresh = await rawLayer(delegate, docs.rules);
    const own = markBy(delegate.self, 'delegate-own');
    assert.equal((await fresh.send((m) => m.set(own.id, own))).ok, true);
    assert.equal((await fresh.send((m) => m.set(own.id, { ...own, color: '#2e86de' }))).ok, true);
    assert.equal((await fresh.send((m) => m.delete(own.id))).ok, true);
    const late = layer(await person('delegate-2'), docs.rules);
    await until(() => late.status === 'synced', 'a late joiner');
    assert.deepEqual(marks(late).get(chairMark.id), chairMark);
  });

  it('a mark whose author is not its sender is refused, stored nowhere and sent to nobody', async () => {
    const [chair, delegate] = [await person('chair'), await person('delegate-2')];
    const watcher = layer(chair, docs.rules);
    await until(() => watcher.status === 'synced', "the chair's layer");
    const raw = await rawLayer(delegate, docs.rules);
    const forged = markBy(chair.self, 'forged-1');
    await expectError(
      raw.send((m) => m.set(forged.id, forged)),
      'forbidden',
      'not_your_mark',
    );
    // Its own id with the chair's name is a forgery too.
    const fresh = await rawLayer(delegate, docs.rules);
    await expectError(
      fresh.send((m) => m.set('forged-2', { ...markBy(delegate.self, 'forged-2'), authorName: chair.self.name })),
      'forbidden',
      'not_your_mark',
    );
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(marks(watcher).has('forged-1') || marks(watcher).has('forged-2'), false);
    assert.equal(everReceived(chair, 'forged-1') || everReceived(chair, 'forged-2'), false);
    const stored = await rawLayer(await person('delegate-3'), docs.rules);
    assert.equal(stored.marks.has('forged-1') || stored.marks.has('forged-2'), false);
  });

  it("the chair clears a delegate's mark, and the meeting's audit log records it", async () => {
    const [chair, delegate] = [await person('chair'), await person('delegate-3')];
    const [sc, sd] = [layer(chair, docs.rules), layer(delegate, docs.rules)];
    await until(() => sc.status === 'synced' && sd.status === 'synced', 'both layers open');
    const mark = markBy(delegate.self, 'to-clear');
    marks(sd).set(mark.id, mark);
    await acked(sd);
    await until(() => marks(sc).has(mark.id), "the delegate's mark at the chair");
    let failed: unknown = null;
    sc.on('error', (e) => (failed = e));
    marks(sc).delete(mark.id);
    await acked(sc);
    assert.equal(failed, null);
    await until(() => !marks(sd).has(mark.id), 'the mark gone at the delegate');
    const entry = t.server.services.meetings.audit
      .list(seeded.meeting.id)
      .find((e) => e.action === 'clearAnnotations' && e.detail?.includes(mark.id));
    assert.ok(entry, 'audited');
    assert.equal(entry.actorId, 'chair');
    assert.ok(entry.detail?.includes('delegate-3'), 'the audit names whose mark it was');
    // The presenter may clear too; a delegate who does not present may not.
    const presenting = await person('delegate-1');
    await chair.client.ok('setPresenter', { peerId: presenting.self.id });
    const other = markBy(delegate.self, 'to-clear-2');
    const writer = await rawLayer(delegate, docs.rules);
    assert.equal((await writer.send((m) => m.set(other.id, other))).ok, true);
    const bystander = await rawLayer(await person('delegate-2'), docs.rules);
    await expectError(
      bystander.send((m) => m.delete(other.id)),
      'forbidden',
      'not_your_mark',
    );
    const presenter = await rawLayer(presenting, docs.rules);
    assert.equal((await presenter.send((m) => m.delete(other.id))).ok, true);
    await chair.client.ok('setPresenter', { peerId: null });
  });

  it("a guest adds and removes its own marks but cannot touch others'", async () => {
    const chair = await person('chair');
    const owner = await person('delegate-1');
    const { guest, participantId } = await cast.admitGuest(chair.client, seeded.guestLink(), 'Khách mời');
    const visitor = new SyncParticipant(guest, { id: participantId, name: 'Khách mời' });
    const theirs = markBy(owner.self, 'not-the-guests');
    const ownerLayer = await rawLayer(owner, docs.rules);
    assert.equal((await ownerLayer.send((m) => m.set(theirs.id, theirs))).ok, true);
    const raw = await rawLayer(visitor, docs.rules);
    await expectError(
      raw.send((m) => m.set(theirs.id, { ...theirs, text: 'sửa' })),
      'forbidden',
      'not_your_mark',
    );
    const fresh = await rawLayer(visitor, docs.rules);
    await expectError(
      fresh.send((m) => m.delete(theirs.id)),
      'forbidden',
      'not_your_mark',
    );
    const mine = await rawLayer(visitor, docs.rules);
    const own = markBy(visitor.self, 'guest-own');
    assert.equal((await mine.send((m) => m.set(own.id, own))).ok, true);
    assert.equal((await mine.send((m) => m.delete(own.id))).ok, true);
  });
});

describe('sync quotas', () => {
  it('a flood beyond the byte budget is refused with rate_limited, and the server keeps answering', async () => {
    const [flooder, other] = [await person('delegate-2'), await person('delegate-3')];
    const raw = await rawLayer(flooder, docs.flood);
    const sends = Array.from({ length: 12 }, (_, i) =>
      raw.send((m) => m.set(`flood-${i}`, bigMark(flooder.self, `flood-${i}`, 200 * KIB))),
    );
    const started = Date.now();
    await other.client.ok('presenterState', {});
    const answeredIn = Date.now() - started;
    const answers = await Promise.all(sends);
    const refused = answers.filter((a) => !a.ok);
    // 1 MiB of burst is five of them; the rest is refused, but for what the budget refills while they are handled.
    assert.ok(refused.length >= 3, `${refused.length} of 12 refused`);
    for (const a of refused) assert.equal(!a.ok && a.error.code, 'rate_limited');
    assert.ok(answeredIn < 2000, `another participant answered in ${answeredIn} ms`);
    // Within its budget again, the same connection is heard.
    await new Promise((r) => setTimeout(r, 1000));
    const fresh = await rawLayer(flooder, docs.flood);
    const small = markBy(flooder.self, 'after-the-flood');
    assert.equal((await fresh.send((m) => m.set(small.id, small))).ok, true);
  });

  it('a document beyond its size cap is refused with a clear error; deleting still works', async () => {
    const writers = [await person('delegate-1'), await person('chair')];
    const layers = await Promise.all(writers.map((w) => rawLayer(w, docs.full)));
    let refusal: { code: string; reason?: string } | null = null;
    for (let i = 0; i < 12 && !refusal; i++) {
      const w = i % 2;
      const answer = await layers[w]!.send((m) => m.set(`big-${i}`, bigMark(writers[w]!.self, `big-${i}`, 200 * KIB)));
      if (!answer.ok) refusal = answer.error;
    }
    assert.ok(refusal, 'refused before 12 × 200 KiB');
    assert.deepEqual([refusal.code, refusal.reason], ['too_large', 'sync_document_full']);
    const fresh = await rawLayer(writers[0]!, docs.full);
    const own = [...fresh.marks.keys()].find((k) => fresh.marks.get(k)!.author === writers[0]!.self.id)!;
    assert.equal((await fresh.send((m) => m.delete(own))).ok, true, 'a deletion is accepted in a full document');
  });
});
