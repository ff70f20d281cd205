// The IPC edge: handlers run only for the app's main frame and only with well-formed arguments.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBridgeHandlers } from '../../../electron/main/bridgeHandlers.ts';
import { sha256Hex } from '../../../electron/main/documentCache.ts';
import {
  IPC_CHANNELS,
  registerIpcHandlers,
  validators,
  type InvokeEventLike,
  type IpcHandlers,
  type IpcMainLike,
} from '../../../electron/main/ipc.ts';
import { SecureStore, type Cipher } from '../../../electron/main/secureStore.ts';

const APP = 'http://localhost:8080';
const SHA = 'a'.repeat(64);

class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    assert.ok(!this.listeners.has(channel), `${channel} registered twice`);
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }
  invoke(channel: string, frame: InvokeEventLike['senderFrame'], ...args: unknown[]): Promise<unknown> {
    const listener = this.listeners.get(channel);
    assert.ok(listener, `no handler for ${channel}`);
    return Promise.resolve().then(() => listener({ senderFrame: frame }, ...args));
  }
}

const mainFrame = (url: string) => ({ url, parent: null });
const subFrame = (url: string) => ({ url, parent: mainFrame(APP) });

/** Handlers that record their calls; any call not expected by a test fails it. */
function recordingHandlers(calls: Array<[string, unknown[]]>): IpcHandlers {
  const record =
    (name: string, result: unknown = undefined) =>
    async (...args: unknown[]) => {
      calls.push([name, args]);
      return result as never;
    };
  return {
    cacheDocument: record('cacheDocument'),
    readCachedDocument: record('readCachedDocument', null),
    listCachedDocuments: record('listCachedDocuments', []),
    secretGet: record('secretGet', null),
    secretSet: record('secretSet'),
    secretDelete: record('secretDelete'),
    listTokenCertificates: record('listTokenCertificates', []),
    signWithToken: record('signWithToken', ''),
    verifySignatures: record('verifySignatures', { level: null, modifiedAfterLastSignature: false, signatures: [] }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return 'not refused';
}

describe('IPC registration', () => {
  let ipc: FakeIpcMain;
  let calls: Array<[string, unknown[]]>;
  let logs: string[];
  let origin: string;
  let unregister: () => void;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    calls = [];
    logs = [];
    origin = APP;
    unregister = registerIpcHandlers(
      ipc,
      recordingHandlers(calls),
      () => origin,
      (m) => logs.push(m),
    );
  });

  it('registers one handler per bridge method and removes them all', () => {
    assert.deepEqual([...ipc.listeners.keys()].sort(), Object.values(IPC_CHANNELS).sort());
    unregister();
    assert.equal(ipc.listeners.size, 0);
  });

  it('runs a handler for the main frame of an app page, passing the caller origin', async () => {
    await ipc.invoke(IPC_CHANNELS.secretSet, mainFrame(`${APP}/meeting/1`), 'session', 'tok');
    assert.deepEqual(calls, [['secretSet', [{ origin: APP }, 'session', 'tok']]]);
  });

  it('rejects every channel when called from an untrusted frame, without running the handler', async () => {
    const untrusted = [
      mainFrame('https://evil.example/'),
      mainFrame('file:///tmp/x.html'),
      mainFrame('about:blank'),
      subFrame(`${APP}/embedded`),
      null,
    ];
    for (const frame of untrusted) {
      for (const channel of Object.values(IPC_CHANNELS)) {
        assert.equal(await refusal(ipc.invoke(channel, frame)), 'untrusted_sender', `${channel} ${frame?.url}`);
      }
    }
    assert.deepEqual(calls, []);
    assert.ok(logs.some((line) => line.includes('untrusted sender')));
  });

  it('follows a change of app origin', async () => {
    origin = 'https://hop.example.gov.vn';
    assert.equal(await refusal(ipc.invoke(IPC_CHANNELS.listCachedDocuments, mainFrame(`${APP}/`))), 'untrusted_sender');
    await ipc.invoke(IPC_CHANNELS.listCachedDocuments, mainFrame('https://hop.example.gov.vn/'));
    assert.equal(calls.length, 1);
  });

  it('rejects malformed arguments before the handler runs', async () => {
    const frame = mainFrame(`${APP}/`);
    const bad: Array<[string, unknown[]]> = [
      [IPC_CHANNELS.cacheDocument, [SHA, 'a.pdf', 'not bytes']],
      [IPC_CHANNELS.cacheDocument, ['../etc/passwd', 'a.pdf', new Uint8Array(1)]],
      [IPC_CHANNELS.cacheDocument, [SHA, { toString: () => 'x' }, new Uint8Array(1)]],
      [IPC_CHANNELS.readCachedDocument, [SHA.toUpperCase()]],
      [IPC_CHANNELS.secretGet, ['../../k']],
      [IPC_CHANNELS.secretGet, ['k', 'extra']],
      [IPC_CHANNELS.secretSet, ['k', 'v'.repeat(64 * 1024 + 1)]],
      [IPC_CHANNELS.secretSet, ['k', null]],
      [IPC_CHANNELS.secretDelete, ['']],
    ];
    for (const [channel, args] of bad) {
      assert.equal(await refusal(ipc.invoke(channel, frame, ...args)), 'invalid_arguments', `${channel} ${args}`);
    }
    assert.deepEqual(calls, []);
  });

  it('reports handler failures as a short code, never a message with paths', async () => {
    const failing = new FakeIpcMain();
    const handlers = recordingHandlers([]);
    handlers.secretSet = async () => {
      throw Object.assign(new Error('/home/user/.config/secrets.json: EACCES'), { code: 'EACCES' });
    };
    handlers.cacheDocument = async () => {
      throw Object.assign(new Error('content hashes to x'), { code: 'hash_mismatch' });
    };
    registerIpcHandlers(failing, handlers, () => APP);
    const frame = mainFrame(`${APP}/`);
    assert.equal(await refusal(failing.invoke(IPC_CHANNELS.secretSet, frame, 'k', 'v')), 'internal');
    assert.equal(
      await refusal(failing.invoke(IPC_CHANNELS.cacheDocument, frame, SHA, 'a', new Uint8Array(1))),
      'hash_mismatch',
    );
  });
});

