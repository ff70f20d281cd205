// The packaged shell's copy of pkcs11js: exactly the files electron-builder.yml's extraResources copies, placed where
// electron/main/signing/pkcs11Module.ts looks (resources/native/pkcs11js), load in a fresh process and drive a real
// PKCS#11 module (SoftHSM2) — so the packaged app, which has no node_modules, can sign with a USB token. Electron
// itself cannot run here; the addon is N-API, whose binary interface Electron shares with Node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGED_ADDON_DIR, pkcs11Location } from '../../../electron/main/signing/pkcs11Module.ts';
import { SOFTHSM_MODULE, SoftHsm } from '../../helpers/softhsm.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let resources: string;
let hsm: SoftHsm;

/** The extraResources entry for pkcs11js, read from the packaging configuration itself. */
function extraResource(): { from: string; to: string; filter: string[] } {
  const yml = readFileSync(join(root, 'build/electron-builder.yml'), 'utf8');
  const entry = /^extraResources:\n\s+- from: (\S+)\n\s+to: (\S+)\n\s+filter:\n((?:\s+- \S+\n)+)/m.exec(yml);
  assert.ok(entry, 'electron-builder.yml copies pkcs11js as an extra resource');
  return {
    from: entry[1]!,
    to: entry[2]!,
    filter: [...entry[3]!.matchAll(/- (\S+)/g)].map((m) => m[1]!),
  };
}

before(() => {
  resources = mkdtempSync(join(tmpdir(), 'phonghop-resources-'));
  const { from, to, filter } = extraResource();
  for (const file of filter) {
    const target = join(resources, to, file);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(root, from, file), target);
  }
  hsm = new SoftHsm();
  hsm.initToken('Phong hop', '123456');
});
after(() => {
  rmSync(resources, { recursive: true, force: true });
  hsm.remove();
});

describe('pkcs11js in the packaged shell', () => {
  it('is copied to where the shell looks for it', () => {
    assert.equal(extraResource().to, PACKAGED_ADDON_DIR);
    assert.equal(pkcs11Location(resources), join(resources, PACKAGED_ADDON_DIR));
    assert.equal(pkcs11Location(join(resources, 'elsewhere')), 'pkcs11js', 'in the repository: the dependency');
  });

  it('loads from those files alone and lists the token', () => {
    const moduleUrl = new URL('../../../electron/main/signing/pkcs11Module.ts', import.meta.url).href;
    const script = `
      import { createRequire } from 'node:module';
      import { loadPkcs11 } from ${JSON.stringify(moduleUrl)};
      const api = loadPkcs11(${JSON.stringify(resources)});
      const p11 = new api.PKCS11();
      p11.load(${JSON.stringify(SOFTHSM_MODULE)});
      p11.C_Initialize();
      const labels = p11.C_GetSlotList(true).map((slot) => p11.C_GetTokenInfo(slot).label.trim());
      p11.C_Finalize();
      const loadedFrom = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('pkcs11js'));
      console.log(JSON.stringify({ labels, loadedFrom }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env },
      encoding: 'utf8',
    });
    const { labels, loadedFrom } = JSON.parse(out.trim().split('\n').pop()!) as {
      labels: string[];
      loadedFrom: string[];
    };
    assert.ok(labels.includes('Phong hop'), `the token is listed: ${labels.join(', ')}`);
    assert.ok(loadedFrom.length > 0 && loadedFrom.every((f) => f.startsWith(resources)), loadedFrom.join(', '));
    assert.ok(existsSync(join(resources, PACKAGED_ADDON_DIR, 'build/Release/pkcs11.node')));
  });
});
