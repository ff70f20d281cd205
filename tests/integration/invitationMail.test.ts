// Invitations by e-mail, end to end: the mailer sends to a real SMTP server (Debian's aiosmtpd), and what the server
// received is read back by parsers that are not ours (Python's `email` and Debian's `icalendar`), so Vietnamese text,
// encodings and the calendar structure are checked the way a mail and calendar client would see them.
// Needs python3-aiosmtpd, python3-icalendar and openssl (Debian).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppFailure } from '../../common/errors.ts';
import { invitationIcs, meetingUid, type InvitationInput } from '../../server/office/ics.ts';
import { loadMailConfig, Mailer, type InvitationMail } from '../../server/office/mailer.ts';
import { startSmtpServer, SYSTEM_PYTHON, type SmtpServer } from '../helpers/smtpServer.ts';

const TITLE = 'Giao ban trực tuyến về kế hoạch quan trắc môi trường tháng 12';
const PLACE = 'Phòng họp tầng 3, số 2 Đinh Tiên Hoàng, Hà Nội';
const SUBJECT = `Giấy mời họp: ${TITLE}`;
const LOGIN = { user: 'phonghop', pass: 'mật khẩu:@/ 1' };
const ATTENDEES = [
  { name: 'Phạm Thị Thu Hằng', email: 'hang.ptt@quangninh.test' },
  { name: 'Đặng Quốc Việt, Sở TN&MT Lào Cai', email: 'viet.dq@laocai.test' },
];

const meeting: InvitationInput = {
  uid: meetingUid('m-2025-12-giao-ban', 'phonghop.stnmt.test'),
  sequence: 0,
  method: 'REQUEST',
  title: TITLE,
  kindLabel: 'Giao ban',
  startsAt: '2025-12-15T08:00:00+07:00',
  endsAt: '2025-12-15T11:30:00+07:00',
  place: PLACE,
  chairName: 'Nguyễn Hữu Đức',
  agenda: [
    {
      title: 'Báo cáo kết quả quan trắc chất lượng không khí; đề xuất giải pháp',
      presenter: 'Trần Thị Bích Ngọc',
      durationMinutes: 30,
    },
    { title: 'Thảo luận, thống nhất kế hoạch quan trắc năm 2026', presenter: 'Lê Văn Hưởng', durationMinutes: 45 },
  ],
  joinUrl: 'https://phonghop.stnmt.test/cuoc-hop/m-2025-12-giao-ban',
  organizer: { name: 'Sở Tài nguyên và Môi trường Hà Nội', email: 'phonghop@stnmt.test' },
  attendees: ATTENDEES,
  now: new Date('2025-12-01T02:00:00Z'),
};

function mail(ics: string, method: 'REQUEST' | 'CANCEL', subject = SUBJECT): InvitationMail {
  const text = `Trân trọng kính mời quý đại biểu tham dự cuộc họp "${TITLE}" tại ${PLACE}.`;
  return { to: ATTENDEES, subject, text, ics, method, fromName: meeting.organizer.name };
}

function mailer(url: string, env: Record<string, string> = {}): Mailer {
  const config = loadMailConfig({ SMTP_URL: url, SMTP_FROM: 'phonghop@stnmt.test', SMTP_TIMEOUT_MS: '5000', ...env });
  assert.ok(config);
  return new Mailer(config);
}

const smtpUrl = (server: SmtpServer, login = LOGIN, scheme = 'smtp'): string =>
  `${scheme}://${encodeURIComponent(login.user)}:${encodeURIComponent(login.pass)}@${server.host}:${server.port}`;

// ---- reading a received message with Python's own parsers ------------------------------------------------------

