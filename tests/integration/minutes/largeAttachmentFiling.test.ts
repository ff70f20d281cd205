// A recording of a long meeting is filed without being held in memory: a 200 MB file attached to the minutes goes
// through the filing queue to a real WebDAV server (Apache mod_dav) and into the embedded archive while the
// process's resident memory grows by far less than the file (sampled as it runs), arrives byte for byte, and is
// listed with the SHA-256 computed while it streamed. A file that does not hash to what it claims is not filed. An
// edXML package (one XML document signed as a whole, the file inline in base64) is written and signed as a stream:
// xmllint validates it against the schema, xmlsec1 verifies it, coreutils decode the file back, and one base64
// character changed breaks the signature.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { hashFile } from '../../../server/archive/attachmentFiles.ts';
import type { ArchiveDocument, FileAttachment, FilingReceipt } from '../../../server/archive/DocumentArchive.ts';
import { EDXML_SCHEMA, EdxmlOutbox } from '../../../server/archive/edxml.ts';
import { loadEdxmlSigningKey } from '../../../server/archive/edxmlSignature.ts';
import { EmbeddedArchive } from '../../../server/archive/embedded.ts';
import { FilingQueue } from '../../../server/archive/FilingQueue.ts';
import { WebDavArchive } from '../../../server/archive/webdav.ts';
import { agencyCertificate, minutesDocument, verifySignature } from './edxmlCast.ts';
import { WebDavServer } from './webdavServer.ts';

const SIZE = 200 * 1024 * 1024;
/**
 * Generous: buffers in flight, V8's young generation and allocator slack come to tens of MB; a file held whole would
 * add at least its own 200 MB (the code this replaces held it two or three times: read, sent, read back).
 */
const RSS_LIMIT = 120 * 1024 * 1024;

let dir = '';
let server: WebDavServer;
let recording: FileAttachment;

/** Mostly a hole, with random 64 kB blocks every 8 MB: quick to make, and any misplaced chunk changes its hash. */
async function makeRecording(path: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.truncate(SIZE);
    for (let at = 0; at < SIZE; at += 8 * 1024 * 1024) await file.write(randomBytes(64 * 1024), 0, 64 * 1024, at);
  } finally {
    await file.close();
  }
}

/** Runs `task` while sampling the resident set size; returns how far it rose above where it started. */
async function rssRise(task: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    await task();
  } finally {
    clearInterval(sample);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return peak - start;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function documentWith(attachment: FileAttachment): ArchiveDocument {
  const { attachments: _agenda, ...document } = minutesDocument();
  return { ...document, attachments: [attachment] };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'large-attachment-'));
  const path = join(dir, 'ghi-hinh-2026-12-07-0905.webm');
  await makeRecording(path);
  const { sha256, size } = await hashFile(path);
  recording = {
    name: 'ghi-hinh-2026-12-07-0905.webm',
    contentType: 'video/webm',
    description: 'Bản ghi hình cuộc họp',
    path,
    sha256,
    size,
  };
  server = await WebDavServer.create();
  await server.start();
});

