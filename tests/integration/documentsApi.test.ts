// Agenda documents over HTTP against the real server: who may upload, what is refused and why, versions,
// authorised downloads (Bearer token or signed URL) with the right headers and Range support, and a server that
// carries on normally after every hostile upload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { DocumentInfo } from '../../common/documents.ts';
import type { AppError } from '../../common/errors.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { Cast, seedMeeting, type SeededMeeting } from '../helpers/meetingCast.ts';
import {
  docxBytes,
  encryptedPdf,
  javascriptPdf,
  maliciousFontPdf,
  plainPdf,
  pngBytes,
  truncated,
} from '../helpers/pdfFixtures.ts';

const MAX_BYTES = 1024 * 1024;

let t: TestServer;
let cast: Cast;
let seeded: SeededMeeting;

before(async () => {
  t = await startTestServer({ delegates: 2, env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) } });
  cast = new Cast(t.server.url);
  seeded = seedMeeting(t.server, 2);
});
after(async () => {
  cast.closeAll();
  await t.stop();
});

function upload(token: string | null, bytes: Uint8Array, query: Record<string, string> = {}) {
  const params = new URLSearchParams({ agendaItemId: 'khai-mac', fileName: 'Tài liệu.pdf', ...query });
  return fetch(`${t.server.url}/api/documents?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(bytes),
  });
}

async function uploaded(token: string, bytes: Uint8Array, query: Record<string, string> = {}): Promise<DocumentInfo> {
  const response = await upload(token, bytes, query);
  const body = await response.json();
  assert.equal(response.status, 201, JSON.stringify(body));
  return body as DocumentInfo;
}

async function refused(token: string, bytes: Uint8Array, status: number): Promise<AppError> {
  const response = await upload(token, bytes);
  const body = (await response.json()) as { error: AppError };
  assert.equal(response.status, status, JSON.stringify(body));
  return body.error;
}

describe('uploading agenda documents', () => {
  it('lets the secretary upload; joined participants hear of it; the item opens it', async () => {
    const delegate = await cast.join(seeded.token('delegate-1'));
    const document = await uploaded(seeded.token('secretary'), await plainPdf(3), { title: 'Báo cáo tháng' });
    assert.equal(document.title, 'Báo cáo tháng');
    assert.equal(document.agendaItemId, 'khai-mac');
    assert.deepEqual(
      document.versions.map((v) => [v.version, v.pageCount, v.fileName, v.uploadedBy]),
      [[1, 3, 'Tài liệu.pdf', 'secretary']],
    );
    const notice = await delegate.waitFor('documentsChanged', (n) => n.document.id === document.id);
    assert.equal(notice.document.versions.length, 1);
    const state = await delegate.ok('meetingState', {});
    assert.equal(state.state.agenda.items[0]?.documentId, document.id, 'the first document of the item');
  });

  it('refuses delegates, and callers without a valid token', async () => {
    const bytes = await plainPdf(1);
    const forbidden = await refused(seeded.token('delegate-1'), bytes, 403);
    assert.equal(forbidden.reason, 'role');
    const missing = await upload(null, bytes);
    assert.equal(missing.status, 401);
    await missing.body?.cancel();
    assert.equal((await refused('not-a-token-at-all', bytes, 401)).code, 'token_invalid');
  });

  it('refuses an agenda item the meeting does not have', async () => {
    const response = await upload(seeded.token('chair'), await plainPdf(1), { agendaItemId: 'khong-co' });
    assert.equal(response.status, 404);
    await response.body?.cancel();
  });

  it('refuses a truncated PDF and files that are not PDFs, naming the problem', async () => {
    const token = seeded.token('secretary');
    const cut = await refused(token, truncated(await plainPdf(5)), 422);
    assert.equal(cut.reason, 'pdf_truncated');
    const png = await refused(token, pngBytes(), 422);
    assert.deepEqual([png.reason, png.params], ['not_a_pdf', { type: 'PNG image' }]);
    const docx = await refused(token, docxBytes(), 422);
    assert.deepEqual(docx.params, { type: 'Word document (DOCX)' });
  });

  it('refuses an oversized upload with 413 and the limit', async () => {
    const error = await refused(seeded.token('secretary'), new Uint8Array(MAX_BYTES + 200_000), 413);
    assert.equal(error.reason, 'document_too_large');
    assert.equal(error.params?.maxBytes, MAX_BYTES);
  });

  it('refuses an oversized upload without Content-Length as soon as it passes the limit', async () => {
    const token = seeded.token('secretary');
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${t.server.url}/api/documents?agendaItemId=khai-mac&fileName=x.pdf`,
        { method: 'POST', headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x25);
      let sent = 0;
      const pump = () => {
        while (sent < 3 * MAX_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });

  it('accepts a PDF with JavaScript, flagged; hostile fonts; an encrypted PDF that needs a password', async () => {
    const token = seeded.token('chair');
    const js = await uploaded(token, await javascriptPdf());
    assert.ok(js.versions[0]!.flags.includes('javascript'));
    const fonts = await uploaded(token, await maliciousFontPdf());
    assert.equal(fonts.versions[0]!.pageCount, 1);
    const locked = await uploaded(token, await encryptedPdf());
    assert.equal(locked.versions[0]!.passwordRequired, true);
    assert.ok(locked.versions[0]!.flags.includes('encrypted'));
  });

  it('adds a version; identical bytes are stored once', async () => {
    const token = seeded.token('secretary');
    const bytes = await plainPdf(2, 'Du thao');
    const first = await uploaded(token, bytes);
    const second = await uploaded(token, await plainPdf(3, 'Du thao lan 2'), { documentId: first.id });
    assert.deepEqual(
      second.versions.map((v) => [v.version, v.pageCount]),
      [
        [1, 2],
        [2, 3],
      ],
    );
    const again = await uploaded(token, bytes, { documentId: first.id });
    assert.equal(again.versions[2]!.sha256, first.versions[0]!.sha256);
    assert.equal(again.versions[2]!.sha256, createHash('sha256').update(bytes).digest('hex'));
  });

  it('lists the meeting’s documents and the limits for any participant', async () => {
    const response = await fetch(`${t.server.url}/api/documents`, {
      headers: { authorization: `Bearer ${seeded.token('delegate-2')}` },
    });
    const body = (await response.json()) as { documents: DocumentInfo[]; limits: { maxBytes: number } };
    assert.equal(response.status, 200);
    assert.ok(body.documents.length >= 5);
    assert.ok(body.documents.every((d) => d.meetingId === seeded.meeting.id));
    assert.equal(body.limits.maxBytes, MAX_BYTES);
  });
});

