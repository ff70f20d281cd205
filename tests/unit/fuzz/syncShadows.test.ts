// The sync fuzzer's judge (tests/fuzz/syncShadows.ts) must see what it is there to see: a server state that lacks
// an acknowledged update is "lost", one that holds an update nobody sent or had acknowledged is "leaked", and the
// order in which updates were merged does not matter.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import type { DocRef } from '../../../common/documents.ts';
import { contains, SyncShadows } from '../../fuzz/syncShadows.ts';

const ref: DocRef = { documentId: 'd', version: 1, layer: 'shared' };

function change(base: Y.Doc, key: string): Uint8Array {
  let update: Uint8Array | null = null;
  base.once('update', (u: Uint8Array) => (update = u));
  base.getMap('strokes').set(key, { id: key });
  return update!;
}

const stateOf = (...updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return Y.encodeStateAsUpdate(doc);
};

describe('the sync fuzzer’s shadows', () => {
  const client = new Y.Doc();
  const [a, b, c] = [change(client, 'a'), change(client, 'b'), change(new Y.Doc(), 'c')];

  it('finds nothing wrong when the server holds exactly what it acknowledged, in any order', () => {
    const shadows = new SyncShadows();
    for (const u of [a, b]) shadows.acked('k', 'm', ref, 't', u);
    assert.deepEqual(shadows.check('k', stateOf(b, a)), {
      document: 'k',
      acked_updates: 2,
      lost: false,
      leaked: false,
    });
  });

  it('finds an acknowledged update missing, and an update nobody had acknowledged', () => {
    const shadows = new SyncShadows();
    for (const u of [a, b]) shadows.acked('k', 'm', ref, 't', u);
    assert.equal(shadows.check('k', stateOf(a)).lost, true);
    assert.equal(shadows.check('k', stateOf(a, b, c)).leaked, true);
  });

  it('allows what may have been stored when the answer was lost, and never requires it', () => {
    const shadows = new SyncShadows();
    shadows.acked('k', 'm', ref, 't', a);
    shadows.uncertain('k', 'm', ref, 't', c);
    assert.deepEqual([shadows.check('k', stateOf(a)).leaked, shadows.check('k', stateOf(a, c)).leaked], [false, false]);
    assert.equal(contains(stateOf(a, c), a), true);
    assert.equal(contains(stateOf(c), a), false);
  });
});
