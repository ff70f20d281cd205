// The WebDAV archive sends its credentials to its own server only. A PROPFIND answer naming hrefs on another origin
// (absolute, protocol-relative, or percent-encoded into one) is not followed: the other origin receives nothing — no
// PROPFIND, no GET, no Authorization. Two real HTTP servers on loopback: a hostile DAV server and the one it points at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebDavArchive } from '../../../server/archive/webdav.ts';

const KEY = 'bien-ban-1:v1';
const marker = createHash('sha256').update(KEY).digest('hex').slice(0, 16);

function listen(handler: (req: IncomingMessage, body: string) => { status: number; body?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const answer = handler(req, body);
      res.writeHead(answer.status, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(answer.body ?? '');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe('WebDAV hrefs to other origins', () => {
  let dav: Server;
  let elsewhere: Server;
  const stolen: { method: string; url: string; authorization: string | undefined }[] = [];
  before(async () => {
    elsewhere = await listen((req) => {
      stolen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
      return { status: 207, body: '<multistatus xmlns="DAV:"/>' };
    });
    const other = origin(elsewhere);
    const otherHost = other.replace('http://', '');
    dav = await listen((req) => {
      if (req.method !== 'PROPFIND') return { status: 404 };
      const hrefs = [
        '/dav/',
        `${other}/dav/2026/`,
        `//${otherHost}/dav/2027/`,
        `/${encodeURIComponent(`//${otherHost}`)}/dav/2028/`,
        `${other}/dav/15-bb-vpb_${marker}.pdf`,
      ];
      const responses = hrefs.map((h) => `<D:response><D:href>${h}</D:href></D:response>`).join('');
      return { status: 207, body: `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">${responses}</D:multistatus>` };
    });
  });
  after(() => {
    dav.close();
    elsewhere.close();
  });

  it('follows none of them and sends the credentials nowhere else', async () => {
    const archive = new WebDavArchive({ baseUrl: `${origin(dav)}/dav/`, username: 'luutru', password: 'bi-mat-2026' });
    assert.equal(await archive.status(KEY), null, 'a document on another origin is not ours');
    assert.deepEqual(stolen, [], 'the other origin received no request');
  });
});
