#!/usr/bin/env node
// The signature check for the desktop shell, as one self-contained ES module: server/minutes/signing/verifyReport.ts
// with everything it imports (pdf-lib, node-forge, the project's CMS/DER/OCSP/CRL readers) bundled by esbuild, since
// the packaged shell carries no node_modules. Written to dist/electron/verifier/verifier.mjs (electron-builder packs
// dist/**); `npm run build:electron` runs this after tsc. Usage: node scripts/build-verifier.mjs [outfile]
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VERIFIER_OUT = path.join(ROOT, 'dist', 'electron', 'verifier', 'verifier.mjs');

export async function buildVerifier(outfile = VERIFIER_OUT) {
  await build({
    entryPoints: [path.join(ROOT, 'server', 'minutes', 'signing', 'verifyReport.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    // Bundled CommonJS (node-forge) requires Node's built-ins; an ES module has no `require` of its own.
    banner: {
      js: "import { createRequire as __phonghopRequire } from 'node:module';\nconst require = __phonghopRequire(import.meta.url);",
    },
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildVerifier(process.argv[2] ? path.resolve(process.argv[2]) : VERIFIER_OUT);
  process.stderr.write(`[verifier] ${path.relative(ROOT, out)}\n`);
}
