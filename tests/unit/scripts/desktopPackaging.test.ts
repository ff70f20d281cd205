// `npm run dist` without the Electron zips it needs: build/electron-builder.yml is checked by electron-builder's own
// validator (its JSON schema, as `electron-builder` itself runs it before building), the targets `npm run dist`
// derives from it are the deb, AppImage and NSIS packages, and with no zip to be had it builds nothing and names each
// missing file (exit 4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagingTargets, readBuilderConfig } from '../../../scripts/dist.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG = 'build/electron-builder.yml';

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: { isEnabled: boolean; add(): void }): Promise<void>;
}
const builder = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const quietLogger = { isEnabled: false, add() {} };

describe('the desktop packages', () => {
  it("the configuration passes electron-builder's own schema, which refuses an unknown option", async () => {
    const config = await builder.getConfig(root, join(root, CONFIG), null);
    await builder.validateConfiguration(config, quietLogger);
    const linux = config.linux as Record<string, unknown>;
    await assert.rejects(
      builder.validateConfiguration({ ...config, linux: { ...linux, notAnOption: true } }, quietLogger),
      /does not match the API schema/,
    );
  });

  it('npm run dist builds deb and AppImage for Linux x64 and NSIS for Windows x64 (macOS only on a Mac)', () => {
    const config = readBuilderConfig(join(root, CONFIG));
    assert.deepEqual(packagingTargets(config, 'linux'), [
      { platform: 'linux', flag: '--linux', targets: ['deb', 'AppImage'], arches: ['x64'] },
      { platform: 'win32', flag: '--win', targets: ['nsis'], arches: ['x64'] },
    ]);
    assert.deepEqual(
      packagingTargets(config, 'darwin').map((t) => t.platform),
      ['linux', 'win32', 'darwin'],
    );
  });

  it('without the Electron zips builds nothing and names each file to place', () => {
    const cache = mkdtempSync(join(tmpdir(), 'phonghop-dist-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/dist.mjs'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_CACHE: cache },
      });
      assert.equal(run.status, 4, run.stderr);
      assert.match(run.stderr, /nothing built: Electron's zip is missing for 2 platform\(s\)/);
      assert.match(run.stderr, /place the file electron-v[\d.]+-linux-x64\.zip \(SHA-256 [0-9a-f]{64}\) at/);
      assert.match(run.stderr, /place the file electron-v[\d.]+-win32-x64\.zip \(SHA-256 [0-9a-f]{64}\) at/);
      assert.equal(existsSync(join(root, 'release')), false, 'electron-builder did not run');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
