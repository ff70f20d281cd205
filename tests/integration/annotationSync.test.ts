// Annotation sync with the real server and real socket clients, through the renderer's DocSync: shared strokes
// reach everyone, private strokes never leave their owner, strokes drawn offline merge on reconnect, cursors come
// and go, and the presenter's view reaches followers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import type { DocRef } from '../../common/documents.ts';
import type { NotificationMap, RequestName, RequestPayload, ResponseMap } from '../../common/protocol.ts';
import { DocSync, type SyncTransport } from '../../renderer/features/documents/syncClient.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/signallingClient.ts';
import { seedMeeting, type SeededMeeting } from '../helpers/meetingCast.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';

/** A participant's connection as DocSync sees it; `drop()` and `reconnect()` simulate losing the network. */
class Participant implements SyncTransport {
  client!: TestClient;
  readonly #url: string;
  readonly #token: string;
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();
  readonly #joined = new Set<() => void>();
  readonly #clients: TestClient[] = [];

  constructor(url: string, token: string) {
    this.#url = url;
    this.#token = token;
  }

  async connect(): Promise<this> {
    this.client = await new TestClient(this.#url).connected();
    this.#clients.push(this.client);
    for (const [event, listeners] of this.#listeners)
      for (const l of listeners) this.client.socket.on(event as never, l as never);
    await this.client.ok('join', { token: this.#token });
    for (const listener of this.#joined) listener();
    return this;
  }

  drop(): void {
    this.client.close();
  }

  async request<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResponseMap[K]> {
    if (!this.client.socket.connected) throw Object.assign(new Error('offline'), { code: 'disconnected' });
    const response = await this.client.request(name, payload);
    if (!response.ok) throw Object.assign(new Error(response.error.detail), response.error);
    return response.data;
  }

  on<K extends keyof NotificationMap>(event: K, listener: (payload: NotificationMap[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    this.client?.socket.on(event as never, listener as never);
    return () => {
      set.delete(listener as (payload: never) => void);
      this.client?.socket.off(event as never, listener as never);
    };
  }

  onJoined(listener: () => void): () => void {
    this.#joined.add(listener);
    if (this.client?.socket.connected) listener();
    return () => this.#joined.delete(listener);
  }

  close(): void {
    for (const c of this.#clients) c.close();
  }
}

const until = async (condition: () => boolean, what: string, timeoutMs = 5000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
};

const synced = (s: DocSync) => until(() => s.status === 'synced', 'the document to sync');
const acked = (s: DocSync) => until(() => s.pendingCount === 0 && s.status === 'synced', 'acknowledgements');
const strokes = (s: DocSync) => s.doc.getMap<{ page: number; points: number[] }>('strokes');
/** A well-formed mark in its author's name: the server refuses any other on a shared layer. */
const markBy = (author: string, id: string, page: number, points: number[]) => ({
  id,
  page,
  kind: 'pen' as const,
  color: '#c0392b',
  width: 0.003,
  points,
  author,
  authorName: seeded.meeting.participants.find((p) => p.id === author)!.name,
  at: Date.now(),
});

let t: TestServer;
let seeded: SeededMeeting;
let shared: DocRef;
let privateRef: DocRef;
const people: Participant[] = [];
const syncs: DocSync[] = [];

async function participant(id: string): Promise<Participant> {
  const p = await new Participant(t.server.url, seeded.token(id)).connect();
  people.push(p);
  return p;
}

function open(p: Participant, ref: DocRef): DocSync {
  const s = new DocSync(p, ref, { batchMs: 10, awarenessMs: 10 });
  syncs.push(s);
  return s;
}

before(async () => {
  t = await startTestServer({ delegates: 1 });
  seeded = seedMeeting(t.server, 3);
  const document = await t.server.services.documents.upload({
    meetingId: seeded.meeting.id,
    agendaItemId: 'bao-cao',
    fileName: 'Báo cáo.pdf',
    bytes: await plainPdf(5),
    uploader: { id: 'secretary', name: 'Thư ký', role: 'secretary' },
  });
  shared = { documentId: document.id, version: 1, layer: 'shared' };
  privateRef = { documentId: document.id, version: 1, layer: 'private' };
});
after(async () => {
  for (const s of syncs) s.destroy();
  for (const p of people) p.close();
  await t.stop();
});

describe('annotation sync', () => {
  it('a shared stroke reaches the other participant, and is marked acknowledged once stored', async () => {
    const [a, b] = [await participant('delegate-1'), await participant('delegate-2')];
    const [sa, sb] = [open(a, shared), open(b, shared)];
    await Promise.all([synced(sa), synced(sb)]);
    strokes(sa).set('s1', markBy('delegate-1', 's1', 1, [0.1, 0.1, 0.2, 0.2]));
    const stroke = sa.doc.getMap('strokes');
    assert.equal(sa.pendingCount, 1);
    assert.equal(sa.isAcknowledged(stroke._map.get('s1')!.id), false, 'pending until the server stores it');
    await until(() => strokes(sb).has('s1'), 'the stroke at the other participant');
    await acked(sa);
    assert.equal(sa.isAcknowledged(stroke._map.get('s1')!.id), true);
  });

  it('a private stroke never reaches anyone else, and asking for it is refused', async () => {
    const [a, b] = [await participant('delegate-1'), await participant('delegate-2')];
    const [mine, theirs, theirShared] = [open(a, privateRef), open(b, privateRef), open(b, shared)];
    await Promise.all([synced(mine), synced(theirs), synced(theirShared)]);
    strokes(mine).set('secret', { page: 2, points: [0.5, 0.5, 0.6, 0.6] });
    await acked(mine);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(strokes(theirs).size, 0, "b's private layer is b's own");
    assert.equal(theirShared.doc.getMap('strokes').has('secret'), false);
    const leaked = b.client.received.filter(
      (r) =>
        r.event === 'syncRemoteUpdate' && (r.payload as NotificationMap['syncRemoteUpdate']).doc.layer === 'private',
    );
    assert.deepEqual(leaked, [], 'no private update was ever sent to b');
    const peek = await b.client.request('syncOpen', {
      doc: { ...privateRef, owner: 'delegate-1' },
      stateVector: Y.encodeStateVector(new Y.Doc()),
    });
    assert.equal(peek.ok, false);
    if (!peek.ok) assert.deepEqual([peek.error.code, peek.error.reason], ['forbidden', 'private_layer']);
    // The owner, reconnecting, gets it back.
    const again = open(await participant('delegate-1'), privateRef);
    await until(() => strokes(again).has('secret'), "the owner's private stroke after reconnecting");
  });

  it('strokes drawn offline are kept, marked pending, and merge for everyone on reconnect', async () => {
    const [a, b] = [await participant('delegate-1'), await participant('delegate-3')];
    const [sa, sb] = [open(a, shared), open(b, shared)];
    await Promise.all([synced(sa), synced(sb)]);
    b.drop();
    await until(() => !b.client.socket.connected, 'the drop');
    for (let i = 0; i < 3; i++) strokes(sb).set(`offline-${i}`, markBy('delegate-3', `offline-${i}`, 3, [i, i]));
    strokes(sa).set('online-meanwhile', markBy('delegate-1', 'online-meanwhile', 3, [9, 9]));
    await acked(sa);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sb.pendingCount > 0, true, 'kept locally, not acknowledged');
    assert.equal(strokes(sa).has('offline-0'), false);
    await b.connect();
    await until(() => ['offline-0', 'offline-1', 'offline-2'].every((k) => strokes(sa).has(k)), 'offline strokes');
    await until(() => strokes(sb).has('online-meanwhile'), 'what was drawn meanwhile');
    await acked(sb);
    const late = open(await participant('delegate-2'), shared);
    await until(() => strokes(late).has('offline-2'), 'offline strokes for a late joiner');
  });

  it('cursors of others come and go with their connection', async () => {
    const [a, b] = [await participant('delegate-1'), await participant('delegate-2')];
    const [sa, sb] = [open(a, shared), open(b, shared)];
    await Promise.all([synced(sa), synced(sb)]);
    sa.setAwareness({
      user: { peerId: 'delegate-1', name: 'Nguyễn Văn Thành', color: 'hsl(10, 70%, 42%)' },
      cursor: { page: 1, x: 0.25, y: 0.75 },
      laser: null,
    });
    const seen = () => [...sb.awareness!.getStates().values()].some((s) => s.user?.peerId === 'delegate-1');
    await until(seen, "a's cursor at b");
    a.drop();
    await until(() => !seen(), "a's cursor gone when a's connection went");
  });
});

describe('presenter follow-me', () => {
  it('the chair presents, followers get the page within 300 ms, only the presenter moves it', async () => {
    const chair = await participant('chair');
    const follower = await participant('delegate-1');
    const doc = { documentId: shared.documentId, version: shared.version };
    const taken = await chair.request('setPresenter', { peerId: 'chair' });
    assert.equal(taken.presenterId, 'chair');
    const started = Date.now();
    await chair.request('presenterView', { ...doc, page: 3, zoom: 1.5, fit: null, scrollX: 0, scrollY: 0.2 });
    const moved = await follower.client.waitFor('presenterChanged', (s) => s.view?.page === 3);
    assert.ok(Date.now() - started < 300, `followed in ${Date.now() - started} ms`);
    assert.equal(moved.presenterName, 'Trần Quốc Khánh');
    const refused = await follower.client.request('presenterView', {
      ...doc,
      page: 4,
      zoom: 1,
      fit: 'width',
      scrollX: 0,
      scrollY: 0,
    });
    assert.equal(!refused.ok && refused.error.reason, 'not_presenter');
    const notChair = await follower.client.request('setPresenter', { peerId: 'delegate-1' });
    assert.equal(!notChair.ok && notChair.error.code, 'forbidden');
    await chair.request('setPresenter', { peerId: 'delegate-1' });
    await follower.request('presenterView', { ...doc, page: 5, zoom: 1, fit: 'page', scrollX: 0, scrollY: 0 });
    assert.equal((await chair.client.waitFor('presenterChanged', (s) => s.view?.page === 5)).presenterId, 'delegate-1');
    assert.equal((await follower.request('presenterState', {})).view?.page, 5);
  });
});