const READ_MESSAGE = String.raw`
import base64, email, json, sys
from email import policy
from email.header import decode_header, make_header
from icalendar import Calendar

def person(value):
    return {'cn': str(value.params.get('CN')), 'email': str(value)}

def parse(path):
    with open(path, 'rb') as f:
        msg = email.message_from_binary_file(f, policy=policy.default)
    # Address headers through the RFC 2047 decoder: the modern policy's address parser (3.11) puts a space between
    # adjacent encoded-words of one display name ("Hằn g"), which RFC 2047 says to join and mail clients do join.
    raw = email.message_from_binary_file(open(path, 'rb'), policy=policy.compat32)
    address = lambda name: str(make_header(decode_header(raw[name])))
    out = {'subject': str(msg['subject']), 'to': address('to'), 'from': address('from'), 'parts': []}
    calendar = attachment = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        out['parts'].append({'type': part.get_content_type(), 'method': part.get_param('method'),
                             'charset': part.get_param('charset'), 'filename': part.get_filename(),
                             'disposition': part.get_content_disposition()})
        if part.get_content_type() == 'text/calendar' and part.get_content_disposition() is None:
            calendar = payload
        elif part.get_filename() == 'invitation.ics':
            attachment = payload
        elif part.get_content_type() == 'text/plain':
            out['text'] = part.get_content()
    out['icsBase64'] = base64.b64encode(calendar).decode()
    out['attachmentBase64'] = base64.b64encode(attachment).decode() if attachment else None
    cal = Calendar.from_ical(calendar.decode('utf-8'))
    event = cal.walk('VEVENT')[0]
    attendees = event.get('attendee')
    attendees = attendees if isinstance(attendees, list) else [attendees]
    out['ics'] = {
        'method': str(cal['method']), 'prodid': str(cal['prodid']), 'version': str(cal['version']),
        'calscale': str(cal['calscale']), 'uid': str(event['uid']), 'sequence': event.decoded('sequence'),
        'status': str(event['status']), 'summary': str(event['summary']), 'location': str(event['location']),
        'description': str(event['description']), 'url': str(event['url']),
        'dtstart': event.decoded('dtstart').isoformat(), 'dtend': event.decoded('dtend').isoformat(),
        'dtstamp': event.decoded('dtstamp').isoformat(),
        'organizer': person(event['organizer']), 'attendees': [person(a) for a in attendees],
    }
    return out

print(json.dumps([parse(p) for p in sys.argv[1:]]))
`;

type Person = { cn: string; email: string };
/** Properties the reader prints as text (dates in ISO 8601 as icalendar decoded them). */
type EventText =
  | 'method'
  | 'prodid'
  | 'version'
  | 'calscale'
  | 'uid'
  | 'status'
  | 'summary'
  | 'location'
  | 'description'
  | 'url'
  | 'dtstart'
  | 'dtend'
  | 'dtstamp';
interface ReadBack {
  subject: string;
  to: string;
  from: string;
  text: string;
  parts: Record<'type' | 'method' | 'charset' | 'filename' | 'disposition', string | null>[];
  icsBase64: string;
  attachmentBase64: string | null;
  ics: Record<EventText, string> & { sequence: number; organizer: Person; attendees: Person[] };
}

async function readBack(files: string[]): Promise<ReadBack[]> {
  const { stdout } = await promisify(execFile)(SYSTEM_PYTHON, ['-c', READ_MESSAGE, ...files]);
  return JSON.parse(stdout) as ReadBack[];
}