describe('IPC from the offline signature check', () => {
  const BUILTIN = 'https://verify.phonghop.invalid';

  it('answers the signature check, and only it, from the origin named for it', async () => {
    const ipc = new FakeIpcMain();
    const calls: Array<[string, unknown[]]> = [];
    registerIpcHandlers(
      ipc,
      recordingHandlers(calls),
      () => APP,
      () => {},
      { verifySignatures: [BUILTIN] },
    );
    const page = mainFrame(`${BUILTIN}/verify`);
    const pdf = new Uint8Array([37, 80, 68, 70]);
    await ipc.invoke(IPC_CHANNELS.verifySignatures, page, pdf);
    assert.deepEqual(calls, [['verifySignatures', [{ origin: BUILTIN }, pdf]]]);
    for (const channel of Object.values(IPC_CHANNELS).filter((c) => c !== IPC_CHANNELS.verifySignatures)) {
      assert.equal(await refusal(ipc.invoke(channel, page)), 'untrusted_sender', channel);
    }
    // Its subframes are not it; the app's own pages may ask too.
    assert.equal(
      await refusal(ipc.invoke(IPC_CHANNELS.verifySignatures, { url: `${BUILTIN}/x`, parent: page }, pdf)),
      'untrusted_sender',
    );
    await ipc.invoke(IPC_CHANNELS.verifySignatures, mainFrame(`${APP}/verify`), pdf);
    assert.equal(calls.length, 2);
  });

  it('takes one non-empty PDF of at most 30 MB', () => {
    assert.equal(validators.verifySignatures([new Uint8Array(0)]), null);
    assert.equal(validators.verifySignatures(['%PDF']), null);
    assert.equal(validators.verifySignatures([new Uint8Array(1), new Uint8Array(1)]), null);
    assert.equal(validators.verifySignatures([new Uint8Array(30 * 1024 * 1024 + 1)]), null);
    assert.equal(validators.verifySignatures([new Uint8Array(30 * 1024 * 1024)])?.length, 1);
  });
});

describe('IPC argument validators', () => {
  it('accept well-formed calls', () => {
    const data = new Uint8Array([1, 2, 3]);
    assert.deepEqual(validators.cacheDocument([SHA, 'Tờ trình.pdf', data]), [SHA, 'Tờ trình.pdf', data]);
    assert.deepEqual(validators.cacheDocument([SHA, 'a', Buffer.from('x')])?.length, 3);
    assert.deepEqual(validators.secretSet(['session.token', 'v']), ['session.token', 'v']);
    assert.deepEqual(validators.listCachedDocuments([]), []);
  });
});

describe('bridge handlers', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phonghop-bridge-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cipher: Cipher = {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => Buffer.from(plain).reverse(),
    decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString(),
  };

  function setup() {
    const secrets = SecureStore.open(join(dir, 'secrets.json'), cipher);
    return { handlers: createBridgeHandlers({ secrets: () => secrets, cacheRoot: join(dir, 'cache') }) };
  }

  it('keeps secrets apart per server origin', async () => {
    const { handlers } = setup();
    await handlers.secretSet({ origin: APP }, 'session', 'local-token');
    assert.equal(await handlers.secretGet({ origin: APP }, 'session'), 'local-token');
    assert.equal(await handlers.secretGet({ origin: 'https://other.example' }, 'session'), null);
    await handlers.secretDelete({ origin: 'https://other.example' }, 'session');
    assert.equal(await handlers.secretGet({ origin: APP }, 'session'), 'local-token');
  });

  it('keeps cached documents apart per server origin', async () => {
    const { handlers } = setup();
    const data = new TextEncoder().encode('%PDF agenda');
    const sha = sha256Hex(data);
    await handlers.cacheDocument({ origin: APP }, sha, 'Chương trình.pdf', data);
    assert.deepEqual(await handlers.listCachedDocuments({ origin: APP }), [
      { sha256: sha, name: 'Chương trình.pdf', bytes: data.byteLength },
    ]);
    assert.deepEqual(await handlers.listCachedDocuments({ origin: 'https://other.example' }), []);
    assert.equal(await handlers.readCachedDocument({ origin: 'https://other.example' }, sha), null);
    assert.deepEqual(await handlers.readCachedDocument({ origin: APP }, sha), Buffer.from(data));
  });

  it('refuses a signature check when the shell has no verifier', async () => {
    const { handlers } = setup();
    await assert.rejects(handlers.verifySignatures({ origin: APP }, new Uint8Array(4)), { code: 'verify_unavailable' });
  });
});
