#!/usr/bin/env node
// Makes an offline checkout runnable after `npm install` (install scripts are disabled in .npmrc because electron
// and mediasoup download binaries in theirs): builds native Node modules from source when their binding is missing,
// and fetches or builds the mediasoup worker (cached per version outside the clone). Fast when all is in place.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureWorker } from './sfu-worker.mjs';

const quiet = process.argv.includes('--quiet');
const require = createRequire(import.meta.url);
const log = (message) => {
  if (!quiet) console.error(`[setup] ${message}`);
};

// Native modules that ship sources and build with node-gyp against the local Node headers.
const NATIVE = [{ name: 'better-sqlite3', binding: 'build/Release/better_sqlite3.node' }];
for (const { name, binding } of NATIVE) {
  let root;
  try {
    root = dirname(require.resolve(`${name}/package.json`));
  } catch {
    continue;
  }
  if (existsSync(join(root, binding))) {
    log(`${name}: native binding present`);
    continue;
  }
  console.error(`[setup] building ${name} from source (node-gyp)…`);
  const result = spawnSync('npm', ['rebuild', name, '--ignore-scripts=false', '--foreground-scripts'], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    console.error(`[setup] ${name} failed to build; it needs: apt-get install -y python3 make g++`);
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
