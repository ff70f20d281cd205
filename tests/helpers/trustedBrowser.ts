// A Chromium that trusts the server's own generated CA the way a managed desktop would: the CA is added to the NSS
// database of the browser's HOME, and no certificate error is ignored anywhere.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts';

export interface TrustedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchTrustingBrowser(caFile: string, executablePath = CHROMIUM): Promise<TrustedBrowser> {
  const home = mkdtempSync(join(tmpdir(), 'phonghop-home-'));
  const nss = join(home, '.pki', 'nssdb');
  mkdirSync(nss, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'phonghop-local-ca', '-t', 'C,,', '-i', caFile]);
  const browser = await chromium.launch({
    executablePath,
    env: { ...process.env, HOME: home },
    args: [...CHROMIUM_ARGS],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
