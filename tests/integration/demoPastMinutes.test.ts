// The demo's past briefing (server/demo/seedPastMinutes.ts) on a real demo server in this process: a seeding that
// stopped midway — the record finalised and signed by the secretary, as after a crash — goes on from there through
// the chair's signature, the agency's (the demo agency certificate and seal, the văn thư's steps) and the filing,
// keeping what was done; seeding again adds nothing. pdfsig finds the three signatures on the filed record (no TSA
// here: no document timestamp). DEMO_PDF_OUT=<file.pdf> keeps the filed PDF for a person to look at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoAgency } from '../../server/demo/seedAgency.ts';
import { seedPastAttendance, seedPastMinutes } from '../../server/demo/seedPastMinutes.ts';
import { DEMO_AGENCY_SIGNER, DEMO_SERVER_SIGNERS } from '../../server/minutes/demoMinutes.ts';
import { DEMO_SEAL_DIAMETER_MM } from '../../server/minutes/signing/demoSeal.ts';
import { verifyPdfSignatures } from '../../server/minutes/verify.ts';
import { ensureDemoIdentities, type DemoIdentities } from '../../server/minutes/signing/demoIdentities.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe("the demo's past briefing", () => {
  let t: TestServer;
  let dir = '';
  let identities: DemoIdentities;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demo-past-'));
    identities = ensureDemoIdentities(join(dir, 'demo'), DEMO_SERVER_SIGNERS);
    t = await startTestServer({ delegates: 1 });
  });
  after(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes on from where an interrupted seeding stopped, and a second seeding adds nothing', async () => {
    const services = t.server.services;
    const { pastMeetingId } = await seedDemoAgency(services, 2);
    assert.ok(pastMeetingId);
    const meeting = services.meetings.get(pastMeetingId)!;
    const secretary = meeting.participants.find((p) => p.role === 'secretary')!;

    // The first start got this far: attendance, the record finalised as number 9, the secretary's signature.
    assert.equal(seedPastAttendance(services, meeting), true);
    services.minutes.identities.useDemo(pastMeetingId, identities);
    services.minutes.open(pastMeetingId);
    await services.minutes.act(pastMeetingId, secretary, { action: 'submitForReview' });
    await services.minutes.act(pastMeetingId, secretary, { action: 'finalise', number: '9' });
    const half = await services.minutes.sign(pastMeetingId, secretary);
    assert.deepEqual([half.state, half.signatures.length], ['final', 1]);
    const attendanceRows = () =>
      services.meetings.attendance.records(pastMeetingId, meeting.participants).flatMap((r) => r.sessions).length;
    const rows = attendanceRows();
    assert.equal(rows, meeting.participants.length - 1, 'everyone but one provincial point came');

    const lines: string[] = [];
    assert.equal(await seedPastMinutes(services, pastMeetingId, { identities, log: (l) => lines.push(l) }), 'filed');
    const record = services.minutes.store.get(pastMeetingId)!;
    assert.deepEqual(
      record.lifecycle.history.map((e) => e.action),
      ['submitForReview', 'finalise', 'sign', 'sign', 'file'],
    );
    assert.equal(record.lifecycle.signatures[0]!.signedAt, half.signatures[0]!.signedAt, 'the first signature kept');
    assert.equal(services.minutes.minutes(record).header.number, '9');
    assert.equal(attendanceRows(), rows);
    assert.ok(!lines.some((l) => l.includes('đã soạn') || l.includes('thư ký đã ký')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('văn thư đã ký số của cơ quan')), lines.join('\n'));

    // The agency signed with its DEMO certificate and the demo seal, then the record was filed: three signatures.
    const agency = services.minutes.agency;
    assert.equal(agency.certificate()?.subject, DEMO_AGENCY_SIGNER.name);
    assert.equal(agency.seals.get()?.diameterMm, DEMO_SEAL_DIAMETER_MM);
    const file = join(dir, 'filed.pdf');
    copyFileSync(services.documents.blobs.path(record.pdfSha256!), file);
    if (process.env.DEMO_PDF_OUT) copyFileSync(file, process.env.DEMO_PDF_OUT);
    const checks = verifyPdfSignatures(readFileSync(file)).signatures;
    assert.deepEqual(
      checks.map((c) => [c.field, c.valid]),
      [
        ['ThuKy', true],
        ['ChuTri', true],
        ['CoQuan', true],
      ],
    );
    const pdfsig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    const report = `${pdfsig.stdout}${pdfsig.stderr}`;
    assert.equal(report.match(/^Signature #\d+:/gm)?.length, 3, report);
    assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 3, report);
    assert.match(report, /Signature Field Name: CoQuan/);
    assert.deepEqual((await agency.status(pastMeetingId)).signed, true);

    // The vote the minutes record is in the meeting's vote log too (the record page lists it), closed, once.
    const [vote, ...more] = services.meetings.votes.list(pastMeetingId);
    assert.ok(vote && more.length === 0);
    assert.match(vote.question, /^Thông qua Kế hoạch công tác tháng/);
    const cast = vote.result!.cast;
    assert.ok(cast >= 3);
    assert.deepEqual(vote.result?.counts, [cast - 1, 0, 1], 'everyone present for it, one abstention');
    assert.ok(vote.closedAt! < new Date(Date.now() - 86_400_000).toISOString(), 'closed on the day of the meeting');
    const versions = services.minutes.store.versions(record.id).length;
    assert.equal(await seedPastMinutes(services, pastMeetingId, { identities }), 'filed');
    assert.equal(services.minutes.store.versions(record.id).length, versions);
    assert.equal(attendanceRows(), rows);
    assert.equal(seedPastAttendance(services, meeting), false);
    assert.equal(services.meetings.votes.list(pastMeetingId).length, 1);

    // Last month's minutes are found by what they say, under the agenda section it is in — never a field name —
    // and by the people in their attendance list.
    const everyone = () => true;
    const minutesHits = (query: string) =>
      services.office.search.search(query, everyone).filter((h) => h.meetingId === pastMeetingId && h.kind === 'minutes');
    const titles = new Set(meeting.agenda.map((a) => a.title));
    const inSection = minutesHits('y kien cua cac DIA PHUONG');
    assert.ok(inSection.length > 0);
    for (const hit of inSection) assert.ok(hit.section === null || titles.has(hit.section), String(hit.section));
    assert.ok(inSection.some((h) => h.section === 'Ý kiến của các địa phương'), JSON.stringify(inSection));
    const attendee = services.minutes.minutes(record).attendance.find((a) => a.role === 'delegate')!;
    assert.ok(minutesHits(attendee.name).length > 0, attendee.name);
  });
});
