// Filing signed minutes to a real WebDAV server (Debian's Apache with mod_dav, started by the test on loopback). The
// server is stopped in the middle of a filing and started again: the filing completes once it is back, exactly once.
// (The edXML packages are checked in edxmlPackage.test.ts and edxmlFiling.test.ts.)
// Needs the Debian package apache2 (and what sign.test.ts needs, for the signed PDF).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLifecycle } from '../../../common/minutes.ts';
import { sha256, type ArchiveDocument } from '../../../server/archive/DocumentArchive.ts';
import { FilingQueue, type FilingState } from '../../../server/archive/FilingQueue.ts';
import { WebDavArchive } from '../../../server/archive/webdav.ts';
import { demoMinutes, DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf } from '../../../server/minutes/exportPdf.ts';
import { archiveDocument, filingKey } from '../../../server/minutes/filing.ts';
import { signMinutesPdf } from '../../../server/minutes/sign.ts';
import { createDemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { loadPkcs12File } from '../../../server/minutes/signing/identity.ts';
import { verifyPdfSignatures } from '../../../server/minutes/verify.ts';
import { WebDavServer } from './webdavServer.ts';

let dir = '';
let server: WebDavServer;
let document: ArchiveDocument;
let key = '';
const fast = { initialMs: 100, factor: 2, maxMs: 400, jitter: 0, maxAttempts: 50 };

/** PDFs the server holds, straight from its disk. */
const storedPdfs = (): string[] => server.files().filter((f) => f.endsWith('.pdf'));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-filing-'));
  const ids = createDemoIdentities(join(dir, 'signing'), DEMO_SIGNERS);
  const [secretary, chair] = ids.identities.map((i) => loadPkcs12File(i.p12Path, i.password));
  const finalised = applyLifecycle(
    demoMinutes({ sections: 2 }),
    { action: 'finalise', number: '15' },
    { id: 'secretary', role: 'secretary' },
    '2026-11-23T05:00:00Z',
  );
  assert.ok(finalised.ok);
  const exported = await exportMinutesPdf(finalised.minutes);
  const once = await signMinutesPdf(exported.pdf, { role: 'secretary', identity: secretary! });
  const twice = await signMinutesPdf(once.pdf, { role: 'chair', identity: chair! });
  document = archiveDocument(finalised.minutes, twice.pdf, exported.pages);
  key = filingKey(finalised.minutes, twice.pdf);
  server = await WebDavServer.create();
  await server.start();
});
after(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('filing to WebDAV (Apache mod_dav)', () => {
  it('stores the signed PDF intact, once per key, with its metadata beside it', async () => {
    const archive = new WebDavArchive({ baseUrl: `${server.url}direct/` });
    const receipt = await archive.file(document, key);
    const fetched = Buffer.from(await (await fetch(receipt.location!)).arrayBuffer());
    assert.equal(sha256(fetched), sha256(document.pdf));
    assert.equal(receipt.sha256, sha256(document.pdf));
    assert.equal(verifyPdfSignatures(fetched).intact, true, 'the signatures survive the trip');
    const again = await archive.file(document, key);
    assert.equal(again.id, receipt.id);
    assert.equal(again.filedAt, receipt.filedAt);
    const files = server.files().filter((f) => f.startsWith('direct/'));
    assert.deepEqual(
      files.map((f) => f.replace(/_[0-9a-f]{16}/, '_<key>')),
      ['direct/2026/000-00-01-G06/15-BB-VPB_<key>.json', 'direct/2026/000-00-01-G06/15-BB-VPB_<key>.pdf'],
    );
    const sidecar = JSON.parse(readFileSync(join(server.root, files[0]!), 'utf8')) as { meta: { subject: string } };
    assert.equal(sidecar.meta.subject, 'Hội nghị giao ban trực tuyến tháng 11/2026 với các địa phương');
    assert.equal((await archive.status(key))?.sha256, receipt.sha256);
    assert.equal(await archive.status('some other key'), null);
  });

  it('completes a filing interrupted by the server stopping, once it is back, exactly once', async () => {
    let stopped = false;
    const requests: string[] = [];
    const archive = new WebDavArchive({
      baseUrl: `${server.url}queued/`,
      timeoutMs: 2_000,
      // The server goes down right after it created the first folder: in the middle of a filing.
      fetch: async (input, init) => {
        requests.push(`${init?.method} ${String(input).replace(server.url, '/')}`);
        const response = await fetch(input, init);
        if (!stopped && init?.method === 'MKCOL') {
          stopped = true;
          await server.stop();
        }
        return response;
      },
    });
    const queue = await FilingQueue.open({ dir: join(dir, 'queue'), archives: [archive], backoff: fast });
    const states: FilingState[] = [];
    let failures = 0;
    queue.on('change', (job) => {
      states.push(job.state);
      // Bring the server back after a few failed attempts.
      if (job.state === 'retrying' && ++failures === 3) void server.start();
    });
    queue.start();
    await queue.enqueue('webdav', document, key);
    const job = await queue.settled(key);
    await queue.stop();
    assert.equal(job.state, 'filed', JSON.stringify(job.lastError));
    assert.ok(job.attempts >= 4, `attempts: ${job.attempts}`);
    assert.equal(job.lastError, null);
    assert.deepEqual(states.slice(0, 4), ['queued', 'filing', 'retrying', 'filing']);
    assert.equal(states.at(-1), 'filed');
    const pdfs = storedPdfs().filter((f) => f.startsWith('queued/'));
    assert.equal(pdfs.length, 1, `exactly one copy: ${pdfs.join(', ')}`);
    assert.equal(sha256(readFileSync(join(server.root, pdfs[0]!))), sha256(document.pdf));
    assert.equal(requests.filter((r) => r.startsWith('PUT') && r.endsWith('.pdf')).length, 1);
    // The queue remembers across a restart: opening it again files nothing more.
    const reopened = await FilingQueue.open({ dir: join(dir, 'queue'), archives: [archive], backoff: fast });
    assert.equal(reopened.get(key)?.state, 'filed');
    assert.equal((await reopened.enqueue('webdav', document, key)).state, 'filed');
  });

  it('files once when the response to the PUT is lost and the attempt is repeated', async () => {
    let dropped = false;
    const archive = new WebDavArchive({
      baseUrl: `${server.url}lost/`,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!dropped && init?.method === 'PUT' && String(input).endsWith('.pdf')) {
          dropped = true; // the server stored it, but the client never heard back
          throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        }
        return response;
      },
    });
    const queue = await FilingQueue.open({ dir: join(dir, 'queue-lost'), archives: [archive], backoff: fast });
    queue.start();
    await queue.enqueue('webdav', document, key);
    const job = await queue.settled(key);
    await queue.stop();
    assert.equal(job.state, 'filed');
    assert.equal(job.attempts, 2);
    const pdfs = storedPdfs().filter((f) => f.startsWith('lost/'));
    assert.equal(pdfs.length, 1);
    assert.equal(sha256(readFileSync(join(server.root, pdfs[0]!))), sha256(document.pdf));
  });
});
