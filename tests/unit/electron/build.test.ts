// The shell's build layout (what `npm run build:electron` emits): main as ES modules that load under plain Node
// except for index.js (which needs Electron), preload as one CommonJS file that requires nothing but 'electron',
// because a sandboxed preload can neither be an ES module nor require files of its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = new URL('../../../', import.meta.url);
let out: string;

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'phonghop-electron-build-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'electron/tsconfig.json', '--outDir', out], {
    cwd: root,
  });
});
after(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('electron build', () => {
  it('emits each preload (the bridge, the first-run page) as CommonJS requiring only electron', async () => {
    for (const name of ['index.cjs', 'setup.cjs', 'picker.cjs']) {
      const preload = await readFile(join(out, 'electron/preload', name), 'utf8');
      const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      assert.deepEqual(requires, ['electron'], name);
      assert.doesNotMatch(preload, /^\s*(import|export)\s/m, name);
    }
  });

  it('packages the first-run page where main looks for it', async () => {
    const main = await readFile(join(out, 'electron/main/index.js'), 'utf8');
    const page = /here\('(\.\.\/\.\.\/\.\.\/electron\/setup\/setup\.html)'\)/.exec(main)?.[1];
    assert.ok(page, 'index.js names the setup page relative to itself');
    // From dist/electron/main/ in the repository (unpackaged) and in app.asar (packaged) alike.
    await readFile(new URL(page, new URL('dist/electron/main/', root)));
    const builder = await readFile(new URL('build/electron-builder.yml', root), 'utf8');
    const files = /^files:\n((?:\s+- .+\n)+)/m.exec(builder)?.[1] ?? '';
    assert.match(files, /^\s+- electron\/setup\/\*\*$/m, 'electron-builder copies electron/setup/');
    assert.match(files, /^\s+- electron\/picker\/\*\*$/m, 'electron-builder copies the screen-sharing picker');
  });

  it('emits main as ES modules with runnable relative imports', async () => {
    const main = await readFile(join(out, 'electron/main/index.js'), 'utf8');
    assert.match(main, /^import \{[^}]+\} from 'electron';$/m);
    assert.doesNotMatch(main, /from ["']\.[^"']*\.ts["']/, 'relative .ts imports are rewritten to .js');
    // In the app the root package.json ("type": "module") makes dist/ ESM; the temporary folder needs its own.
    await writeFile(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
    const ipc = (await import(pathToFileURL(join(out, 'electron/main/ipc.js')).href)) as {
      IPC_CHANNELS: Record<string, string>;
    };
    assert.equal(ipc.IPC_CHANNELS.secretGet, 'phonghop:secret:get');
  });

  it('puts main where package.json points', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { main: string };
    assert.equal(pkg.main, 'dist/electron/main/index.js');
    await readFile(join(out, pkg.main.replace(/^dist\//, '')));
  });

  it('bundles the signature check into one module that runs with no node_modules (offline verification)', async () => {
    const { buildVerifier } = (await import(new URL('scripts/build-verifier.mjs', root).href)) as {
      buildVerifier: (outfile: string) => Promise<string>;
    };
    await writeFile(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
    // Outside the repository: no node_modules above it to fall back on.
    const file = await buildVerifier(join(out, 'verifier', 'verifier.mjs'));
    const code = await readFile(file, 'utf8');
    const specifiers = [...code.matchAll(/^\s*import\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    assert.ok(specifiers.length > 0);
    assert.deepEqual(
      specifiers.filter((s) => !s.startsWith('node:')),
      [],
      'only Node built-ins are imported',
    );
    const { createOfflineVerifier } = (await import(
      pathToFileURL(join(out, 'electron/main/offlineVerifier.js')).href
    )) as typeof import('../../../electron/main/offlineVerifier.ts');
    const verifier = createOfflineVerifier({ modulePath: file, trustDirs: () => [join(out, 'no-trust-here')] });
    const report = await verifier.verify(new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n'));
    assert.deepEqual(report, {
      level: null,
      modifiedAfterLastSignature: false,
      signatures: [],
      trustFiles: 0,
      trustUpdatedAt: null,
    });
    const missing = createOfflineVerifier({ modulePath: join(out, 'absent.mjs'), trustDirs: () => [] });
    await assert.rejects(missing.verify(new Uint8Array(4)), { code: 'verify_unavailable' });
  });

  it('imports no npm package in main: the packaged app has no node_modules (pkcs11js is loaded on use)', async () => {
    const files = (await readdir(join(out, 'electron/main'), { recursive: true })).filter((f) => f.endsWith('.js'));
    assert.ok(files.length > 10);
    for (const file of files) {
      const code = await readFile(join(out, 'electron/main', file), 'utf8');
      const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
        (m) => m[1]!,
      );
      const packages = specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && s !== 'electron');
      assert.deepEqual(packages, [], file);
    }
  });
});
