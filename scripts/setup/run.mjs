// The setup proper (scripts/setup.mjs checks the Node version first): the Debian packages still needed (only that
// step with --system-packages), then native Node modules built from source when their binding is missing, then the
// mediasoup worker (prebuilt or built from source, cached). Fast when all is in place.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cacheRoot, ensureWorker, resolveWorkerBin } from '../sfu-worker.mjs';
import { ensureSystemPackages, missingSystemPackages } from './systemPackages.mjs';

const quiet = process.argv.includes('--quiet');
const require = createRequire(import.meta.url);
const log = (message) => {
  if (!quiet) console.error(`[setup] ${message}`);
};

// Native modules that ship sources and build with node-gyp against the local Node headers.
const NATIVE = [
  { name: 'better-sqlite3', binding: 'build/Release/better_sqlite3.node' },
  // PKCS#11 (USB signing tokens) for the desktop shell's signer, and the tests that drive SoftHSM2 through it.
  { name: 'pkcs11js', binding: 'build/Release/pkcs11.node' },
];

function moduleRoot(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

const unbuilt = NATIVE.filter(({ name, binding }) => {
  const root = moduleRoot(name);
  return root !== null && !existsSync(join(root, binding));
});

const plan = () =>
  missingSystemPackages({
    needNativeBuild: unbuilt.length > 0,
    needWorkerBuild: resolveWorkerBin() === null,
    cacheRoot: cacheRoot(),
  });
ensureSystemPackages(plan(), { recheck: plan });
// `--system-packages`: only the step above (an administrator preparing a machine, the tests of that step).
if (process.argv.includes('--system-packages')) process.exit(0);

for (const { name } of NATIVE) {
  if (!unbuilt.some((u) => u.name === name)) {
    log(`${name}: native binding present`);
    continue;
  }
  console.error(`[setup] building ${name} from source (node-gyp)…`);
  const result = spawnSync('npm', ['rebuild', name, '--ignore-scripts=false', '--foreground-scripts'], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    console.error(`[setup] ${name} failed to build (its output is above)`);
    process.exit(1);
  }
}

try {
  const bin = await ensureWorker({ quiet });
  log(`mediasoup worker: ${bin}`);
} catch (error) {
  console.error(`[setup] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
