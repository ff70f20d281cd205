// The first-run page's IPC: only the bundled page's main frame is answered, the submission's shape is checked before
// anything else, what the person typed is validated (https, or http on this machine; a fingerprint of 64 hex digits,
// only with https), and a valid answer is saved to a real settings file that then resolves as the user's server.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InvokeEventLike, IpcMainLike } from '../../../electron/main/ipc.ts';
import { readConfigFile, resolveServerOrigin, saveUserSettings } from '../../../electron/main/settings.ts';
import {
  isSetupPage,
  readSubmission,
  registerSetupHandler,
  SETUP_CHANNEL,
  validateSubmission,
  type SetupAnswer,
} from '../../../electron/main/setup.ts';

const SHA = '7F:A5:7C:42:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:01:02:03:04:05:06:07:08:09:48:0A:3F';
const PAGE = pathToFileURL('/opt/Phòng họp số/resources/app.asar/electron/setup/setup.html').href;

class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }
  async invoke(frame: InvokeEventLike['senderFrame'], ...args: unknown[]): Promise<unknown> {
    const listener = this.listeners.get(SETUP_CHANNEL);
    assert.ok(listener, 'the setup channel is registered');
    return listener({ senderFrame: frame }, ...args);
  }
}

const mainFrame = (url: string) => ({ url, parent: null });
const submit = (serverUrl: string, serverCaSha256 = '') => ({ serverUrl, serverCaSha256 });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return 'not refused';
}

describe('first-run submission', () => {
  it('reads exactly one object with exactly the two string fields, of bounded length', () => {
    assert.deepEqual(readSubmission([submit('https://a.example')]), submit('https://a.example'));
    const bad: unknown[][] = [
      [],
      [submit('https://a.example'), 'extra'],
      ['https://a.example'],
      [null],
      [[submit('https://a.example')]],
      [{ serverUrl: 'https://a.example' }],
      [{ ...submit('https://a.example'), save: true }],
      [{ serverUrl: 42, serverCaSha256: '' }],
      [submit(`https://a.example/${'a'.repeat(2048)}`)],
      [submit('https://a.example', 'a'.repeat(201))],
    ];
    for (const args of bad) assert.equal(readSubmission(args), null, JSON.stringify(args).slice(0, 80));
  });

  it('accepts what people type: a bare host means https, spaces and a trailing slash are dropped', () => {
    const ok = (serverUrl: string, fingerprint = '') => validateSubmission(submit(serverUrl, fingerprint));
    assert.deepEqual(ok('  hop.bo.gov.vn:8443 '), {
      ok: true,
      config: { origin: 'https://hop.bo.gov.vn:8443', caSha256: null },
    });
    assert.deepEqual(ok('https://hop.bo.gov.vn/', ` ${SHA.replace(/:/g, '').toLowerCase()} `), {
      ok: true,
      config: { origin: 'https://hop.bo.gov.vn', caSha256: SHA },
    });
    assert.deepEqual(ok('http://localhost:8080'), {
      ok: true,
      config: { origin: 'http://localhost:8080', caSha256: null },
    });
  });

  it('names what is wrong, for the page to show', () => {
    const error = (serverUrl: string, fingerprint = '') => {
      const result = validateSubmission(submit(serverUrl, fingerprint));
      return result.ok ? 'accepted' : result.error;
    };
    assert.equal(error('http://hop.bo.gov.vn'), 'server_url_insecure');
    assert.equal(error('http://10.0.0.5:8080'), 'server_url_insecure');
    assert.equal(error(''), 'server_url_invalid');
    assert.equal(error('https://hop.bo.gov.vn/join?token=abc'), 'server_url_invalid');
    assert.equal(error('javascript:alert(1)'), 'server_url_invalid');
    assert.equal(error('file:///etc/passwd'), 'server_url_invalid');
    assert.equal(error('https://u:p@hop.bo.gov.vn'), 'server_url_invalid');
    assert.equal(error('https://hop.bo.gov.vn', SHA.slice(3)), 'fingerprint_invalid');
    assert.equal(error('https://hop.bo.gov.vn', 'g'.repeat(64)), 'fingerprint_invalid');
    assert.equal(error('http://localhost:8080', SHA), 'fingerprint_needs_https');
  });

  it('recognises the bundled page only, however Windows spells its file URL', () => {
    assert.equal(isSetupPage(mainFrame(PAGE), PAGE), true);
    const windows =
      'file:///C:/Program%20Files/Ph%C3%B2ng%20h%E1%BB%8Dp%20s%E1%BB%91/resources/app.asar/electron/setup/setup.html';
    assert.equal(isSetupPage(mainFrame(windows.replace('C:', 'c:')), windows), true);
    assert.equal(isSetupPage(mainFrame(PAGE.replace('setup.html', 'other.html')), PAGE), false);
    assert.equal(isSetupPage(mainFrame('https://hop.bo.gov.vn/setup.html'), PAGE), false);
    assert.equal(isSetupPage({ url: PAGE, parent: mainFrame(PAGE) }, PAGE), false, 'a subframe');
    assert.equal(isSetupPage(null, PAGE), false);
    assert.equal(isSetupPage(mainFrame('file://evil-host/opt/x/setup.html'), 'file:///opt/x/setup.html'), false);
  });
});

