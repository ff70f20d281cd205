#!/usr/bin/env node
// Makes a checkout runnable after `npm install` (install scripts are disabled in .npmrc because electron and
// mediasoup download binaries in theirs): installs the Debian packages it still needs (as root; otherwise it prints
// the one line to run, scripts/setup/systemPackages.mjs), builds native Node modules from source when their binding
// is missing, and fetches or builds the mediasoup worker (cached per version outside the clone). Fast when all is in
// place. Run by `npm start`, `npm run demo` and `npm test`. How to install: docs/install.md.
//
// This file is deliberately small and import-free, so that an old Node reaches the version check below instead of
// failing somewhere in the modules it would load.
const REQUIRED_MAJOR = 20;
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= REQUIRED_MAJOR)) {
  console.error(
    `Phòng họp số needs Node.js ${REQUIRED_MAJOR} or newer; this is Node.js ${process.versions.node} ` +
      `(${process.execPath}). Install Node.js ${REQUIRED_MAJOR} (docs/install.md), then run npm install again.`,
  );
  process.exit(1);
}
import('./setup/run.mjs').catch((error) => {
  console.error(`[setup] ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
