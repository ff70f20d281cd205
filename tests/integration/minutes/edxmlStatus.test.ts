// Status messages of receiving systems (QCVN 102:2016 SĐ1:2022), read from the connector's inbox folder by the real
// watcher into the real filing queue: each lands on the job that filed the document within a second; late and
// duplicate messages are put in their place or dropped; a malformed file is set aside with the reason and the
// watcher goes on; a refusal lets the document be filed again as a new package.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { latestReceiverStatuses } from '../../../common/minutesView.ts';
import { EdxmlOutbox } from '../../../server/archive/edxml.ts';
import { parseEdxmlStatus } from '../../../server/archive/edxmlStatus.ts';
import { FilingQueue, type FilingJob } from '../../../server/archive/FilingQueue.ts';
import { minutesDocument, statusMessage } from './edxmlCast.ts';

const DOCUMENT_ID = '000.00.01.G06,2026/11/23,15/BB-VPB';
let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edxml-status-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a status message', () => {
  it('reads every status code with its receiver, time (Vietnam time) and staff', () => {
    const codes = ['01', '02', '03', '04', '05', '06', '13', '15', '16'];
    const kinds = codes.map((code) => {
      const message = parseEdxmlStatus(
        statusMessage({ documentId: DOCUMENT_ID, code, timestamp: '2026/11/23 14:05:00' }),
      );
      assert.equal(message.documentId, DOCUMENT_ID);
      assert.equal(message.at.toISOString(), '2026-11-23T07:05:00.000Z');
      assert.deepEqual(message.from, { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' });
      assert.deepEqual(message.staff, { name: 'Nguyễn Thị Lan', department: 'Văn thư' });
      return message.kind;
    });
    assert.deepEqual(kinds, [
      'arrived',
      'rejected',
      'accepted',
      'assigned',
      'processing',
      'completed',
      'recallRequested',
      'recallAccepted',
      'recallRefused',
    ]);
  });

  it('reads what systems send in practice: a one-digit code, a dd/MM/yyyy time, no DocumentId', () => {
    const xml = statusMessage({ documentId: DOCUMENT_ID, code: '3', timestamp: '23/11/2026 14:05:00' }).replace(
      /<edXML:DocumentId>[^<]+<\/edXML:DocumentId>/,
      '',
    );
    const message = parseEdxmlStatus(xml);
    assert.equal(message.code, '03');
    assert.equal(message.documentId, DOCUMENT_ID, 'built from ResponseFor: issuer, date, number/notation');
    assert.equal(message.at.toISOString(), '2026-11-23T07:05:00.000Z');
  });

  it('refuses what is not a complete status message, saying why', () => {
    const ok = statusMessage({ documentId: DOCUMENT_ID, code: '01', timestamp: '2026/11/23 14:05:00' });
    const cases: [string, RegExp][] = [
      [ok.slice(0, 200), /well-formed/],
      [
        ok.replace('<edXML:StatusCode>01</edXML:StatusCode>', '<edXML:StatusCode>99</edXML:StatusCode>'),
        /StatusCode "99"/,
      ],
      [ok.replace(/<edXML:Timestamp>[^<]+/, '<edXML:Timestamp>hôm qua'), /Timestamp/],
      [ok.replace(/<edXML:From>[\s\S]*<\/edXML:From>/, ''), /no From/],
      ['<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>', /no Status/],
    ];
    for (const [xml, reason] of cases) {
      assert.throws(
        () => parseEdxmlStatus(xml),
        (e: unknown) => e instanceof AppFailure && e.code === 'invalid_message' && reason.test(e.message),
      );
    }
  });
});

