// Where a meeting's record comes from, through the real server: reading the minutes of a meeting nobody has joined
// (the view, a download over HTTP, the timeline) answers with the draft it would start with and creates nothing —
// no row, no version, no seeded document; the first join creates the record with its first version and seeds the
// document; and every chair or secretary action on the minutes reaches the audit log exactly once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSeeded, readMinutesContent } from '../../../common/minutesDoc.ts';
import { seedMeeting, type SeededMeeting } from '../../helpers/meetingCast.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { download, Person, pdftotext } from './minutesCast.ts';

describe('the minutes record: created explicitly, never by a read', () => {
  let t: TestServer;
  let seeded: SeededMeeting;
  let dir = '';
  const people: Person[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minutes-record-'));
    t = await startTestServer({ delegates: 1 });
    seeded = seedMeeting(t.server, 1);
  });
  after(async () => {
    people.forEach((p) => p.client.close());
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const minutes = () => t.server.services.minutes;
  const seededDoc = () => t.server.services.sync.read(minutes().key(seeded.meeting.id), isSeeded);

  it('reading the minutes of a meeting nobody has joined shows the draft it would start with, and creates nothing', async () => {
    const id = seeded.meeting.id;
    const view = minutes().view(id);
    assert.equal(view.id, `bien-ban-${id}`);
    assert.equal(view.state, 'draft');
    assert.deepEqual(view.coEditorIds, ['chair']);
    assert.deepEqual([view.versions, view.comments, view.history], [[], [], []]);
    assert.deepEqual(minutes().timeline(id), []);

    // A download of the current record renders the draft from the meeting, over the HTTP edge.
    const pdf = await download(t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${seeded.token('delegate-1')}` },
    });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdftotext(pdf, dir).replace(/\s+/g, ' ');
    assert.ok(text.includes('Ý kiến của các địa phương'), 'the draft has a part per agenda item');

    assert.equal(minutes().store.get(id), undefined, 'no record row');
    assert.equal(seededDoc(), false, 'no seeded document');
    assert.deepEqual(
      t.server.services.meetings.audit.list(id).map((e) => e.action),
      [],
    );
  });

  it('the first join creates the record with its first version and seeds its document', async () => {
    people.push(await Person.join(t.server.url, seeded.token('delegate-1')));
    const record = minutes().store.get(seeded.meeting.id);
    assert.ok(record, 'the record exists from the first join');
    assert.equal(record.lifecycle.state, 'draft');
    // The seed, like every change, is live once stored: a moment after the join's answer.
    for (let i = 0; i < 100 && !seededDoc(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seededDoc(), true);
    const content = t.server.services.sync.read(minutes().key(seeded.meeting.id), readMinutesContent);
    assert.equal(content.header.meetingTitle, seeded.meeting.title);
    const view = minutes().view(seeded.meeting.id);
    assert.deepEqual(
      view.versions.map((v) => v.action),
      ['created'],
    );
  });

  it('each chair or secretary action on the minutes is audited once, by the service', async () => {
    const [secretary, chair] = await Promise.all(
      ['secretary', 'chair'].map((id) => Person.join(t.server.url, seeded.token(id))),
    );
    people.push(secretary!, chair!);
    await secretary!.request('minutesOpen', {});
    await secretary!.request('minutesSetEditors', { participantIds: ['chair', 'delegate-1'] });
    await secretary!.request('minutesAction', { action: 'submitForReview' });
    await chair!.request('minutesAction', { action: 'returnToDraft' });
    const minutesActions = t.server.services.meetings.audit
      .list(seeded.meeting.id)
      .filter((e) => e.action.startsWith('minutes.'))
      .map((e) => [e.action, e.actorId, e.target]);
    const id = `bien-ban-${seeded.meeting.id}`;
    assert.deepEqual(minutesActions, [
      ['minutes.setEditors', 'secretary', id],
      ['minutes.submitForReview', 'secretary', id],
      ['minutes.returnToDraft', 'chair', id],
    ]);
  });
});
