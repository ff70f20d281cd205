// Which server the shell uses: environment, then the installation's config.json, then the user's first-run settings,
// else the first-run page; every file is real, written to a temporary folder, and every source validated alike.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  installationConfigPath,
  parseServerConfig,
  readConfigFile,
  resolveServerOrigin,
  saveUserSettings,
  type ServerSources,
} from '../../../electron/main/settings.ts';

const SHA = '7F:A5:7C:42:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:01:02:03:04:05:06:07:08:09:48:0A:3F';
const SHA_BARE = SHA.replace(/:/g, '').toLowerCase();

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phonghop-settings-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real file with `content` (an object is written as JSON); returns its path. */
async function file(content: unknown): Promise<string> {
  const path = join(dir, `config-${++n}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const missing = (): string => join(dir, `missing-${++n}.json`);

async function resolveFiles(installation: string, user: string, env: ServerSources['env'] = {}) {
  return resolveServerOrigin({
    env,
    installation: await readConfigFile(installation),
    user: await readConfigFile(user),
  });
}

describe('configuration precedence', () => {
  it('uses the installation file over the user settings, and says the user settings were ignored', async () => {
    const installation = await file({ serverUrl: 'https://hop.bo.gov.vn:8443', serverCaSha256: SHA });
    const user = await file({ serverUrl: 'https://user.example' });
    const resolved = await resolveFiles(installation, user);
    assert.deepEqual(resolved, {
      kind: 'configured',
      source: 'installation',
      origin: 'https://hop.bo.gov.vn:8443',
      caSha256: SHA,
      warnings: ['user settings ignored: the installation configuration applies'],
    });
  });

  it('uses the user settings when no installation file exists', async () => {
    const user = await file({ serverUrl: 'https://user.example/', serverCaSha256: SHA_BARE });
    const resolved = await resolveFiles(missing(), user);
    assert.equal(resolved.kind, 'configured');
    assert.deepEqual(resolved.kind === 'configured' && [resolved.source, resolved.origin, resolved.caSha256], [
      'user',
      'https://user.example',
      SHA,
    ]);
  });

  it('asks on the first-run page when neither exists', async () => {
    assert.deepEqual(await resolveFiles(missing(), missing()), { kind: 'setup', warnings: [] });
  });

  it('lets the environment (development, tests) win over both files, with its own fingerprint only', async () => {
    const installation = await file({ serverUrl: 'https://hop.bo.gov.vn', serverCaSha256: SHA });
    const resolved = await resolveFiles(installation, missing(), { serverUrl: 'http://localhost:8443' });
    assert.deepEqual(resolved, {
      kind: 'configured',
      source: 'env',
      origin: 'http://localhost:8443',
      caSha256: null,
      warnings: [],
    });
    const pinned = await resolveFiles(installation, missing(), {
      serverUrl: 'https://dev.example',
      serverCaSha256: SHA,
    });
    assert.equal(pinned.kind === 'configured' && pinned.caSha256, SHA);
  });

  it("does not pin a file's server with a fingerprint from the environment alone", async () => {
    const installation = await file({ serverUrl: 'https://hop.bo.gov.vn' });
    const resolved = await resolveFiles(installation, missing(), { serverCaSha256: SHA });
    assert.equal(resolved.kind === 'configured' && resolved.caSha256, null);
    assert.match(resolved.warnings[0]!, /applies only with PHONGHOP_SERVER_URL/);
  });

  it('stops at a broken installation file instead of falling back to the user settings', async () => {
    const user = await file({ serverUrl: 'https://user.example' });
    for (const content of [
      '{ "serverUrl": ',
      { serverUrl: 'http://10.0.0.5:8080' },
      { serverURL: 'https://a.example' },
    ]) {
      const installation = await file(content);
      const resolved = await resolveFiles(installation, user);
      assert.equal(resolved.kind, 'invalid', JSON.stringify(content));
      assert.equal(resolved.kind === 'invalid' && resolved.source, 'installation');
      assert.ok(resolved.kind === 'invalid' && resolved.reason.startsWith(installation), 'the reason names the file');
    }
  });

  it('stops at an unusable environment value', async () => {
    const resolved = await resolveFiles(missing(), missing(), { serverUrl: 'javascript:alert(1)' });
    assert.equal(resolved.kind, 'invalid');
    assert.equal(resolved.kind === 'invalid' && resolved.source, 'env');
  });

  it('treats broken user settings as none (the first-run page writes them again), with a warning', async () => {
    const resolved = await resolveFiles(missing(), await file('[1, 2'));
    assert.equal(resolved.kind, 'setup');
    assert.match(resolved.warnings[0]!, /user settings ignored: .* is not valid JSON/);
  });
});

describe('configuration files', () => {
  it('reads a file saved by Windows Notepad (UTF-8 with a byte-order mark)', async () => {
    const path = await file(`\uFEFF${JSON.stringify({ serverUrl: 'https://hop.bo.gov.vn' })}`);
    assert.deepEqual(await readConfigFile(path), {
      state: 'ok',
      config: { origin: 'https://hop.bo.gov.vn', caSha256: null },
    });
  });

  it('reports an unreadable file, an oversized one and a folder in its place', async () => {
    assert.deepEqual(await readConfigFile(missing()), { state: 'absent' });
    const big = await file(' '.repeat(65 * 1024));
    assert.deepEqual(await readConfigFile(big), { state: 'invalid', reason: `${big} is larger than 64 KiB` });
    const folder = join(dir, 'a-folder.json');
    await mkdir(folder);
    assert.equal((await readConfigFile(folder)).state, 'invalid');
    if (process.getuid?.() !== 0) {
      const locked = await file({ serverUrl: 'https://hop.bo.gov.vn' });
      await chmod(locked, 0o000);
      const read = await readConfigFile(locked);
      assert.deepEqual(read, { state: 'invalid', reason: `${locked} cannot be read (EACCES)` });
    }
  });

  it('saves the user settings readable by the user only, and reads them back', async () => {
    const path = join(dir, 'profile', 'nested', 'settings.json');
    await saveUserSettings(path, { origin: 'https://hop.bo.gov.vn', caSha256: SHA });
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), {
      serverUrl: 'https://hop.bo.gov.vn',
      serverCaSha256: SHA,
    });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readConfigFile(path), {
      state: 'ok',
      config: { origin: 'https://hop.bo.gov.vn', caSha256: SHA },
    });
    await saveUserSettings(path, { origin: 'http://localhost:8443', caSha256: null });
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { serverUrl: 'http://localhost:8443' });
  });

  it('finds the installation file per platform, or where PHONGHOP_CONFIG says', () => {
    assert.equal(installationConfigPath('linux', {}), '/etc/phonghop/config.json');
    assert.equal(
      installationConfigPath('win32', { ProgramData: 'D:\\ProgramData' }),
      'D:\\ProgramData\\PhongHop\\config.json',
    );
    assert.equal(installationConfigPath('win32', {}), 'C:\\ProgramData\\PhongHop\\config.json');
    assert.equal(installationConfigPath('darwin', {}), '/Library/Application Support/PhongHop/config.json');
    assert.equal(installationConfigPath('linux', { PHONGHOP_CONFIG: '/srv/x.json' }), '/srv/x.json');
  });
});

describe('server configuration validation', () => {
  const reason = (value: unknown): string => {
    const parsed = parseServerConfig(value);
    assert.equal(parsed.ok, false, JSON.stringify(value));
    return parsed.ok ? '' : parsed.reason;
  };

  it('accepts https anywhere and http on this machine only', () => {
    assert.deepEqual(parseServerConfig({ serverUrl: 'https://Hop.Bo.gov.vn:443/' }), {
      ok: true,
      value: { origin: 'https://hop.bo.gov.vn', caSha256: null },
    });
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080']) {
      assert.equal(parseServerConfig({ serverUrl: local }).ok, true, local);
    }
    assert.match(reason({ serverUrl: 'http://hop.bo.gov.vn' }), /plain http/);
    assert.match(reason({ serverUrl: 'ftp://hop.bo.gov.vn' }), /scheme/);
    assert.match(reason({ serverUrl: 'https://hop.bo.gov.vn/join?token=x' }), /origin/);
    assert.match(reason({ serverUrl: 'https://u:p@hop.bo.gov.vn' }), /credentials/);
    assert.match(reason({ serverUrl: 42 }), /serverUrl/);
    assert.match(reason({}), /serverUrl is missing/);
  });

  it('accepts a fingerprint of 64 hex digits with or without colons, in any case', () => {
    for (const fingerprint of [SHA, SHA_BARE, SHA.toLowerCase()]) {
      const parsed = parseServerConfig({ serverUrl: 'https://a.example', serverCaSha256: fingerprint });
      assert.deepEqual(parsed, { ok: true, value: { origin: 'https://a.example', caSha256: SHA } });
    }
    assert.match(reason({ serverUrl: 'https://a.example', serverCaSha256: SHA.slice(3) }), /64 hexadecimal/);
    assert.match(reason({ serverUrl: 'https://a.example', serverCaSha256: 'zz'.repeat(32) }), /64 hexadecimal/);
    assert.match(reason({ serverUrl: 'https://a.example', serverCaSha256: 7 }), /not a string/);
    assert.match(reason({ serverUrl: 'http://localhost:8080', serverCaSha256: SHA }), /needs an https server/);
  });

  it('refuses unknown keys (a misspelt fingerprint must not leave the server unpinned) and non-objects', () => {
    assert.match(reason({ serverUrl: 'https://a.example', serverCaSha265: SHA }), /unknown setting "serverCaSha265"/);
    assert.match(reason([{ serverUrl: 'https://a.example' }]), /not a JSON object/);
    assert.match(reason(null), /not a JSON object/);
    assert.match(reason('https://a.example'), /not a JSON object/);
  });
});
