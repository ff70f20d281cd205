// Creating the mediasoup-client Device. mediasoup-client detects the browser from the user agent, and it does not
// recognise headless Chromium ("HeadlessChrome/…"), nor some embedded Chromium builds: for those we pick the
// modern Chromium handler ourselves.
import { Device, detectDevice } from 'mediasoup-client';
import type { RtpCapabilities } from 'mediasoup-client/types';
import { ClientError } from '../../app/clientErrors.ts';

type HandlerName = NonNullable<ReturnType<typeof detectDevice>>;

export function chooseHandlerName(userAgent: string, detected: HandlerName | undefined): HandlerName | undefined {
  if (detected) return detected;
  if (/\b(?:HeadlessChrome|Chrome|Chromium|Electron)\/\d+/i.test(userAgent)) return 'Chrome111';
  return undefined;
}

export async function createLoadedDevice(routerRtpCapabilities: unknown): Promise<Device> {
  const userAgent = typeof navigator === 'object' ? navigator.userAgent : '';
  const handlerName = chooseHandlerName(userAgent, detectDevice());
  if (!handlerName) throw new ClientError('unsupported', `no mediasoup handler for "${userAgent}"`);
  const device = new Device({ handlerName });
  try {
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as RtpCapabilities });
  } catch (error) {
    throw ClientError.from(error, 'media_error');
  }
  return device;
}

let loaded: { key: string; device: Promise<Device> } | null = null;

/**
 * The loaded Device for these router capabilities: loading probes the browser's codecs with throwaway peer
 * connections (hundreds of milliseconds), so it is done once, ideally in the lobby before the join click, and
 * reused by the join and every rejoin while the router offers the same capabilities.
 */
export function loadDevice(routerRtpCapabilities: unknown): Promise<Device> {
  const key = JSON.stringify(routerRtpCapabilities);
  if (loaded?.key !== key) {
    const device = createLoadedDevice(routerRtpCapabilities);
    const entry = { key, device };
    loaded = entry;
    device.catch(() => {
      if (loaded === entry) loaded = null;
    });
  }
  return loaded.device;
}
