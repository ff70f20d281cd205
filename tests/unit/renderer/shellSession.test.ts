// The desktop shell's kept session: sign-in stores the token through the secure-storage bridge, a new start turns it
// back into the cookie, a refused token is forgotten and a network failure keeps it; in a browser nothing is kept.
// The bridge is a keychain in memory (the real one is Electron's safeStorage); the server is a real HTTP listener.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SESSION_SECRET_KEY,
  forgetSession,
  rememberSession,
  resumeSession,
  type Keychain,
} from '../../../renderer/features/office/shellSession.ts';

function keychain(platform: 'electron' | 'web'): Keychain & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return {
    store,
    platform,
    secretGet: async (key: string) => store.get(key) ?? null,
    secretSet: async (key: string, value: string) => void store.set(key, value),
    secretDelete: async (key: string) => void store.delete(key),
  };
}

describe('the desktop shell keeps its session in the keychain', () => {
  let server: Server;
  let base = '';
  const seen: (string | undefined)[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      const ok = req.url === '/api/session/resume' && req.headers.authorization === 'Bearer good-token';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const fetcher = ((input: string, init?: RequestInit) => fetch(`${base}${input}`, init)) as typeof fetch;

  it('keeps, resumes and forgets the token in the shell', async () => {
    const shell = keychain('electron');
    await rememberSession('good-token', shell);
    assert.equal(shell.store.get(SESSION_SECRET_KEY), 'good-token');
    assert.equal(await resumeSession(shell, fetcher), true);
    assert.equal(seen.at(-1), 'Bearer good-token');
    await forgetSession(shell);
    assert.equal(shell.store.size, 0);
    assert.equal(await resumeSession(shell, fetcher), false, 'nothing kept, nothing sent');
  });

  it('forgets a token the server refuses, keeps one when the server cannot be reached', async () => {
    const shell = keychain('electron');
    await rememberSession('dead-token', shell);
    assert.equal(await resumeSession(shell, fetcher), false);
    assert.equal(shell.store.size, 0);
    await rememberSession('good-token', shell);
    const offline = (() => Promise.reject(new TypeError('network'))) as typeof fetch;
    assert.equal(await resumeSession(shell, offline), false);
    assert.equal(shell.store.get(SESSION_SECRET_KEY), 'good-token');
  });

  it('keeps nothing in a browser', async () => {
    const web = keychain('web');
    await rememberSession('good-token', web);
    assert.equal(web.store.size, 0);
    assert.equal(await resumeSession(web, fetcher), false);
  });
});
