// The documents feature's pure parts: marks in a layer's Y.Doc, eraser hit testing, moving, undo per user, the
// presenter state ordering, search normalisation and export colours.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import {
  LOCAL_DRAWING,
  hitsMark,
  marksOf,
  marksOnPage,
  pathOf,
  putMark,
  removeMark,
  translateMark,
  type Mark,
} from '../../../renderer/features/documents/annotationModel.ts';
import { newerPresenter, withDocument } from '../../../renderer/features/documents/documentsStore.ts';
import { normalizeForSearch } from '../../../renderer/features/documents/searchPdf.ts';
import { cssColor } from '../../../renderer/features/documents/exportAnnotated.ts';
import type { DocumentInfo, PresenterState } from '../../../common/documents.ts';

const mark = (over: Partial<Mark> = {}): Mark => ({
  id: 'm1',
  page: 1,
  kind: 'pen',
  color: 'hsl(10, 70%, 42%)',
  width: 0.004,
  points: [0.1, 0.1, 0.3, 0.1],
  author: 'delegate-1',
  authorName: 'Nguyễn Văn Thành',
  at: 1,
  ...over,
});

describe('annotation marks', () => {
  it('are kept per page, in drawing order', () => {
    const doc = new Y.Doc();
    putMark(doc, mark({ id: 'b', at: 2 }));
    putMark(doc, mark({ id: 'a', at: 1 }));
    putMark(doc, mark({ id: 'c', page: 2 }));
    assert.deepEqual(
      marksOnPage(doc, 1).map((m) => m.id),
      ['a', 'b'],
    );
    removeMark(doc, 'a');
    assert.deepEqual(
      marksOnPage(doc, 1).map((m) => m.id),
      ['b'],
    );
  });

  it('hit testing finds a stroke near its segments only', () => {
    const m = mark();
    assert.equal(hitsMark(m, 0.2, 0.105, 0.008), true);
    assert.equal(hitsMark(m, 0.2, 0.2, 0.008), false);
    const rect = mark({ kind: 'rect', points: [0.5, 0.5, 0.7, 0.6] });
    assert.equal(hitsMark(rect, 0.6, 0.55, 0.008), true);
    assert.equal(hitsMark(rect, 0.9, 0.55, 0.008), false);
  });

  it('moving translates every point; paths scale to the page', () => {
    assert.deepEqual(
      translateMark(mark(), 0.1, 0.2).points.map((v) => Math.round(v * 100) / 100),
      [0.2, 0.3, 0.4, 0.3],
    );
    assert.equal(pathOf([0.1, 0.5, 0.2, 0.5], 100, 200), 'M10.0 100.0L20.0 100.0');
  });

  it('undo takes back only this client’s own drawing, not what arrived from others', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    const undo = new Y.UndoManager(marksOf(mine), { trackedOrigins: new Set([LOCAL_DRAWING]), captureTimeout: 0 });
    putMark(theirs, mark({ id: 'theirs', author: 'delegate-2' }));
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs), 'remote');
    putMark(mine, mark({ id: 'mine' }));
    undo.undo();
    assert.deepEqual([...marksOf(mine).keys()], ['theirs']);
    undo.redo();
    assert.deepEqual([...marksOf(mine).keys()].sort(), ['mine', 'theirs']);
  });
});

describe('documents state', () => {
  it('drops a presenter state older than the one held', () => {
    const state = (seq: number): PresenterState => ({
      presenterId: 'chair',
      presenterName: 'Chủ trì',
      view: null,
      seq,
      updatedAt: '',
    });
    assert.equal(newerPresenter(state(5), state(4))?.seq, 5);
    assert.equal(newerPresenter(state(5), state(6))?.seq, 6);
    assert.equal(newerPresenter(null, state(1))?.seq, 1);
  });

  it('a new version replaces the document in the list, in agenda order', () => {
    const doc = (id: string, item: string, position: number, versions = 1) =>
      ({ id, agendaItemId: item, position, versions: Array.from({ length: versions }) }) as unknown as DocumentInfo;
    const list = withDocument([doc('a', 'i1', 0), doc('b', 'i1', 1)], doc('a', 'i1', 0, 2));
    assert.deepEqual(
      list.map((d) => [d.id, d.versions.length]),
      [
        ['a', 2],
        ['b', 1],
      ],
    );
  });

  it('search compares Vietnamese in NFC without case', () => {
    const decomposed = 'Ủy ban nhân dân'.normalize('NFD');
    assert.equal(normalizeForSearch(decomposed), normalizeForSearch('ỦY BAN NHÂN DÂN'));
  });

  it('export colours from author hsl and hex', () => {
    const red = cssColor('hsl(0, 100%, 50%)');
    assert.deepEqual(
      [red.red, red.green, red.blue].map((v) => Math.round(v * 255)),
      [255, 0, 0],
    );
    const gold = cssColor('#f5c400');
    assert.deepEqual(
      [gold.red, gold.green, gold.blue].map((v) => Math.round(v * 255)),
      [245, 196, 0],
    );
  });
});