async function failure(promise: Promise<unknown>): Promise<AppFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppFailure, `expected an AppFailure, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the send to fail');
}

// ---- a certificate authority of the test's own, for STARTTLS and smtps ------------------------------------------

function makeCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Phong hop test CA');
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run(
    ...'x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial 1 -days 2 -extfile ext.cnf -out server.pem'.split(
      ' ',
    ),
  );
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key') };
}

describe('meeting invitations by e-mail through a real SMTP server', () => {
  let server: SmtpServer;
  before(async () => {
    server = await startSmtpServer({ auth: LOGIN });
  });
  after(async () => {
    await server?.stop();
  });

  it('sends each recipient their own message whose calendar reads back with the Vietnamese intact', async () => {
    const ics = invitationIcs(meeting);
    const result = await mailer(smtpUrl(server)).sendInvitation(mail(ics, 'REQUEST'));
    assert.deepEqual(result, { accepted: ATTENDEES.map((a) => a.email), rejected: [] });

    const received = await server.waitForMessages(2);
    // One recipient per envelope and per To: header — provinces do not see each other's addresses.
    assert.deepEqual(
      received.map((m) => m.rcptTos),
      ATTENDEES.map((a) => [a.email]),
    );
    assert.ok(received.every((m) => m.authenticated && m.mailFrom === 'phonghop@stnmt.test'));
    const headers = received[0]!.raw.subarray(0, received[0]!.raw.indexOf('\r\n\r\n')).toString('latin1');
    assert.match(headers, /^Subject: =\?UTF-8\?[BQ]\?/im, 'the subject travels as encoded-words');
    assert.ok(/^[\x00-\x7f]*$/.test(headers), 'headers are 7-bit');

    const [first, second] = await readBack(received.map((m) => m.file));
    assert.ok(first && second);
    assert.equal(first.subject, SUBJECT);
    assert.equal(first.to, 'Phạm Thị Thu Hằng <hang.ptt@quangninh.test>');
    assert.ok(!first.to.includes('laocai') && !second.to.includes('quangninh'));
    assert.equal(first.from, 'Sở Tài nguyên và Môi trường Hà Nội <phonghop@stnmt.test>');
    assert.match(first.text, /Trân trọng kính mời quý đại biểu/);

    const alternative = first.parts.find((p) => p.type === 'text/calendar');
    assert.deepEqual(
      {
        method: alternative?.method,
        charset: alternative?.charset?.toUpperCase(),
        disposition: alternative?.disposition,
      },
      { method: 'REQUEST', charset: 'UTF-8', disposition: null },
    );
    assert.ok(first.parts.some((p) => p.filename === 'invitation.ics' && p.disposition === 'attachment'));
    // Both copies are the very text the server generated, byte for byte.
    assert.equal(Buffer.from(first.icsBase64, 'base64').toString('utf8'), ics);
    assert.equal(first.attachmentBase64, first.icsBase64);

    const event = first.ics;
    assert.equal(event.method, 'REQUEST');
    assert.deepEqual(
      [event.prodid, event.version, event.calscale, event.status],
      ['-//Phong hop so//VI', '2.0', 'GREGORIAN', 'CONFIRMED'],
    );
    assert.equal(event.uid, 'm-2025-12-giao-ban@phonghop.stnmt.test');
    assert.equal(event.sequence, 0);
    assert.equal(event.summary, TITLE);
    assert.equal(event.location, PLACE);
    assert.equal(event.dtstart, '2025-12-15T01:00:00+00:00');
    assert.equal(event.dtend, '2025-12-15T04:30:00+00:00');
    assert.equal(event.dtstamp, '2025-12-01T02:00:00+00:00');
    assert.equal(event.url, meeting.joinUrl);
    for (const line of [
      'Loại cuộc họp: Giao ban',
      'Chủ trì: Nguyễn Hữu Đức',
      '1. Báo cáo kết quả quan trắc chất lượng không khí; đề xuất giải pháp — trình bày: Trần Thị Bích Ngọc (30 phút)',
      '2. Thảo luận, thống nhất kế hoạch quan trắc năm 2026 — trình bày: Lê Văn Hưởng (45 phút)',
      `Tham gia trực tuyến: ${meeting.joinUrl}`,
    ]) {
      assert.ok(event.description.split('\n').includes(line), `description has the line "${line}"`);
    }
    assert.deepEqual(event.organizer, {
      cn: 'Sở Tài nguyên và Môi trường Hà Nội',
      email: 'mailto:phonghop@stnmt.test',
    });
    assert.deepEqual(
      event.attendees,
      ATTENDEES.map((a) => ({ cn: a.name, email: `mailto:${a.email}` })),
    );
    assert.deepEqual(second.ics, first.ics, 'every recipient gets the same invitation');
  });

  it('sends a cancellation that replaces the event (same UID, higher SEQUENCE, METHOD:CANCEL)', async () => {
    const before = (await server.messages()).length;
    const ics = invitationIcs({ ...meeting, method: 'CANCEL', sequence: 2, now: new Date('2025-12-10T03:00:00Z') });
    const result = await mailer(smtpUrl(server)).sendInvitation(mail(ics, 'CANCEL', `Hủy cuộc họp: ${TITLE}`));
    assert.equal(result.accepted.length, 2);
    const received = (await server.waitForMessages(before + 2)).slice(before);
    const [cancel] = await readBack([received[0]!.file]);
    assert.ok(cancel);
    assert.equal(cancel.subject, `Hủy cuộc họp: ${TITLE}`);
    assert.equal(cancel.parts.find((p) => p.type === 'text/calendar')?.method, 'CANCEL');
    assert.deepEqual(
      [cancel.ics.method, cancel.ics.status, cancel.ics.sequence, cancel.ics.uid, cancel.ics.summary],
      ['CANCEL', 'CANCELLED', 2, meeting.uid, TITLE],
    );
    assert.match(cancel.ics.description, /^Cuộc họp này đã bị hủy\./);
  });

  it('lists an address the server refuses as rejected and still sends to the others', async () => {
    const refusing = await startSmtpServer({ refuse: ['viet.dq@laocai.test'] });
    try {
      const url = `smtp://${refusing.host}:${refusing.port}`;
      const result = await mailer(url).sendInvitation(mail(invitationIcs(meeting), 'REQUEST'));
      assert.deepEqual(result, { accepted: ['hang.ptt@quangninh.test'], rejected: ['viet.dq@laocai.test'] });
      assert.deepEqual(
        (await refusing.waitForMessages(1)).map((m) => m.rcptTos),
        [['hang.ptt@quangninh.test']],
      );
    } finally {
      await refusing.stop();
    }
  });

  it('fails as unavailable on a wrong password, without sending', async () => {
    const count = (await server.messages()).length;
    const error = await failure(
      mailer(smtpUrl(server, { ...LOGIN, pass: 'sai mật khẩu' })).sendInvitation(
        mail(invitationIcs(meeting), 'REQUEST'),
      ),
    );
    assert.equal(error.code, 'unavailable');
    assert.ok(!error.message.includes('sai mật khẩu'), 'the password stays out of the log detail');
    assert.equal((await server.messages()).length, count);
  });
});

