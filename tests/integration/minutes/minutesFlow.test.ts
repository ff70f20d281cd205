// The minutes through the real server and real sockets, as the renderer drives them: the record is created from the
// meeting, the secretary and the chair write in its Yjs document at the same time (the renderer's DocSync), a
// delegate who is not an editor cannot write but comments under review, the record is finalised (locked), signed by
// the secretary and then the chair with the demo identities, exported (signed URL, Bearer download), and filed:
// into the embedded archive, and into a real WebDAV server (Apache mod_dav) that is down when filing starts.
// Needs poppler-utils, fonts-liberation2, apache2 (see the other tests in this folder).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { readMinutesContent } from '../../../common/minutesDoc.ts';
import { sha256 } from '../../../server/archive/DocumentArchive.ts';
import { DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { ensureDemoIdentities, type DemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { verifyPdfSignatures } from '../../../server/minutes/verify.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import {
  cast,
  CHAIR_TEXT,
  discussion,
  download,
  open,
  pdftotext,
  SECRETARY_TEXT,
  type,
  until,
  writeFinaliseAndSign,
  type Cast,
} from './minutesCast.ts';
import { WebDavServer } from './webdavServer.ts';

let dir = '';
let demo: DemoIdentities;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-flow-'));
  demo = ensureDemoIdentities(join(dir, 'demo'), DEMO_SIGNERS);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('minutes over the signalling connection (embedded archive)', () => {
  let t: TestServer;
  let c: Cast;
  before(async () => {
    t = await startTestServer({ delegates: 1 });
    c = await cast(t, demo);
  });
  after(async () => {
    c?.syncs.forEach((s) => s.destroy());
    [c?.secretary, c?.chair, c?.delegate].forEach((p) => p?.client.close());
    await t?.stop();
  });

  it('creates the record from the meeting: header, attendance, one section per agenda item', async () => {
    const { minutes, identity } = await c.secretary.request('minutesOpen', {});
    assert.equal(minutes.state, 'draft');
    assert.deepEqual(minutes.coEditorIds, ['chair']);
    assert.equal(minutes.versions[0]?.action, 'created');
    assert.equal(identity?.kind, 'demo');
    assert.equal(identity?.subject, 'Lê Thị Thu Hà');
    const content = t.server.services.minutes.minutes(t.server.services.minutes.store.get(c.seeded.meeting.id)!);
    assert.equal(content.header.meetingTitle, c.seeded.meeting.title);
    assert.equal(content.header.chair.name, 'Trần Quốc Khánh');
    assert.deepEqual(
      content.sections.map((s) => s.agendaItemId),
      c.seeded.meeting.agenda.map((a) => a.id),
    );
    const present = content.attendance.filter((a) => a.present).map((a) => a.id);
    assert.deepEqual(present.sort(), ['chair', 'delegate-1', 'secretary']);
  });

  it('two editors typing at once both end with the merged text; a delegate cannot write but can comment', async () => {
    const [s1, s2] = [open(c, c.secretary), open(c, c.chair)];
    await until(() => s1.status === 'synced' && s2.status === 'synced', 'both synced');
    await Promise.all([type(discussion(s1), 0, SECRETARY_TEXT), type(discussion(s2), 0, CHAIR_TEXT)]);
    await until(
      () => s1.pendingCount === 0 && s2.pendingCount === 0 && discussion(s1).toString() === discussion(s2).toString(),
      'the two editors to converge',
    );
    const merged = discussion(s1).toString();
    assert.equal(merged.length, SECRETARY_TEXT.length + CHAIR_TEXT.length);
    assert.ok(merged.includes(SECRETARY_TEXT) && merged.includes(CHAIR_TEXT), merged);
    // The server holds the same text (what the export prints).
    const stored = t.server.services.sync.read(t.server.services.minutes.key(c.seeded.meeting.id), readMinutesContent);
    assert.equal(stored.sections[0]!.discussion, merged);

    const s3 = open(c, c.delegate);
    await until(() => s3.status === 'synced', 'the delegate to read the record');
    assert.equal(discussion(s3).toString(), merged, 'everyone reads the record');
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const refused = await c.delegate.client.request('syncUpdate', { doc: { layer: 'minutes' }, update });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.reason, 'not_minutes_editor');

    await c.secretary.request('minutesAction', { action: 'submitForReview' });
    const changed = c.delegate.client.waitFor('minutesChanged', (v) => v.comments.length === 1);
    const comment = await c.delegate.request('minutesComment', {
      sectionId: 'section-1',
      text: 'Đề nghị ghi rõ thời hạn.',
    });
    assert.equal((await changed).comments[0]!.id, comment.id);
    await c.secretary.request('minutesResolveComment', { commentId: comment.id });
  });

  it('finalising locks the record; the secretary signs first, then the chair; the PDF verifies', async () => {
    await assert.rejects(c.secretary.request('minutesAction', { action: 'finalise' }), { code: 'minutes_incomplete' });
    const final = await c.secretary.request('minutesAction', { action: 'finalise', number: '15' });
    assert.equal(final.state, 'final');
    assert.equal(final.number, '15');
    const s1 = c.syncs[0]!;
    const refused = await c.secretary.client.request('syncUpdate', {
      doc: { layer: 'minutes' },
      update: Y.encodeStateAsUpdate(new Y.Doc()),
    });
    assert.equal(!refused.ok && refused.error.code, 'minutes_locked');
    assert.ok(s1);
    await assert.rejects(c.chair.request('minutesSign', {}), { code: 'minutes_invalid_transition' });
    assert.equal((await c.secretary.request('minutesSign', {})).state, 'final');
    const signed = await c.chair.request('minutesSign', {});
    assert.equal(signed.state, 'signed');
    assert.deepEqual(
      signed.signatures.map((s) => [s.role, s.name]),
      [
        ['secretary', 'Lê Thị Thu Hà'],
        ['chair', 'Trần Quốc Khánh'],
      ],
    );
    assert.deepEqual(
      signed.history.map((h) => h.action),
      ['submitForReview', 'finalise', 'sign', 'sign'],
    );
    assert.deepEqual(
      signed.versions.map((v) => v.action),
      ['created', 'submitForReview', 'finalise', 'sign', 'sign'],
    );

    const progress: string[] = [];
    c.secretary.client.socket.on('minutesExportProgress', (p) => progress.push(p.phase));
    const exported = await c.secretary.request('minutesExport', { format: 'pdf' });
    assert.ok(progress.includes('done'));
    const pdf = await download(t.server.url, exported.url);
    assert.equal(sha256(pdf), signed.signatures[1]!.pdfSha256, 'the download is the signed PDF');
    const ca = new X509Certificate(readFileSync(demo.caCertificatePath));
    const verification = verifyPdfSignatures(pdf, [ca]);
    assert.equal(verification.signatures.length, 2);
    assert.ok(
      verification.signatures.every((s) => s.valid && s.trusted),
      JSON.stringify(verification.signatures),
    );
    const text = pdftotext(pdf, dir);
    for (const line of [SECRETARY_TEXT, CHAIR_TEXT]) {
      assert.ok(text.replace(/\s+/g, ' ').includes(line), `the PDF carries "${line}"`);
    }
    // The same through the Bearer API, and a DOCX of the same record; a signed URL for someone else fails.
    const bearer = await download(t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${c.chair.token}` },
    });
    assert.equal(sha256(bearer), sha256(pdf));
    const docx = await c.chair.request('minutesExport', { format: 'docx' });
    assert.equal((await download(t.server.url, docx.url)).subarray(0, 2).toString(), 'PK');
    const forged = exported.url.replace(/p=[^&]+/, 'p=chair');
    assert.equal((await fetch(new URL(forged, t.server.url))).status, 401);
  });

  it('files the signed record once into the embedded archive and reports it', async () => {
    const filed = c.chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 15_000);
    const queued = await c.secretary.request('minutesFile', {});
    assert.ok(queued.filing, 'filing status is reported');
    const view = await filed;
    assert.equal(view.filing?.state, 'filed');
    assert.equal(view.filing?.target, 'embedded');
    assert.equal(view.history.at(-1)?.action, 'file');
    const index = JSON.parse(
      readFileSync(join(t.server.services.config.minutes.archive.dir, 'index.json'), 'utf8'),
    ) as { entries: { sha256: string; meta: { number: string; notation: string } }[] };
    assert.equal(index.entries.length, 1);
    assert.equal(index.entries[0]!.sha256, view.signatures[1]!.pdfSha256);
    assert.equal(`${index.entries[0]!.meta.number}/${index.entries[0]!.meta.notation}`, '15/BB-VPB');
    await assert.rejects(c.secretary.request('minutesFile', {}), { code: 'minutes_invalid_transition' });
  });
});

describe('filing to WebDAV through the handler (ARCHIVE_ADAPTER=webdav)', () => {
  let webdav: WebDavServer;
  let t: TestServer;
  let c: Cast;
  before(async () => {
    webdav = await WebDavServer.create();
    await webdav.start();
    t = await startTestServer({
      delegates: 1,
      env: {
        ARCHIVE_ADAPTER: 'webdav',
        ARCHIVE_WEBDAV_URL: `${webdav.url}bien-ban/`,
        ARCHIVE_WEBDAV_TIMEOUT_MS: '2000',
      },
    });
    c = await cast(t, demo);
  });
  after(async () => {
    c?.syncs.forEach((s) => s.destroy());
    [c?.secretary, c?.chair, c?.delegate].forEach((p) => p?.client.close());
    await t?.stop();
    await webdav?.dispose();
  });

  it('the server is down when filing starts: the record is filed once it is back, exactly once, intact', async () => {
    const signed = await writeFinaliseAndSign(c);
    await webdav.stop();
    const states: string[] = [];
    c.secretary.client.socket.on('minutesChanged', (v) => {
      if (v.filing) states.push(v.filing.state);
      if (v.filing?.state === 'retrying' && states.filter((s) => s === 'retrying').length === 1) void webdav.start();
    });
    const filed = c.secretary.client.waitFor('minutesChanged', (v) => v.state === 'filed', 30_000);
    await c.secretary.request('minutesFile', {});
    const view = await filed;
    assert.ok(states.includes('retrying'), states.join(' → '));
    assert.equal(view.filing?.target, 'webdav');
    const pdfs = webdav.files().filter((f) => f.endsWith('.pdf'));
    assert.equal(pdfs.length, 1, pdfs.join(', '));
    assert.equal(sha256(readFileSync(join(webdav.root, pdfs[0]!))), signed.signatures[1]!.pdfSha256);
  });
});
