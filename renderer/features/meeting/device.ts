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
