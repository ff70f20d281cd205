// Where the shell finds pkcs11js at run time. The packaged app carries no node_modules (build/skip-node-modules.cjs
// keeps the server's dependencies out of it), so electron-builder copies this one addon into the app's resources
// folder, outside app.asar, as `native/pkcs11js` (build/electron-builder.yml, extraResources). The addon is built
// on N-API, whose binary interface does not change between Node and Electron, so the build made by `npm install`
// loads in Electron's main process unchanged. In the repository (tests, `npm run desktop`) it is the ordinary
// dependency. Loaded on first use: a shell without the addon still starts, and only token signing says why not.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type pkcs11js from 'pkcs11js';

export type Pkcs11Api = typeof pkcs11js;

/** The folder, below the app's resources, that electron-builder copies the addon into. */
export const PACKAGED_ADDON_DIR = join('native', 'pkcs11js');

const requireHere = createRequire(import.meta.url);
let loaded: Pkcs11Api | null = null;

/** The packaged copy when there is one (Electron's `process.resourcesPath`), otherwise the dependency. */
export function pkcs11Location(resourcesPath: string | undefined): string {
  if (resourcesPath) {
    const packaged = join(resourcesPath, PACKAGED_ADDON_DIR);
    if (existsSync(join(packaged, 'package.json'))) return packaged;
  }
  return 'pkcs11js';
}

/** Loads pkcs11js once per process; throws an Error saying where it looked when it cannot. */
export function loadPkcs11(
  resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath,
): Pkcs11Api {
  if (loaded) return loaded;
  const location = pkcs11Location(resourcesPath);
  try {
    loaded = requireHere(location) as Pkcs11Api;
  } catch (error) {
    throw new Error(`the PKCS#11 addon (pkcs11js) cannot be loaded from ${location}: ${String(error)}`);
  }
  return loaded;
}