describe('the connector inbox, watched while the filing queue runs', () => {
  let queue: FilingQueue;
  let inbox = '';
  let outbox = '';
  let job: FilingJob;
  const changes: FilingJob[] = [];
  let n = 0;
  const drop = (code: string, timestamp: string, extra: Partial<Parameters<typeof statusMessage>[0]> = {}) => {
    writeFileSync(
      join(inbox, `status-${++n}.xml`),
      statusMessage({ documentId: DOCUMENT_ID, code, timestamp, ...extra }),
    );
  };
  const statuses = () => queue.get(job.key)!.receiverStatuses;
  const until = async (condition: () => boolean, what: string, timeoutMs = 1_000) => {
    const start = Date.now();
    while (!condition()) {
      if (Date.now() - start > timeoutMs) assert.fail(`not within ${timeoutMs} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return Date.now() - start;
  };

  before(async () => {
    inbox = join(dir, 'inbox');
    outbox = join(dir, 'outbox');
    const archive = new EdxmlOutbox({
      dir: outbox,
      to: [{ organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' }],
      inbox,
      // Listing only as a fallback: the second-long bound below is fs.watch's.
      inboxPollMs: 60_000,
      signingKey: null,
      allowUnsigned: true,
    });
    queue = await FilingQueue.open({ dir: join(dir, 'queue'), archives: [archive] });
    queue.on('change', (j) => changes.push(j));
    await queue.start();
    await queue.enqueue('edxml', minutesDocument(), 'minutes:giao-ban-1');
    job = await queue.settled('minutes:giao-ban-1');
    assert.equal(job.receipt?.id, DOCUMENT_ID);
  });
  after(() => queue.stop());

  it('puts a status dropped into the inbox on the filing job within a second', async () => {
    drop('01', '2026/11/23 14:05:00');
    const ms = await until(() => statuses().length === 1, 'the 01 status on the job');
    assert.ok(ms < 1_000, `${ms} ms`);
    assert.deepEqual(statuses()[0], {
      code: '01',
      at: '2026-11-23T07:05:00.000Z',
      organId: '000.00.00.G22',
      organName: 'Văn phòng Chính phủ',
      description: 'Trạng thái xử lý văn bản',
      staff: 'Nguyễn Thị Lan',
      department: 'Văn thư',
    });
    // Moved once the queue has saved it.
    await until(() => existsSync(join(inbox, 'processed', 'status-1.xml')), 'the message moved to processed/');
  });

  it('orders statuses by the receiver’s time, not by arrival, and drops a duplicate', async () => {
    drop('05', '2026/11/23 16:00:00');
    drop('03', '2026/11/23 15:00:00');
    await until(() => statuses().length === 3, 'three statuses');
    assert.deepEqual(
      statuses().map((s) => s.code),
      ['01', '03', '05'],
    );
    await until(() => changes.at(-1)?.receiverStatuses.length === 3, 'the third status announced');
    const before = changes.length;
    drop('03', '2026/11/23 15:00:00', { description: 'gửi lại lần nữa' });
    await until(() => readdirSync(join(inbox, 'processed')).length === 4, 'the duplicate read');
    assert.equal(statuses().length, 3, 'the duplicate changes nothing');
    assert.equal(changes.length, before, `and announces nothing: ${JSON.stringify(changes.slice(before))}`);
    assert.deepEqual(
      latestReceiverStatuses(statuses()).map((s) => s.code),
      ['05'],
    );
  });

  it('sets a malformed file aside with the reason, and goes on reading', async () => {
    writeFileSync(
      join(inbox, 'broken.xml'),
      '<edXML:Status xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:Stat',
    );
    writeFileSync(join(inbox, 'not-status.xml'), '<?xml version="1.0"?><ghi-chu>không phải trạng thái</ghi-chu>');
    drop('06', '2026/11/23 17:00:00', { organId: '000.00.02.H26', organName: 'UBND tỉnh Hòa Bình' });
    await until(() => statuses().length === 4, 'the next status after the malformed ones');
    // A malformed file waits a moment in case it was still being written, then is set aside.
    await until(() => !existsSync(join(inbox, 'broken.xml')), 'the broken file set aside', 4_000);
    await until(() => !existsSync(join(inbox, 'not-status.xml')), 'the other file set aside', 4_000);
    // The file is moved first, its reason written beside it just after.
    for (const name of ['not-status.xml', 'broken.xml']) {
      await until(() => existsSync(join(inbox, 'rejected', `${name}.reason.txt`)), `the reason for ${name}`, 4_000);
    }
    const reason = readFileSync(join(inbox, 'rejected', 'not-status.xml.reason.txt'), 'utf8');
    assert.match(reason, /no Status element/);
    assert.match(readFileSync(join(inbox, 'rejected', 'broken.xml.reason.txt'), 'utf8'), /well-formed/);
    assert.deepEqual(
      latestReceiverStatuses(statuses()).map((s) => `${s.organId}:${s.code}`),
      ['000.00.00.G22:05', '000.00.02.H26:06'],
    );
  });

  it('keeps a status for a document not filed yet, and gives it to the job that files it', async () => {
    const other = '000.00.01.G06,2026/11/24,16/BB-VPB';
    writeFileSync(
      join(inbox, 'early.xml'),
      statusMessage({ documentId: other, code: '01', timestamp: '2026/11/24 09:00:00' }),
    );
    await until(() => existsSync(join(inbox, 'processed', 'early.xml')), 'the early status read');
    const document = minutesDocument();
    await queue.enqueue(
      'edxml',
      { ...document, meta: { ...document.meta, number: '16', issuedOn: '2026-11-24' } },
      'minutes:2',
    );
    const filed = await queue.settled('minutes:2');
    assert.deepEqual(
      filed.receiverStatuses.map((s) => s.code),
      ['01'],
    );
  });

  it('offers filing again after a refusal: a new package, and only once per refusal', async () => {
    const document = minutesDocument();
    await assert.rejects(queue.refile(job.key, document), /not refused/);
    drop('02', '2026/11/23 18:00:00', { description: 'Sai nơi nhận' });
    await until(() => statuses().at(-1)?.code === '02', 'the refusal');
    const before = readdirSync(outbox).filter((f) => f.endsWith('.edxml')).length;
    await queue.refile(job.key, document);
    const again = await queue.settled(job.key);
    assert.equal(again.state, 'filed');
    assert.equal(again.resends, 1);
    assert.equal(readdirSync(outbox).filter((f) => f.endsWith('.edxml')).length, before + 1, 'a new package');
    await assert.rejects(queue.refile(job.key, document), /not refused/, 'the refusal was answered');
  });
});
