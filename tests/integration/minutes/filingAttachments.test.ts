// Every archive files the same set: the signed minutes PDF and the attachments the record lists (the agenda
// documents), each kept byte for byte and listed with its hash — the embedded archive in a folder beside the PDF, a
// real WebDAV server (Debian's Apache with mod_dav on loopback) in a collection beside it, the edXML package in its
// manifest. Needs apache2 and xmlsec1.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { sha256, type ArchiveDocument, type BytesAttachment } from '../../../server/archive/DocumentArchive.ts';
import { EdxmlOutbox, readEdxmlPackage } from '../../../server/archive/edxml.ts';
import { EmbeddedArchive } from '../../../server/archive/embedded.ts';
import { loadEdxmlSigningKey } from '../../../server/archive/edxmlSignature.ts';
import { FilingQueue } from '../../../server/archive/FilingQueue.ts';
import { WebDavArchive } from '../../../server/archive/webdav.ts';
import { agencyCertificate, assertConformant, minutesDocument } from './edxmlCast.ts';
import { WebDavServer } from './webdavServer.ts';

let dir = '';
let server: WebDavServer;
const document: Omit<ArchiveDocument, 'attachments'> & { attachments: BytesAttachment[] } = {
  ...minutesDocument(),
  attachments: [
    ...minutesDocument().attachments!,
    {
      name: 'Kế hoạch giải ngân.pdf',
      contentType: 'application/pdf',
      description: 'Tài liệu họp: Kế hoạch giải ngân (phiên bản 2)',
      data: Buffer.from('%PDF-1.7\n% kế hoạch\n%%EOF\n'),
    },
  ],
};
const NAMES = ['01-Bao-cao-thang-11.pdf', '02-Ke-hoach-giai-ngan.pdf'];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'filing-attachments-'));
  server = await WebDavServer.create();
  await server.start();
});
after(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the record and its attachments, filed together', () => {
  it('the embedded archive keeps each file beside the PDF and reads it back checked by its hash', async () => {
    const archive = new EmbeddedArchive(join(dir, 'embedded'));
    const receipt = await archive.file(document, 'minutes:1');
    const [entry] = await archive.versions('15/BB-VPB');
    assert.deepEqual(
      entry!.attachments!.map((a) => [a.name, a.sha256]),
      document.attachments!.map((a, i) => [NAMES[i], sha256(a.data)]),
    );
    for (const [i, a] of document.attachments!.entries()) {
      assert.ok((await archive.read(receipt.id, NAMES[i])).equals(a.data));
    }
    // A file changed on disk is refused, not handed out.
    writeFileSync(join(archive.root, entry!.attachments![0]!.path), 'sửa');
    await assert.rejects(archive.read(receipt.id, NAMES[0]), (e: unknown) => e instanceof AppFailure);
  });

  it('WebDAV stores each file in a collection beside the PDF, verified, listed with its hash in the sidecar', async () => {
    const archive = new WebDavArchive({ baseUrl: `${server.url}with-files/` });
    const queue = await FilingQueue.open({ dir: join(dir, 'queue'), archives: [archive] });
    await queue.start();
    await queue.enqueue('webdav', document, 'minutes:2');
    const job = await queue.settled('minutes:2');
    await queue.stop();
    assert.equal(job.state, 'filed', JSON.stringify(job.lastError));
    const files = server.files().filter((f) => f.startsWith('with-files/'));
    const attachments = files.filter((f) => f.includes('.files/'));
    assert.deepEqual(
      attachments.map((f) => f.replace(/^.*\.files\//, '')),
      NAMES,
    );
    for (const [i, a] of document.attachments!.entries()) {
      assert.ok(readFileSync(join(server.root, attachments[i]!)).equals(a.data), NAMES[i]);
    }
    const sidecar = JSON.parse(
      readFileSync(
        join(
          server.root,
          files.find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as {
      attachments: { name: string; sha256: string }[];
    };
    assert.deepEqual(
      sidecar.attachments.map((a) => [a.name, a.sha256]),
      document.attachments!.map((a, i) => [NAMES[i], sha256(a.data)]),
    );
    // Filing again (a lost response) finds the same files and stores nothing new.
    await archive.file(document, 'minutes:2');
    assert.equal(server.files().filter((f) => f.startsWith('with-files/')).length, files.length);
  });

  it('the edXML package carries the same files, each in the manifest with its hash', () => {
    const cert = agencyCertificate(mkdtempSync(join(dir, 'cert-')));
    const outbox = new EdxmlOutbox({
      dir: join(dir, 'outbox'),
      to: [{ organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' }],
      signingKey: loadEdxmlSigningKey({ certFile: cert.certPath, keyFile: cert.keyPath }),
    });
    return outbox.file(document, 'minutes:3').then((receipt) => {
      const xml = readFileSync(receipt.location!, 'utf8');
      assertConformant(xml, dir, cert.caPath);
      const packed = readEdxmlPackage(xml).attachments;
      assert.deepEqual(
        packed.map((a) => [a.name, a.manifestSha256]),
        [['15-BB-VPB.pdf', sha256(document.pdf)], ...document.attachments!.map((a, i) => [NAMES[i], sha256(a.data)])],
      );
      packed.forEach((a) => assert.equal(sha256(a.data), a.manifestSha256));
    });
  });
});
