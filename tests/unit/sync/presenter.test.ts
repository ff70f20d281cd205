// Presenter follow-me state: only the presenter moves the shared view; only the chair assigns the role.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PresenterView } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import { can } from '../../../common/permissions.ts';
import { MEETING_ROLES } from '../../../common/roles.ts';
import { PresenterRegistry } from '../../../server/sync/PresenterRegistry.ts';

const VIEW: PresenterView = {
  documentId: 'doc-1',
  version: 1,
  page: 3,
  zoom: 1.25,
  fit: null,
  scrollX: 0,
  scrollY: 0.4,
};

describe('presenter registry', () => {
  it('starts with nobody presenting', () => {
    const state = new PresenterRegistry().get('m1');
    assert.equal(state.presenterId, null);
    assert.equal(state.view, null);
  });

  it('lets the presenter move the view and refuses anyone else', () => {
    const registry = new PresenterRegistry();
    registry.setPresenter('m1', { id: 'chair', name: 'Trần Quốc Khánh' });
    const moved = registry.setView('m1', 'chair', VIEW);
    assert.deepEqual(moved.view, VIEW);
    assert.throws(
      () => registry.setView('m1', 'delegate-1', { ...VIEW, page: 9 }),
      (e: unknown) => e instanceof AppFailure && e.code === 'forbidden' && e.reason === 'not_presenter',
    );
    assert.equal(registry.get('m1').view?.page, 3);
  });

  it('hands over without moving the followers, with a newer seq each time', () => {
    const registry = new PresenterRegistry();
    const a = registry.setPresenter('m1', { id: 'chair', name: 'Chủ trì' });
    const b = registry.setView('m1', 'chair', VIEW);
    const c = registry.setPresenter('m1', { id: 'delegate-1', name: 'Nguyễn Văn Thành' });
    assert.ok(a.seq < b.seq && b.seq < c.seq);
    assert.equal(c.presenterId, 'delegate-1');
    assert.deepEqual(c.view, VIEW);
    assert.equal(registry.get('m2').presenterId, null, 'meetings are separate');
  });

  it('gives the chair alone the right to assign the presenter', () => {
    assert.deepEqual(
      MEETING_ROLES.filter((r) => can(r, 'presenter.assign')),
      ['chair'],
    );
    assert.deepEqual(
      MEETING_ROLES.filter((r) => can(r, 'document.manage')),
      ['chair', 'secretary'],
    );
  });
});
