#!/usr/bin/env node
// `npm run desktop`: the desktop shell against the configured server (PHONGHOP_SERVER_URL or the shell's
// settings.json, docs/electron.md). Obtains the Electron binary first when it is missing (scripts/desktop/
// electronBinary.mjs: Electron's own downloader, ELECTRON_MIRROR and ELECTRON_CACHE honoured) — or says exactly
// which file to place where and exits 4 — then compiles the shell (tsc -p electron/tsconfig.json) and starts it.
//   node scripts/desktop.mjs [--fetch-only] [shell arguments…]
// --fetch-only: only the binary (then `npx electron .` works too); its path on stdout.
import { buildVerifier } from './build-verifier.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ElectronUnavailableError, ensureElectron } from './desktop/electronBinary.mjs';

/** Exit status when the Electron zip can be neither found nor downloaded (docs/install.md). */
export const EXIT_NO_ELECTRON = 4;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`[desktop] ${line}\n`);
const args = process.argv.slice(2);

let binary;
try {
  binary = await ensureElectron({ log: say });
} catch (error) {
  if (!(error instanceof ElectronUnavailableError)) throw error;
  say(error.message);
  process.exit(EXIT_NO_ELECTRON);
}
if (args.includes('--fetch-only')) {
  process.stdout.write(`${binary}\n`);
  process.exit(0);
}

say('compiling the shell (tsc -p electron/tsconfig.json)');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-p', 'electron/tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
say('bundling the signature check (scripts/build-verifier.mjs)');
await buildVerifier();

if (process.getuid?.() === 0)
  say('note: Electron does not start as root without --no-sandbox; run it as your own user');
const shell = spawn(binary, ['.', ...args], { cwd: ROOT, stdio: 'inherit' });
shell.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