after(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('a recording far larger than memory should hold, filed with the minutes', () => {
  it('WebDAV, through the filing queue: streamed up and read back, byte for byte, its hash in the sidecar', async () => {
    const archive = new WebDavArchive({ baseUrl: `${server.url}large/`, timeoutMs: 10_000 });
    const queue = await FilingQueue.open({ dir: join(dir, 'queue'), archives: [archive] });
    await queue.start();
    const rise = await rssRise(async () => {
      await queue.enqueue('webdav', documentWith(recording), 'minutes:large');
      const job = await queue.settled('minutes:large');
      assert.equal(job.state, 'filed', JSON.stringify(job.lastError));
      assert.deepEqual(
        job.attachments.map((a) => [a.sha256, a.size]),
        [[recording.sha256, SIZE]],
      );
    });
    await queue.stop();
    console.log(`# WebDAV: ${mb(SIZE)} filed, resident memory rose by ${mb(rise)}`);
    assert.ok(rise < RSS_LIMIT, `resident memory rose by ${mb(rise)} filing ${mb(SIZE)}`);
    const stored = server.files().filter((f) => f.startsWith('large/') && f.includes('.files/'));
    assert.equal(stored.length, 1);
    execFileSync('cmp', [recording.path, join(server.root, stored[0]!)]); // throws unless byte for byte the same
    const sidecar = server.files().find((f) => f.startsWith('large/') && f.endsWith('.json'))!;
    const record = JSON.parse(readFileSync(join(server.root, sidecar), 'utf8')) as {
      attachments: { name: string; sha256: string }[];
    };
    assert.deepEqual(
      record.attachments.map((a) => a.sha256),
      [recording.sha256],
    );
  });

  it('the embedded archive: streamed into its folder, the entry listing the hash computed on the way', async () => {
    const archive = new EmbeddedArchive(join(dir, 'embedded'));
    const rise = await rssRise(() => archive.file(documentWith(recording), 'minutes:embedded'));
    console.log(`# embedded: ${mb(SIZE)} filed, resident memory rose by ${mb(rise)}`);
    assert.ok(rise < RSS_LIMIT, `resident memory rose by ${mb(rise)} filing ${mb(SIZE)}`);
    const [entry] = await archive.versions('15/BB-VPB');
    const attachment = entry!.attachments![0]!;
    assert.equal(attachment.sha256, recording.sha256);
    execFileSync('cmp', [recording.path, join(archive.root, attachment.path)]);
  });

  it('edXML: the package written and signed as a stream, verifying with xmlsec1, the file decoded back', async () => {
    const cert = agencyCertificate(mkdtempSync(join(dir, 'cert-')));
    const outbox = new EdxmlOutbox({
      dir: join(dir, 'outbox'),
      to: [{ organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' }],
      signingKey: loadEdxmlSigningKey({ certFile: cert.certPath, keyFile: cert.keyPath }),
    });
    let receipt: FilingReceipt | undefined;
    const rise = await rssRise(async () => (receipt = await outbox.file(documentWith(recording), 'minutes:edxml')));
    console.log(`# edXML: ${mb(SIZE)} filed, resident memory rose by ${mb(rise)}`);
    assert.ok(rise < RSS_LIMIT, `resident memory rose by ${mb(rise)} filing ${mb(SIZE)}`);
    const path = receipt!.location!;
    // The schema too; xmllint needs --huge for a text node over 10 MB (xmlsec1 allows it by itself).
    const schema = spawnSync('xmllint', ['--noout', '--huge', '--schema', EDXML_SCHEMA, path], { encoding: 'utf8' });
    assert.equal(schema.status, 0, schema.stderr);
    const verified = verifySignature(path, cert.caPath);
    assert.ok(verified.ok, verified.output);
    // Read back from the envelope alone: the same document, the PDF's hash as filed.
    assert.deepEqual(await outbox.status('minutes:edxml'), receipt);
    // The second file's base64 lines, decoded by coreutils, are the recording byte for byte.
    const extract =
      "awk '/<\\/edXML:ContentTransferEncoded>/{inside=0} inside&&n==2{print} " +
      '/<edXML:ContentTransferEncoded>/{n++;inside=1}\' "$0" | base64 -d | cmp - "$1"';
    execFileSync('sh', ['-c', extract, path, recording.path]); // throws unless the same
    // One base64 character changed in the recording's lines: the signature no longer verifies.
    const file = await open(path, 'r+');
    try {
      const at = Math.floor(statSync(path).size / 2);
      const { buffer } = await file.read(Buffer.alloc(1), 0, 1, at);
      assert.match(buffer.toString(), /[A-Za-z0-9+/]/);
      await file.write(Buffer.from(buffer[0] === 0x41 ? 'B' : 'A'), 0, 1, at);
    } finally {
      await file.close();
    }
    assert.equal(verifySignature(path, cert.caPath).ok, false, 'a changed attachment must break the signature');
  });

  it('a file that is not what its hash says is refused, and nothing of it is left waiting', async () => {
    const path = join(dir, 'changed.webm');
    writeFileSync(path, 'không phải bản ghi');
    const changed: FileAttachment = { ...recording, path, size: 27 };
    const queue = await FilingQueue.open({ dir: join(dir, 'queue-refused'), archives: [new EmbeddedArchive(dir)] });
    await assert.rejects(
      queue.enqueue('embedded', documentWith(changed), 'minutes:changed'),
      (e: unknown) => e instanceof AppFailure && e.code === 'archive_rejected',
    );
    const blobs = readdirSync(join(dir, 'queue-refused'), { recursive: true }).map(String);
    assert.deepEqual(
      blobs.filter((f) => f.endsWith('.bin') || f.endsWith('.tmp')),
      [],
    );
    await queue.stop();
  });
});
