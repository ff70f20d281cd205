import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hrefFor, parseRoute } from '../../../renderer/app/router.tsx';

test('the office addresses parse into routes', () => {
  assert.deepEqual(parseRoute('/', ''), { name: 'home' });
  assert.deepEqual(parseRoute('/join', '?token=abc'), { name: 'join' });
  assert.deepEqual(parseRoute('/setup', '?token=s3cr3t'), { name: 'setup', token: 's3cr3t' });
  assert.deepEqual(parseRoute('/setup', ''), { name: 'setup', token: null });
  assert.deepEqual(parseRoute('/meetings/new', ''), { name: 'meetingNew' });
  assert.deepEqual(parseRoute('/meetings/hop-1/edit', ''), { name: 'meetingEdit', id: 'hop-1' });
  assert.deepEqual(parseRoute('/meetings/hop-1', ''), { name: 'record', id: 'hop-1' });
  assert.deepEqual(parseRoute('/history/', ''), { name: 'history' });
  assert.deepEqual(parseRoute('/search', '?q=giao%20ban'), { name: 'search', q: 'giao ban' });
  assert.deepEqual(parseRoute('/admin', '?tab=audit'), { name: 'admin', tab: 'audit' });
  assert.deepEqual(parseRoute('/admin', '?tab=nonsense'), { name: 'admin', tab: 'accounts' });
  assert.deepEqual(parseRoute('/account', ''), { name: 'account' });
});

test('unknown or malformed addresses are not found, never another page', () => {
  for (const path of [
    '/nowhere',
    '/meetings',
    '/meetings/a/b/c',
    '/meetings/a/delete',
    '/join/x',
    '/meetings/%E0%A4%A',
  ]) {
    assert.deepEqual(parseRoute(path, ''), { name: 'notFound' }, path);
  }
});

test('hrefFor and parseRoute agree, ids and queries escaped', () => {
  const routes = [
    { name: 'home' },
    { name: 'setup', token: 'a b' },
    { name: 'meetingNew' },
    { name: 'meetingEdit', id: 'họp 1' },
    { name: 'record', id: 'x?y#z' },
    { name: 'history' },
    { name: 'search', q: 'Đà Nẵng & Huế' },
    { name: 'admin', tab: 'import' },
    { name: 'account' },
  ] as const;
  for (const route of routes) {
    const url = new URL(hrefFor(route), 'http://local');
    assert.deepEqual(parseRoute(url.pathname, url.search), route);
  }
});
