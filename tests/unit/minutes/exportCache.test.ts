// The export cache holds each participant's exports apart: one participant exporting again and again keeps only
// their own few newest, and never pushes out what someone else is about to download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExportCache, MAX_HELD_PER_PARTICIPANT } from '../../../server/minutes/exports.ts';

const cache = () => new ExportCache('x'.repeat(32));

function put(c: ExportCache, participantId: string, meetingId = 'm1') {
  const id = c.newId();
  const { url } = c.put({
    id,
    meetingId,
    participantId,
    format: 'pdf',
    fileName: 'bien-ban.pdf',
    contentType: 'application/pdf',
    data: Buffer.from(id),
    sha256: '0'.repeat(64),
  });
  return { id, query: new URL(url, 'http://local').searchParams };
}

test("one participant's exports never push out another's", () => {
  const c = cache();
  const chairs = put(c, 'chair');
  const secretary = Array.from({ length: 80 }, () => put(c, 'secretary'));
  assert.equal(c.take(chairs.id, chairs.query).participantId, 'chair');
  const kept = secretary.filter((e) => {
    try {
      c.take(e.id, e.query);
      return true;
    } catch {
      return false;
    }
  });
  assert.deepEqual(kept, secretary.slice(-MAX_HELD_PER_PARTICIPANT), "only the secretary's newest are held");
});

test('the same participant id in two meetings is two holders', () => {
  const c = cache();
  const first = put(c, 'secretary', 'm1');
  for (let i = 0; i < 10; i++) put(c, 'secretary', 'm2');
  assert.equal(c.take(first.id, first.query).meetingId, 'm1');
});

test('a download taken over HTTP at once can be dropped, and is gone', () => {
  const c = cache();
  const e = put(c, 'chair');
  c.drop(e.id);
  assert.throws(() => c.take(e.id, e.query), { code: 'not_found' });
});