describe('the mail server connection', () => {
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'phonghop-smtp-tls-'));
    certs = makeCertificates(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades with STARTTLS when the server offers it, and logs in only then', async () => {
    const tls = await startSmtpServer({ auth: LOGIN, starttls: certs });
    try {
      const m = mailer(smtpUrl(tls), { SMTP_CA_FILE: certs.caFile });
      await m.sendInvitation({ ...mail(invitationIcs(meeting), 'REQUEST'), to: ATTENDEES.slice(0, 1) });
      const [received] = await tls.waitForMessages(1);
      assert.ok(received?.tls && received.authenticated);
    } finally {
      await tls.stop();
    }
  });

  it('refuses a STARTTLS server whose certificate it does not trust', async () => {
    const tls = await startSmtpServer({ auth: LOGIN, starttls: certs });
    try {
      const error = await failure(mailer(smtpUrl(tls)).sendInvitation(mail(invitationIcs(meeting), 'REQUEST')));
      assert.equal(error.code, 'unavailable');
      assert.equal((await tls.messages()).length, 0);
    } finally {
      await tls.stop();
    }
  });

  it('speaks TLS from the first byte with smtps://', async () => {
    const tls = await startSmtpServer({ auth: LOGIN, implicitTls: certs });
    try {
      const m = mailer(smtpUrl(tls, LOGIN, 'smtps'), { SMTP_CA_FILE: certs.caFile });
      const result = await m.sendInvitation({ ...mail(invitationIcs(meeting), 'REQUEST'), to: ATTENDEES.slice(1) });
      assert.deepEqual(result.accepted, ['viet.dq@laocai.test']);
      const [received] = await tls.waitForMessages(1);
      assert.ok(received?.tls && received.authenticated);
    } finally {
      await tls.stop();
    }
  });

  it('fails as unavailable when the server is down', async () => {
    const gone = await startSmtpServer();
    const url = `smtp://${gone.host}:${gone.port}`;
    await gone.stop();
    const error = await failure(mailer(url).sendInvitation(mail(invitationIcs(meeting), 'REQUEST')));
    assert.equal(error.code, 'unavailable');
    assert.deepEqual(error.params, { accepted: 0, pending: 2 });
  });

  it('gives up after SMTP_TIMEOUT_MS on a server that never greets', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const started = Date.now();
      const m = mailer(`smtp://127.0.0.1:${port}`, { SMTP_TIMEOUT_MS: '300' });
      const error = await failure(m.sendInvitation(mail(invitationIcs(meeting), 'REQUEST')));
      assert.equal(error.code, 'unavailable');
      assert.ok(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('mail configuration', () => {
  it('is off without SMTP_URL and reads the URL, sender and limits', () => {
    assert.equal(loadMailConfig({}), null);
    const config = loadMailConfig({ SMTP_URL: 'smtps://hop%40so:m%E1%BA%ADt@mail.so.test', SMTP_TIMEOUT_MS: '2500' });
    assert.deepEqual(
      { ...config, from: config?.from.startsWith('phonghop@') },
      {
        host: 'mail.so.test',
        port: 465,
        secure: true,
        auth: { user: 'hop@so', pass: 'mật' },
        from: true,
        timeoutMs: 2500,
        ca: null,
      },
    );
    assert.equal(loadMailConfig({ SMTP_URL: 'smtp://[::1]' })?.host, '::1');
    assert.equal(loadMailConfig({ SMTP_URL: 'smtp://mail.so.test' })?.port, 25);
    assert.throws(() => loadMailConfig({ SMTP_URL: 'http://mail.so.test' }), /smtp:\/\//);
    assert.throws(() => loadMailConfig({ SMTP_URL: 'smtp://mail.so.test', SMTP_FROM: 'not an address' }), /SMTP_FROM/);
  });
});
