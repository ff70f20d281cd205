// Real Chromium (Debian's) with a fake camera and microphone, driven by playwright-core.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fake camera and microphone granted without a prompt, autoplay, and nothing that reaches out to the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

export function launchBrowser(extraArgs: string[] = [], executablePath = CHROMIUM): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface Participant {
  name: string;
  context: BrowserContext;
  page: Page;
}

/**
 * Opens an invitation link in a fresh context (its own cookies, storage and devices) and joins from the lobby;
 * `camera: false` / `microphone: false` turn them off in the lobby first (many clients on one machine: nothing to
 * encode or decode).
 */
export async function joinMeeting(
  browser: Browser,
  url: string,
  name: string,
  options: { camera?: boolean; microphone?: boolean } = {},
): Promise<Participant> {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  await page.goto(url);
  if (options.camera === false) await page.getByTestId('lobby-cam-toggle').click();
  if (options.microphone === false) await page.getByTestId('lobby-mic-toggle').click();
  await page.getByTestId('join').click();
  return { name, context, page };
}

/** Frames rendered by the remote <video> elements of a page, per element (self view excluded). */
export function remoteVideoFrames(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLVideoElement>('[data-testid="tile"] video:not([data-self="true"])')]
      .filter((v) => v.srcObject instanceof MediaStream && v.videoWidth > 0)
      .map((v) => v.getVideoPlaybackQuality().totalVideoFrames),
  );
}

/** Whether at least `videos` remote <video> elements of the page render new frames over `windowMs`. */
export async function remoteVideosPlaying(page: Page, videos = 1, windowMs = 500): Promise<boolean> {
  const first = await remoteVideoFrames(page);
  if (first.length < videos) return false;
  await new Promise((r) => setTimeout(r, windowMs));
  const second = await remoteVideoFrames(page);
  return second.filter((n, i) => n > (first[i] ?? Infinity)).length >= videos;
}

export async function recvStats(page: Page): Promise<{ audioPacketsReceived: number; videoFramesDecoded: number }> {
  return page.evaluate(async () => {
    const debug = (
      window as unknown as {
        __phonghopDebug?: { recvStats(): Promise<{ audioPacketsReceived: number; videoFramesDecoded: number }> };
      }
    ).__phonghopDebug;
    if (!debug) throw new Error('window.__phonghopDebug is missing');
    return debug.recvStats();
  });
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
