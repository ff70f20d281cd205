// Uploads against the real server: a body is streamed to a temporary file in DATA_DIR (not held in memory) and that
// file is gone when the upload ends, however it ends; a participant has at most UPLOADS_PER_UPLOADER uploads in
// flight and the server UPLOADS_PER_SERVER, beyond which an upload is refused at once with rate_limited (429) —
// on the invitation route and on the office's route alike. Slow clients are real HTTP requests sent in pieces.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { UPLOADS_PER_SERVER, UPLOADS_PER_UPLOADER } from '../../server/documents/DocumentService.ts';
import { seedMeeting, type SeededMeeting } from '../helpers/meetingCast.ts';
import { officeMeeting } from '../helpers/officeMeeting.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const MAX_BYTES = 256 * 1024;
let t: TestServer;
let seeded: SeededMeeting;
let pdf: Buffer;

before(async () => {
  t = await startTestServer({ delegates: 1, env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) } });
  seeded = seedMeeting(t.server, 1);
  pdf = Buffer.from(await plainPdf(2));
});
after(() => t.stop());

const tmpDir = () => join(t.server.services.config.dataDir, 'blobs', 'tmp');
const inTmp = () => readdirSync(tmpDir()).map((name) => ({ name, size: statSync(join(tmpDir(), name)).size }));

interface Answer {
  status: number;
  body: { error?: { code: string; reason?: string; detail: string } };
}

/** An upload whose body is sent in pieces, when the test says; chunked, so the server cannot know its size. */
function slowUpload(path: string, headers: Record<string, string>) {
  const req = request(`${t.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', 'transfer-encoding': 'chunked', ...headers },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.once('error', (error) => (req.destroyed ? undefined : reject(error)));
  });
  req.flushHeaders();
  return {
    answer,
    send: (bytes: Buffer) => new Promise<void>((resolve) => req.write(bytes, () => resolve())),
    end: () => req.end(),
  };
}

const documentsPath = '/api/documents?agendaItemId=bao-cao&fileName=tai-lieu.pdf';
const bearer = (participantId: string) => ({ authorization: `Bearer ${seeded.token(participantId)}` });
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('an upload in flight', () => {
  it('is streamed to a temporary file in DATA_DIR, and nothing is left once it is stored', async () => {
    const upload = slowUpload(documentsPath, bearer('secretary'));
    await upload.send(pdf.subarray(0, 1000));
    await settle();
    assert.deepEqual(
      inTmp().map((f) => f.size),
      [1000],
      'what arrived so far is on disk',
    );
    await upload.send(pdf.subarray(1000));
    upload.end();
    const answer = await upload.answer;
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.deepEqual(inTmp(), []);
  });

  it('leaves nothing behind when the body passes the size limit or the file is refused', async () => {
    const big = slowUpload(documentsPath, bearer('secretary'));
    await big.send(Buffer.alloc(MAX_BYTES + 1, 0x25));
    big.end();
    const refused = await big.answer;
    assert.equal(refused.status, 413);
    assert.equal(refused.body.error?.reason, 'document_too_large');
    const junk = slowUpload(documentsPath, bearer('secretary'));
    await junk.send(Buffer.from('không phải PDF'));
    junk.end();
    assert.equal((await junk.answer).status, 422);
    await settle();
    assert.deepEqual(inTmp(), []);
  });
});

describe('uploads at once', () => {
  it('refuses a participant beyond their uploads in flight, at once and clearly; then accepts again', async () => {
    const open = [];
    for (let i = 0; i < UPLOADS_PER_UPLOADER; i++) {
      const upload = slowUpload(documentsPath, bearer('secretary'));
      await upload.send(pdf.subarray(0, 100));
      open.push(upload);
    }
    await settle();
    const extra = slowUpload(documentsPath, bearer('secretary'));
    extra.end();
    const refused = await extra.answer;
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.code, 'rate_limited');
    assert.match(refused.body.error!.detail, new RegExp(`${UPLOADS_PER_UPLOADER} uploads of yours are under way`));
    for (const upload of open) {
      await upload.send(pdf.subarray(100));
      upload.end();
      assert.equal((await upload.answer).status, 201);
    }
    const again = slowUpload(documentsPath, bearer('secretary'));
    await again.send(pdf);
    again.end();
    assert.equal((await again.answer).status, 201);
  });

  it("refuses anyone beyond the server's uploads in flight, on the office's route too", async () => {
    const uploaders = ['secretary', 'chair'];
    const open = [];
    for (let i = 0; i < UPLOADS_PER_SERVER; i++) {
      const upload = slowUpload(documentsPath, bearer(uploaders[i % 2]!));
      await upload.send(pdf.subarray(0, 100));
      open.push(upload);
    }
    await settle();
    const { meetingId, secretary } = await officeMeeting(t.server);
    const itemId = (await secretary.call(`/api/meetings/${meetingId}`)).body.agenda[0].id as string;
    const office = slowUpload(`/api/meetings/${meetingId}/agenda/${itemId}/documents?fileName=a.pdf`, {
      cookie: secretary.cookie!,
      origin: t.server.url,
      'x-phonghop-csrf': '1',
    });
    office.end();
    const refused = await office.answer;
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.match(refused.body.error!.detail, /the server is receiving \d+ uploads/);
    for (const upload of open) {
      await upload.send(pdf.subarray(100));
      upload.end();
      assert.equal((await upload.answer).status, 201);
    }
    assert.deepEqual(inTmp(), []);
  });
});
