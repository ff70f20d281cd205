// Scheduling sends the invitation: with SMTP_URL set, the secretary's new meeting reaches every participant with an
// address (the chair's account, the connection points' unit accounts) at a real SMTP server, and a cancellation
// follows with METHOD:CANCEL and a higher SEQUENCE; the calendars are read back by Python's icalendar.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { OfficeClient } from '../helpers/officeClient.ts';
import { startSmtpServer, SYSTEM_PYTHON, type SmtpServer } from '../helpers/smtpServer.ts';

const PASSWORD = 'mat-khau-rat-dai-2026';
const READ = `
import email, json, sys
from email import policy
from email.header import decode_header, make_header
from icalendar import Calendar
# RFC 2047: the space between two adjacent encoded words is not text (decode_header joins them).
def header(path, name):
    raw = email.message_from_binary_file(open(path, 'rb'))[name]
    return str(make_header(decode_header(raw)))
out = []
for path in sys.argv[1:]:
    msg = email.message_from_binary_file(open(path, 'rb'), policy=policy.default)
    cal = next(p for p in msg.walk() if p.get_content_type() == 'text/calendar')
    c = Calendar.from_ical(cal.get_payload(decode=True))
    ev = next(iter(c.walk('VEVENT')))
    out.append({'to': header(path, 'To'), 'subject': header(path, 'Subject'), 'method': str(c['METHOD']),
                'summary': str(ev['SUMMARY']), 'location': str(ev['LOCATION']), 'sequence': int(ev['SEQUENCE']),
                'uid': str(ev['UID'])})
print(json.dumps(out, ensure_ascii=False))
`;

async function readBack(files: string[]) {
  const { stdout } = await promisify(execFile)(SYSTEM_PYTHON, ['-c', READ, ...files]);
  return JSON.parse(stdout) as {
    to: string;
    subject: string;
    method: string;
    summary: string;
    location: string;
    sequence: number;
    uid: string;
  }[];
}

describe('invitations e-mailed when a meeting is scheduled', () => {
  let smtp: SmtpServer;
  let t: TestServer;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestServer({
      delegates: 0,
      env: { SMTP_URL: `smtp://${smtp.host}:${smtp.port}`, SMTP_FROM: 'phonghop@bo.example.vn' },
    });
    const { accounts, office } = t.server.services;
    office.agency.setAgency({ name: 'Bộ Khoa học và Công nghệ', code: '', parent: '' });
    office.agency.upsertUnit({ code: 'LAO-CAI', name: 'Lào Cai', kind: 'province' });
    await accounts.createUser({
      username: 'thuky',
      displayName: 'Lê Thị Thu Hà',
      password: PASSWORD,
      agencyRole: 'secretary',
    });
    await accounts.createUser({
      username: 'chutri',
      displayName: 'Trần Quốc Khánh',
      password: PASSWORD,
      email: 'khanh@bo.example.vn',
    });
    await accounts.createUser({
      username: 'dc-lao-cai',
      displayName: 'Điểm cầu Lào Cai',
      password: PASSWORD,
      unitCode: 'LAO-CAI',
      email: 'laocai@tinh.example.vn',
    });
  });
  after(async () => {
    await t.stop();
    await smtp.stop();
  });

  it('mails the invitation to every participant with an address, then the cancellation', async () => {
    const secretary = new OfficeClient(t.server.url);
    await secretary.signIn('thuky', PASSWORD);
    const { accounts } = t.server.services;
    const start = new Date(Date.now() + 86400_000);
    const created = await secretary.call('/api/meetings', {
      body: {
        kind: 'giao_ban',
        title: 'Giao ban về kế hoạch quan trắc môi trường',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 7200_000).toISOString(),
        place: 'Phòng họp tầng 3, số 2 Đinh Tiên Hoàng',
        chairUserId: accounts.byUsername('chutri')!.id,
        secretaryUserId: accounts.byUsername('thuky')!.id,
        unitCodes: ['LAO-CAI'],
        participantUserIds: [],
        guests: [],
        agenda: [{ title: 'Báo cáo kết quả quan trắc', presenter: 'Cục Môi trường', durationMinutes: 20 }],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await smtp.waitForMessages(2, 15_000);
    const sent = await readBack((await smtp.messages()).map((m) => m.file));
    assert.deepEqual(
      sent.map((m) => m.to).sort(),
      ['Trần Quốc Khánh <khanh@bo.example.vn>', 'Điểm cầu Lào Cai <laocai@tinh.example.vn>'].sort(),
    );
    for (const m of sent) {
      assert.equal(m.method, 'REQUEST');
      assert.equal(m.summary, 'Giao ban về kế hoạch quan trắc môi trường');
      assert.equal(m.location, 'Phòng họp tầng 3, số 2 Đinh Tiên Hoàng');
      assert.match(m.subject, /^Giấy mời: Giao ban — /);
    }
    const cancelled = await secretary.call(`/api/meetings/${created.body.id}/cancel`, { body: {} });
    assert.equal(cancelled.status, 200);
    await smtp.waitForMessages(4, 15_000);
    const all = await readBack((await smtp.messages()).map((m) => m.file));
    const cancels = all.filter((m) => m.method === 'CANCEL');
    assert.equal(cancels.length, 2);
    assert.ok(cancels[0]!.sequence > sent[0]!.sequence);
    assert.equal(cancels[0]!.uid, sent[0]!.uid);
    const actions = t.server.services.meetings.audit.list(created.body.id).map((e) => e.action);
    assert.ok(actions.includes('mailInvitation'), actions.join(', '));
  });
});
