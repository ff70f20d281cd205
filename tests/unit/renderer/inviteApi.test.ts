import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInvite, tokenFromLocation } from '../../../renderer/features/lobby/inviteApi.ts';

const meeting = { id: 'm1', title: 'Giao ban trực tuyến', startsAt: '2026-11-23T09:00:00+07:00', place: 'Phòng họp A' };

test('a well-formed invite is accepted', () => {
  const invite = parseInvite('tok', { meeting, name: 'Nguyễn Văn An', role: 'chair', connectionPoint: 'Bộ' });
  assert.deepEqual(invite, { token: 'tok', meeting, name: 'Nguyễn Văn An', role: 'chair', connectionPoint: 'Bộ' });
});

test('a blank connection point reads as none', () => {
  assert.equal(
    parseInvite('tok', { meeting, name: 'A', role: 'delegate', connectionPoint: ' ' })?.connectionPoint,
    null,
  );
  assert.equal(parseInvite('tok', { meeting, name: 'A', role: 'delegate' })?.connectionPoint, null);
});

test('unknown roles and malformed bodies are refused', () => {
  assert.equal(parseInvite('tok', { meeting, name: 'A', role: 'admin' }), null);
  assert.equal(parseInvite('tok', { meeting: { title: 'x' }, name: 'A', role: 'chair' }), null);
  assert.equal(parseInvite('tok', '<html>'), null);
  assert.equal(parseInvite('tok', null), null);
});

test('the token comes from the query string', () => {
  assert.equal(tokenFromLocation('?token=abc.def'), 'abc.def');
  assert.equal(tokenFromLocation('?token='), null);
  assert.equal(tokenFromLocation(''), null);
});

test('a guest link asks for a name and the waiting room', () => {
  assert.deepEqual(parseInvite('tok', { meeting, waitingRoom: true, locked: false }), {
    token: 'tok',
    meeting,
    name: '',
    role: 'guest',
    connectionPoint: null,
    waitingRoom: true,
  });
  assert.equal(parseInvite('tok', { waitingRoom: true }), null);
});
