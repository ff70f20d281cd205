// The renderer's one fetch helper for the office API, against a real HTTP server on loopback: the CSRF header on
// every state change, JSON in and out, the server's error values turned into ApiError (lockout wait included), and
// a 401 reported as the end of the session unless the caller expects one.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ApiError, createApi } from '../../../renderer/features/office/api.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let base = '';
const seen: Seen[] = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      switch (new URL(req.url ?? '/', 'http://local').pathname) {
        case '/api/home':
          return json(200, { upcoming: [], past: [] });
        case '/api/echo':
          return json(200, { ok: true });
        case '/api/logout':
          res.writeHead(204);
          return res.end();
        case '/api/login':
          return json(
            429,
            {
              error: {
                code: 'rate_limited',
                detail: 'locked',
                reason: 'locked_out',
                params: { retryAfterSeconds: 299.2 },
              },
            },
            { 'retry-after': '300' },
          );
        case '/api/session':
          return json(401, { error: { code: 'unauthorized', detail: 'sign in first' } });
        case '/api/proxy':
          res.writeHead(502, { 'content-type': 'text/html' });
          return res.end('<html>Bad gateway</html>');
        default:
          return json(404, { error: { code: 'not_found', detail: `no API at ${req.url}` } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const last = () => seen[seen.length - 1]!;

test('a GET carries no CSRF header; every state change carries it with a JSON body', async () => {
  const api = createApi({ base });
  assert.deepEqual(await api.get('/api/home'), { upcoming: [], past: [] });
  assert.equal(last().method, 'GET');
  assert.equal(last().headers['x-phonghop-csrf'], undefined);

  assert.deepEqual(await api.post('/api/echo', { title: 'Giao ban' }), { ok: true });
  assert.equal(last().headers['x-phonghop-csrf'], '1');
  assert.equal(last().headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(last().body.toString('utf8')), { title: 'Giao ban' });

  await api.put('/api/echo', { a: 1 });
  assert.equal(last().method, 'PUT');
  assert.equal(last().headers['x-phonghop-csrf'], '1');
  assert.equal(await api.post('/api/logout'), undefined, '204 has no body');
  assert.equal(last().body.toString('utf8'), '{}');
});

test('an upload sends the file as the raw body with its type and the CSRF header', async () => {
  const api = createApi({ base });
  const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);
  await api.upload('/api/echo?fileName=a.pdf', new Blob([bytes]), 'application/pdf');
  assert.equal(last().headers['content-type'], 'application/pdf');
  assert.equal(last().headers['x-phonghop-csrf'], '1');
  assert.deepEqual(new Uint8Array(last().body), bytes);
});

test("the server's error value becomes an ApiError with its code, reason and the lockout's wait", async () => {
  const api = createApi({ base });
  const error = await api.post('/api/login', { username: 'a', password: 'b' }).catch((e: unknown) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.status, 429);
  assert.equal(error.message, 'locked');
  assert.equal(error.retryAfter, 300);
  const missing = await api.get('/api/nothing').catch((e: unknown) => e);
  assert.ok(missing instanceof ApiError && missing.code === 'not_found');
  const proxy = await api.get('/api/proxy').catch((e: unknown) => e);
  assert.ok(proxy instanceof ApiError && proxy.code === 'internal' && proxy.status === 502);
});

test('a 401 means signed out, unless the caller expects it as an answer', async () => {
  const api = createApi({ base });
  let signedOut = 0;
  const stop = api.onSignedOut(() => signedOut++);
  await api.get('/api/session', { expectUnauthorized: true }).catch(() => undefined);
  assert.equal(signedOut, 0);
  const error = await api.get('/api/session').catch((e: unknown) => e);
  assert.ok(error instanceof ApiError && error.code === 'unauthorized');
  assert.equal(signedOut, 1);
  stop();
  await api.get('/api/session').catch(() => undefined);
  assert.equal(signedOut, 1);
});

test('a server that cannot be reached is a network error', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const error = await createApi({ base: `http://127.0.0.1:${port}` })
    .get('/api/home')
    .catch((e: unknown) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.code, 'network');
});
