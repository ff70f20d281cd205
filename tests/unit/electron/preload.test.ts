// The preload bridge, loaded as the sandbox would load it (CommonJS, `electron` as its only import) with a fake
// `electron` module: it exposes exactly `window.phonghop`, maps each method to its channel, and buffers join links.
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';
import type { PhonghopBridge } from '../../../common/bridge.ts';
import { IPC_CHANNELS, JOIN_LINK_CHANNEL } from '../../../electron/main/ipc.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

const exposed = new Map<string, unknown>();
const invoked: Array<[string, unknown[]]> = [];
const listeners = new Map<string, Listener>();
let invokeResult: () => Promise<unknown> = async () => undefined;

const fakeElectron = {
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args]);
      return invokeResult();
    },
    on: (channel: string, listener: Listener) => listeners.set(channel, listener),
  },
};

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = loader._load;
let preloadModule: { createBridge: unknown; versionFromArgv: (argv: string[]) => string };

before(() => {
  loader._load = function (request, ...rest) {
    if (request === 'electron') return fakeElectron;
    return originalLoad.call(this, request, ...rest);
  };
  process.argv.push('--phonghop-version=1.2.3');
  preloadModule = createRequire(import.meta.url)('../../../electron/preload/index.cts');
});
after(() => {
  loader._load = originalLoad;
  process.argv.pop();
});

const bridge = () => exposed.get('phonghop') as PhonghopBridge;
const sendJoinLink = (url: unknown) => listeners.get(JOIN_LINK_CHANNEL)?.({}, url);

describe('preload bridge', () => {
  it('exposes only window.phonghop, for Electron, with the app version from the command line', () => {
    assert.deepEqual([...exposed.keys()], ['phonghop']);
    assert.equal(bridge().platform, 'electron');
    assert.equal(bridge().version, '1.2.3');
    assert.ok(Object.isFrozen(bridge()));
    assert.equal(preloadModule.versionFromArgv(['electron', '.']), '0.0.0');
  });

  it('maps every method to its channel with its arguments', async () => {
    invoked.length = 0;
    const data = new Uint8Array([1, 2]);
    const b = bridge();
    await b.cacheDocument('f'.repeat(64), 'a.pdf', data);
    await b.readCachedDocument('f'.repeat(64));
    await b.listCachedDocuments();
    await b.secretGet('k');
    await b.secretSet('k', 'v');
    await b.secretDelete('k');
    assert.deepEqual(invoked, [
      [IPC_CHANNELS.cacheDocument, ['f'.repeat(64), 'a.pdf', data]],
      [IPC_CHANNELS.readCachedDocument, ['f'.repeat(64)]],
      [IPC_CHANNELS.listCachedDocuments, []],
      [IPC_CHANNELS.secretGet, ['k']],
      [IPC_CHANNELS.secretSet, ['k', 'v']],
      [IPC_CHANNELS.secretDelete, ['k']],
    ]);
  });

  it('turns a refusal from the main process into its bare code', async () => {
    invokeResult = async () => {
      throw new Error("Error invoking remote method 'phonghop:secret:get': IpcRefusal: untrusted_sender");
    };
    await assert.rejects(bridge().secretGet('k'), { message: 'untrusted_sender' });
    invokeResult = async () => undefined;
  });

  it('delivers join links to subscribers and keeps one that arrives before anyone listens', async () => {
    sendJoinLink('http://localhost:8080/join?token=early-token');
    const received: string[] = [];
    const unsubscribe = bridge().onJoinLink((url) => received.push(url));
    await new Promise((resolve) => setImmediate(resolve));
    sendJoinLink('http://localhost:8080/join?token=second-token');
    sendJoinLink('javascript:alert(1)');
    sendJoinLink({ not: 'a string' });
    assert.deepEqual(received, [
      'http://localhost:8080/join?token=early-token',
      'http://localhost:8080/join?token=second-token',
    ]);
    unsubscribe();
    sendJoinLink('http://localhost:8080/join?token=third-token');
    assert.equal(received.length, 2);
  });
});
