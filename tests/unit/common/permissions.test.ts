// The permission table: every request classified, and the rules that matter for a chaired briefing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, can, PERMISSIONS } from '../../../common/permissions.ts';
import { allowedRequests, REQUEST_ACTIONS } from '../../../common/requestActions.ts';
import { MEETING_ROLES } from '../../../common/roles.ts';
import { requestSchemas } from '../../../common/protocol.ts';

describe('permission table', () => {
  it('classifies every request of the protocol, and only those', () => {
    assert.deepEqual(Object.keys(REQUEST_ACTIONS).sort(), Object.keys(requestSchemas).sort());
    for (const action of Object.values(REQUEST_ACTIONS)) assert.ok(action === 'public' || ACTIONS.includes(action));
    for (const action of ACTIONS) for (const role of PERMISSIONS[action]) assert.ok(MEETING_ROLES.includes(role));
  });

  it('gives meeting control to the chair alone', () => {
    for (const action of [
      'mic.mute',
      'floor.control',
      'vote.manage',
      'meeting.end',
      'participant.remove',
      'guest.admit',
    ] as const) {
      assert.deepEqual(
        MEETING_ROLES.filter((r) => can(r, action)),
        ['chair'],
        action,
      );
    }
  });

  it('lets chair and secretary see the status board; guests neither vote nor see it', () => {
    assert.deepEqual(
      MEETING_ROLES.filter((r) => can(r, 'board.view')),
      ['chair', 'secretary'],
    );
    assert.equal(can('guest', 'vote.cast'), false);
    assert.equal(can('guest', 'hand.raise'), true);
    assert.equal(can('chair', 'hand.raise'), false);
  });

  it('lists the requests a role may send', () => {
    assert.ok(allowedRequests('delegate').includes('raiseHand'));
    assert.equal(allowedRequests('delegate').includes('muteAll'), false);
    assert.equal(allowedRequests('guest').includes('join'), false, 'public requests are not role actions');
  });
});
