// What the signing e2e files share: the test CA and a server trusting it (integration/signing/signingCast.ts) and a
// Chromium, for the whole file — started before its first test, closed after its last. Read `w` and `browser`
// inside tests (they are set by then).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { signingWorld, type SigningWorld } from '../integration/signing/signingCast.ts';

/** `env`: the server's environment besides, made just before it starts (a service it names started first). */
export function signingWorldAndBrowser(env: () => Promise<Record<string, string>> = async () => ({})): {
  readonly w: SigningWorld;
  readonly browser: Browser;
} {
  let w: SigningWorld | undefined;
  let browser: Browser | undefined;
  before(async () => {
    w = await signingWorld(await env());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await w?.stop();
  });
  return {
    get w() {
      assert.ok(w, 'the signing world has not started');
      return w;
    },
    get browser() {
      assert.ok(browser, 'the browser has not started');
      return browser;
    },
  };
}
