// Filing without a network: the embedded archive (versions, search, idempotency), the edXML outbox, and the filing
// queue's retries, persistence and exactly-once behaviour against an archive that fails on purpose.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import {
  sha256,
  unavailable,
  type ArchiveDocument,
  type ArchiveMetadata,
  type DocumentArchive,
  type FilingReceipt,
} from '../../../server/archive/DocumentArchive.ts';
import { EmbeddedArchive } from '../../../server/archive/embedded.ts';
import { EdxmlOutbox, readEdxmlAttachments } from '../../../server/archive/edxml.ts';
import { backoffDelay, DEFAULT_BACKOFF, FilingQueue, type FilingState } from '../../../server/archive/FilingQueue.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-filing-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const meta: ArchiveMetadata = {
  subject: 'Hội nghị giao ban trực tuyến tháng 11/2026 với các địa phương',
  documentType: 'Biên bản',
  number: '15',
  notation: 'BB-VPB',
  issuedOn: '2026-11-23',
  place: 'Hà Nội',
  agency: 'Văn phòng Bộ',
  parentAgency: 'Bộ Khoa học và Công nghệ',
  agencyCode: '000.00.01.G06',
  signers: [{ name: 'Trần Quốc Khánh', position: 'Thứ trưởng', competence: 'Chủ trì' }],
  pages: 3,
  minutesId: 'bien-ban-1',
  meetingId: 'giao-ban-1',
};
const doc = (text: string, overrides: Partial<ArchiveMetadata> = {}): ArchiveDocument => ({
  pdf: Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`),
  meta: { ...meta, ...overrides },
});

/** An archive that is down for the first `failures` attempts, and counts what it really stores. */
class FlakyArchive implements DocumentArchive {
  readonly name = 'flaky';
  readonly stored = new Map<string, string>();
  attempts = 0;
  constructor(public failures: number) {}
  async file(document: ArchiveDocument, key: string): Promise<FilingReceipt> {
    this.attempts++;
    if (this.attempts <= this.failures) throw unavailable('connection refused');
    if (!this.stored.has(key)) this.stored.set(key, sha256(document.pdf));
    return {
      archive: this.name,
      id: key,
      idempotencyKey: key,
      sha256: this.stored.get(key)!,
      filedAt: new Date().toISOString(),
    };
  }
  async status(key: string): Promise<FilingReceipt | null> {
    const hash = this.stored.get(key);
    return hash ? { archive: this.name, id: key, idempotencyKey: key, sha256: hash, filedAt: '' } : null;
  }
}

describe('embedded archive', () => {
  it('files once per key, versions a number/notation, and searches without diacritics', async () => {
    const archive = new EmbeddedArchive(join(dir, 'embedded'));
    const first = await archive.file(doc('v1'), 'key-1');
    const again = await archive.file(doc('v1'), 'key-1');
    assert.deepEqual(again, first);
    const second = await archive.file(doc('v2'), 'key-2');
    assert.equal(first.version, 1);
    assert.equal(second.version, 2);
    assert.deepEqual(
      (await archive.versions('15/BB-VPB')).map((e) => e.version),
      [1, 2],
    );
    assert.equal((await archive.search('hoi nghi giao ban')).length, 2);
    assert.equal((await archive.search('15/BB-VPB')).length, 2);
    assert.equal((await archive.search('Hội nghị thường kỳ')).length, 0);
    assert.ok((await archive.read(first.id)).equals(doc('v1').pdf));
    assert.deepEqual(await archive.status('key-2'), second);
    assert.equal(await archive.status('unknown'), null);
    await assert.rejects(
      archive.file(doc('other'), 'key-1'),
      (e: unknown) => e instanceof AppFailure && e.code === 'archive_rejected',
    );
  });
});

describe('edXML outbox', () => {
  it('writes one package per key, carrying the PDF byte-identical', async () => {
    const outbox = new EdxmlOutbox({
      dir: join(dir, 'outbox'),
      to: [{ organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' }],
      // Signing is checked against xmlsec1 in tests/integration/minutes/edxml*.test.ts.
      signingKey: null,
      allowUnsigned: true,
    });
    const document = doc('signed bytes');
    const receipt = await outbox.file(document, 'key-1');
    assert.deepEqual(await outbox.file(document, 'key-1'), receipt);
    assert.equal(readdirSync(join(dir, 'outbox')).length, 1);
    const { readFile } = await import('node:fs/promises');
    const [attachment] = readEdxmlAttachments(await readFile(receipt.location!, 'utf8'));
    assert.ok(attachment!.data.equals(document.pdf));
    assert.equal(attachment!.manifestSha256, sha256(document.pdf));
    assert.equal(receipt.id, '000.00.01.G06,2026/11/23,15/BB-VPB', 'the receipt names the DocumentId');
  });

  it('refuses to start without a signing key unless unsigned packages are asked for', () => {
    assert.throws(
      () =>
        new EdxmlOutbox({
          dir: join(dir, 'outbox'),
          to: [{ organId: '000.00.00.G22', organName: 'VPCP' }],
          signingKey: null,
        }),
      /signing key/,
    );
  });
});

describe('filing queue', () => {
  const fast = { initialMs: 20, factor: 2, maxMs: 200, jitter: 0, maxAttempts: 10 };

  it('retries a target that is down with exponential backoff and files exactly once', async () => {
    const archive = new FlakyArchive(3);
    const queue = await FilingQueue.open({ dir: join(dir, 'queue-1'), archives: [archive], backoff: fast });
    const states: FilingState[] = [];
    queue.on('change', (job) => states.push(job.state));
    queue.start();
    await queue.enqueue('flaky', doc('x'), 'key-1');
    const job = await queue.settled('key-1');
    await queue.stop();
    assert.equal(job.state, 'filed');
    assert.equal(job.attempts, 4);
    assert.equal(archive.stored.size, 1);
    assert.deepEqual(states, [
      'queued',
      'filing',
      'retrying',
      'filing',
      'retrying',
      'filing',
      'retrying',
      'filing',
      'filed',
    ]);
    assert.equal(job.lastError, null);
    assert.ok(job.receipt);
  });

  it('never queues a key twice, and refuses a key reused for other content', async () => {
    const archive = new FlakyArchive(0);
    const queue = await FilingQueue.open({ dir: join(dir, 'queue-2'), archives: [archive], backoff: fast });
    queue.start();
    await queue.enqueue('flaky', doc('x'), 'key-1');
    await queue.settled('key-1');
    const again = await queue.enqueue('flaky', doc('x'), 'key-1');
    assert.equal(again.state, 'filed');
    await assert.rejects(queue.enqueue('flaky', doc('y'), 'key-1'));
    await queue.stop();
    assert.equal(archive.attempts, 1);
  });

  it('survives a restart: jobs and their PDFs are on disk, an interrupted attempt resumes', async () => {
    const path = join(dir, 'queue-3');
    const stuck: DocumentArchive = { name: 'flaky', file: () => new Promise(() => {}), status: async () => null };
    const first = await FilingQueue.open({ dir: path, archives: [stuck], backoff: fast });
    const filing = new Promise<void>((resolve) => first.on('change', (job) => job.state === 'filing' && resolve()));
    first.start();
    await first.enqueue('flaky', doc('persisted'), 'key-1');
    await filing; // the process "dies" here, mid-attempt
    const archive = new FlakyArchive(0);
    const second = await FilingQueue.open({ dir: path, archives: [archive], backoff: fast });
    assert.equal(second.get('key-1')?.state, 'retrying');
    second.start();
    const job = await second.settled('key-1');
    await second.stop();
    assert.equal(job.state, 'filed');
    assert.equal(archive.stored.get('key-1'), sha256(doc('persisted').pdf));
  });

  it('gives up on a rejection, and can be retried by hand', async () => {
    let reject = true;
    const archive: DocumentArchive = {
      name: 'strict',
      file: async (d, key) => {
        if (reject) throw new AppFailure('archive_rejected', 'forbidden');
        return { archive: 'strict', id: key, idempotencyKey: key, sha256: sha256(d.pdf), filedAt: '' };
      },
      status: async () => null,
    };
    const queue = await FilingQueue.open({ dir: join(dir, 'queue-4'), archives: [archive], backoff: fast });
    queue.start();
    await queue.enqueue('strict', doc('x'), 'key-1');
    const failed = await queue.settled('key-1');
    assert.equal(failed.state, 'failed');
    assert.equal(failed.attempts, 1);
    assert.equal(failed.lastError?.code, 'archive_rejected');
    reject = false;
    await queue.retry('key-1');
    assert.equal((await queue.settled('key-1')).state, 'filed');
    await queue.stop();
  });

  it('grows the delay exponentially up to the cap', () => {
    const policy = { ...DEFAULT_BACKOFF, jitter: 0 };
    assert.deepEqual(
      [1, 2, 3, 4, 20].map((n) => backoffDelay(policy, n)),
      [2000, 4000, 8000, 16000, 600000],
    );
  });
});