describe('first-run IPC handler', () => {
  let dir: string;
  let file: string;
  let ipc: FakeIpcMain;
  let logs: string[];
  let saves: number;
  let failSave: boolean;
  let unregister: () => void;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phonghop-setup-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    file = join(dir, `settings-${Math.random().toString(36).slice(2)}.json`);
    ipc = new FakeIpcMain();
    logs = [];
    saves = 0;
    failSave = false;
    unregister = registerSetupHandler(ipc, {
      pageUrl: PAGE,
      log: (line) => logs.push(line),
      save: async (config) => {
        saves++;
        if (failSave) throw new Error('disk full');
        await saveUserSettings(file, config);
      },
    });
  });

  it("saves a valid answer; the saved file then resolves as the user's server", async () => {
    const answer = (await ipc.invoke(mainFrame(PAGE), submit('hop.bo.gov.vn:8443', SHA))) as SetupAnswer;
    assert.deepEqual(answer, { ok: true });
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), {
      serverUrl: 'https://hop.bo.gov.vn:8443',
      serverCaSha256: SHA,
    });
    const resolved = resolveServerOrigin({
      env: {},
      installation: { state: 'absent' },
      user: await readConfigFile(file),
    });
    assert.deepEqual(resolved, {
      kind: 'configured',
      source: 'user',
      origin: 'https://hop.bo.gov.vn:8443',
      caSha256: SHA,
      warnings: [],
    });
  });

  it('answers an invalid value with its code and saves nothing', async () => {
    assert.deepEqual(await ipc.invoke(mainFrame(PAGE), submit('http://hop.bo.gov.vn')), {
      ok: false,
      error: 'server_url_insecure',
    });
    assert.equal(saves, 0);
    assert.deepEqual(await readConfigFile(file), { state: 'absent' });
  });

  it('refuses other senders and malformed calls before validating or saving', async () => {
    for (const frame of [mainFrame('https://hop.bo.gov.vn/'), { url: PAGE, parent: mainFrame(PAGE) }, null]) {
      assert.equal(await refusal(ipc.invoke(frame, submit('https://a.example'))), 'untrusted_sender');
    }
    assert.equal(await refusal(ipc.invoke(mainFrame(PAGE), 'https://a.example')), 'invalid_arguments');
    assert.equal(saves, 0);
    assert.ok(logs.some((line) => line.includes('untrusted sender')));
  });

  it('reports a failed save, lets the person retry, and accepts nothing after a success', async () => {
    failSave = true;
    assert.deepEqual(await ipc.invoke(mainFrame(PAGE), submit('https://a.example')), {
      ok: false,
      error: 'save_failed',
    });
    failSave = false;
    assert.deepEqual(await ipc.invoke(mainFrame(PAGE), submit('https://a.example')), { ok: true });
    assert.equal(await refusal(ipc.invoke(mainFrame(PAGE), submit('https://b.example'))), 'already_saved');
    assert.equal(saves, 2);
  });

  it('saves once when the form is sent twice at the same time', async () => {
    const [first, second] = await Promise.allSettled([
      ipc.invoke(mainFrame(PAGE), submit('https://a.example')),
      ipc.invoke(mainFrame(PAGE), submit('https://b.example')),
    ]);
    assert.deepEqual(first, { status: 'fulfilled', value: { ok: true } });
    assert.equal(second.status === 'rejected' && (second.reason as Error).message, 'busy');
    assert.equal(saves, 1);
  });

  it('removes its channel', () => {
    unregister();
    assert.equal(ipc.listeners.size, 0);
  });
});