describe('downloading agenda documents', () => {
  let document: DocumentInfo;
  let bytes: Uint8Array;
  let path: string;

  before(async () => {
    bytes = await plainPdf(4, 'Tai lieu tai ve');
    document = await uploaded(seeded.token('secretary'), bytes);
    path = `${t.server.url}/api/documents/${document.id}/versions/1/file`;
  });

  it('serves the bytes to a participant with a Bearer token, with safe headers', async () => {
    const response = await fetch(path, { headers: { authorization: `Bearer ${seeded.token('delegate-1')}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-security-policy') ?? '', /^sandbox\b/);
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.equal(response.headers.get('etag'), `"${document.versions[0]!.sha256}"`);
    assert.match(response.headers.get('content-disposition') ?? '', /filename\*=UTF-8''T%C3%A0i/);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), bytes);
  });

  it('answers Range requests (pdf.js loads large files in chunks), 304 and 416', async () => {
    const auth = { authorization: `Bearer ${seeded.token('delegate-1')}` };
    const part = await fetch(path, { headers: { ...auth, range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${bytes.byteLength}`);
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(100, 200));
    const tail = await fetch(path, { headers: { ...auth, range: 'bytes=-10' } });
    assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), bytes.slice(-10));
    const cached = await fetch(path, { headers: { ...auth, 'if-none-match': `"${document.versions[0]!.sha256}"` } });
    assert.equal(cached.status, 304);
    const beyond = await fetch(path, { headers: { ...auth, range: `bytes=${bytes.byteLength}-` } });
    assert.equal(beyond.status, 416);
    await beyond.body?.cancel();
  });

  it('serves a signed URL from documentUrl without a header, and refuses a tampered or foreign one', async () => {
    const delegate = await cast.join(seeded.token('delegate-2'));
    const signed = await delegate.ok('documentUrl', { documentId: document.id });
    assert.equal(signed.version, 1);
    assert.ok(Date.parse(signed.expiresAt) > Date.now());
    const response = await fetch(`${t.server.url}${signed.url}`);
    assert.equal(response.status, 200);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), bytes);
    const tampered = await fetch(`${t.server.url}${signed.url.replace('p=delegate-2', 'p=delegate-1')}`);
    assert.equal(tampered.status, 401);
    await tampered.body?.cancel();
    const otherVersion = await fetch(`${t.server.url}${signed.url.replace('/versions/1/', '/versions/2/')}`);
    assert.equal(otherVersion.status, 401);
    await otherVersion.body?.cancel();
    const unsigned = await fetch(path);
    assert.equal(unsigned.status, 401);
    await unsigned.body?.cancel();
  });

  it("does not serve a document to another meeting's participant, nor admit it exists", async () => {
    const elsewhere = seedMeeting(t.server, 1);
    const response = await fetch(path, { headers: { authorization: `Bearer ${elsewhere.token('chair')}` } });
    assert.equal(response.status, 404);
    await response.body?.cancel();
    const delegate = await cast.join(elsewhere.token('delegate-1'));
    const denied = await delegate.request('documentUrl', { documentId: document.id });
    assert.equal(denied.ok, false);
    if (!denied.ok) assert.equal(denied.error.code, 'not_found');
  });

  it('is still healthy after all of the above', async () => {
    const health = await fetch(`${t.server.url}/healthz`);
    assert.equal(health.status, 200);
    const listed = await (await cast.join(seeded.token('chair'))).ok('listDocuments', {});
    assert.ok(listed.documents.some((d) => d.id === document.id));
  });
});
