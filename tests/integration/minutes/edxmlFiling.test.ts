// Filing to the edXML axis through the real server (ARCHIVE_ADAPTER=edxml, the agency's PKCS#12, the agenda
// documents attached): the secretary files the record both signed, the package in the outbox validates against the
// schema and its XML signature verifies with xmlsec1, carrying the signed PDF and the agenda document; a status
// message dropped into the connector's inbox reaches everyone in the meeting within a second and shows on the
// meeting's record; a refusal lets the secretary file it again, as a new package.
// Needs openssl, libxml2-utils, xmlsec1, poppler-utils and fonts-liberation2 (see the other tests in this folder).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../../server/archive/DocumentArchive.ts';
import { readEdxmlPackage } from '../../../server/archive/edxml.ts';
import { edxmlDate } from '../../../server/archive/edxmlFormat.ts';
import { plainPdf } from '../../helpers/pdfFixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { assertConformant, statusMessage, type AgencyCertificate } from './edxmlCast.ts';
import { startEdxmlMeeting, stopEdxmlMeeting, type EdxmlMeeting } from './edxmlMeeting.ts';
import { writeFinaliseAndSign, type Cast } from './minutesCast.ts';

let meeting: EdxmlMeeting | undefined;
let dir = '';
let cert: AgencyCertificate;
let t: TestServer;
let c: Cast;
let agendaPdf: Buffer;

const archive = () => t.server.services.config.minutes.archive.edxml;
const packages = () => readdirSync(archive().dir).filter((f) => f.endsWith('.edxml'));

before(async () => {
  meeting = await startEdxmlMeeting('edxml-filing-', { ARCHIVE_ATTACH_AGENDA: '1' });
  ({ dir, cert, t, c } = meeting);
  // An agenda document of the meeting, as an upload leaves it: a blob and a row.
  agendaPdf = Buffer.from(await plainPdf(1, 'Bao cao thang 11'));
  const { documents } = t.server.services;
  const blob = documents.blobs.put(agendaPdf);
  documents.store.create(c.seeded.meeting.id, c.seeded.meeting.agenda[0]!.id, 'Báo cáo tháng 11', {
    sha256: blob.sha256,
    size: blob.size,
    fileName: 'bao-cao-thang-11.pdf',
    pageCount: 1,
    passwordRequired: false,
    flags: [],
    uploadedBy: 'secretary',
    uploadedByName: 'Lê Thị Thu Hà',
  });
});
after(async () => {
  await stopEdxmlMeeting(meeting);
});

describe('minutes filed to the edXML axis, and what the receivers report', () => {
  let documentId = '';
  let signedSha = '';

  it('files the signed record as a signed package with the agenda document', async () => {
    const signed = await writeFinaliseAndSign(c);
    signedSha = signed.signatures[1]!.pdfSha256;
    const filed = c.chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 15_000);
    await c.secretary.request('minutesFile', {});
    const view = await filed;
    assert.equal(view.filing?.target, 'edxml');
    documentId = view.filing!.receipt!.id;
    const issued = edxmlDate(new Date().toISOString().slice(0, 10)).slice(0, 4);
    assert.match(documentId, new RegExp(`^000\\.00\\.01\\.G06,${issued}/\\d{2}/\\d{2},15/BB-VPB$`));
    assert.deepEqual(view.filing?.receiverStatuses, []);

    const [name] = packages();
    const xml = readFileSync(join(archive().dir, name!), 'utf8');
    assertConformant(xml, dir, cert.caPath);
    const info = readEdxmlPackage(xml);
    assert.equal(info.documentId, documentId);
    assert.equal(info.attachments.length, 2);
    assert.equal(sha256(info.attachments[0]!.data), signedSha, 'the signed PDF, byte for byte');
    assert.ok(info.attachments[1]!.data.equals(agendaPdf), 'the agenda document');
    assert.equal(info.attachments[1]!.name, '01-bao-cao-thang-11.pdf');
  });

  it('shows a status dropped into the inbox to everyone in the meeting within a second, and on the record', async () => {
    const changed = c.delegate.client.waitFor(
      'minutesChanged',
      (v) => (v.filing?.receiverStatuses.length ?? 0) === 1,
      5_000,
    );
    const dropped = Date.now();
    writeFileSync(
      join(archive().inbox, 'status-01.xml'),
      statusMessage({ documentId, code: '01', timestamp: '2026/11/23 14:05:00' }),
    );
    const view = await changed;
    const ms = Date.now() - dropped;
    assert.ok(ms < 1_000, `${ms} ms`);
    assert.deepEqual(
      view.filing!.receiverStatuses.map((s) => [s.code, s.organName, s.at]),
      [['01', 'Văn phòng Chính phủ', '2026-11-23T07:05:00.000Z']],
    );
    assert.equal(view.filing!.refileOffered, false);
    // The meeting's record in the office shows the same.
    const admin = await t.server.services.accounts.createUser({
      username: 'quantri',
      displayName: 'Quản trị',
      password: 'mat-khau-rat-dai-2026',
      agencyRole: 'admin',
    });
    const record = t.server.services.office.record(c.seeded.meeting.id, admin);
    assert.equal(record.minutes.state, 'filed');
    assert.deepEqual(
      record.minutes.filingStatuses.map((s) => s.code),
      ['01'],
    );
  });

  it('lets the secretary file it again after a refusal, as a new package', async () => {
    const offered = c.secretary.client.waitFor('minutesChanged', (v) => v.filing?.refileOffered === true, 5_000);
    writeFileSync(
      join(archive().inbox, 'status-02.xml'),
      statusMessage({ documentId, code: '02', timestamp: '2026/11/23 14:30:00', description: 'Sai nơi nhận' }),
    );
    await offered;
    await assert.rejects(c.chair.request('minutesFile', {}), { code: 'forbidden' });
    const refiled = c.secretary.client.waitFor(
      'minutesChanged',
      // Seen before too (received messages count): after the refusal, filed and not offered means filed again.
      (v) =>
        v.filing?.state === 'filed' &&
        !v.filing.refileOffered &&
        v.filing.receiverStatuses.some((s) => s.code === '02'),
      15_000,
    );
    await c.secretary.request('minutesFile', {});
    await refiled;
    assert.equal(packages().length, 2, 'a second package');
    for (const name of packages()) {
      assertConformant(readFileSync(join(archive().dir, name), 'utf8'), dir, cert.caPath, `again-${name}`);
    }
    await assert.rejects(c.secretary.request('minutesFile', {}), { code: 'minutes_invalid_transition' });
  });
});
