// Which server the shell uses: environment, then the saved choice, then the local default; all validated alike.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_SERVER_URL,
  loadSettings,
  resolveServerOrigin,
  saveSettings,
} from '../../../electron/main/settings.ts';

describe('server resolution', () => {
  it('prefers the environment, then the saved setting, then the default', () => {
    const saved = { serverUrl: 'https://saved.example' };
    assert.equal(resolveServerOrigin('https://env.example/', saved).origin, 'https://env.example');
    assert.equal(resolveServerOrigin(undefined, saved).source, 'saved');
    assert.equal(resolveServerOrigin('', {}).origin, DEFAULT_SERVER_URL);
    assert.equal(resolveServerOrigin(undefined, {}).source, 'default');
  });

  it('ignores an unsafe value with a warning instead of using it', () => {
    const resolved = resolveServerOrigin('http://10.0.0.5:8080', { serverUrl: 'javascript:alert(1)' });
    assert.equal(resolved.origin, DEFAULT_SERVER_URL);
    assert.equal(resolved.warnings.length, 2);
  });

  it('saves and loads the setting, and treats a broken file as no setting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phonghop-settings-'));
    try {
      const file = join(dir, 'settings.json');
      assert.deepEqual(await loadSettings(file), {});
      await saveSettings(file, { serverUrl: 'https://hop.example' });
      assert.deepEqual(await loadSettings(file), { serverUrl: 'https://hop.example' });
      await writeFile(file, '[1, 2');
      assert.deepEqual(await loadSettings(file), {});
      await writeFile(file, JSON.stringify({ serverUrl: 42 }));
      assert.deepEqual(await loadSettings(file), {});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
