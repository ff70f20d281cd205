// Inside the desktop shell the session survives a restart through the OS keychain (the secure-storage bridge), not
// only through Chromium's cookie jar: sign-in asks for the token, the shell keeps it, and a new start turns it back
// into the page's HttpOnly cookie (POST /api/session/resume). In a browser none of this runs.
import type { PhonghopBridge } from '../../../common/bridge.ts';
import { getBridge } from '../../platform/bridge.ts';

export const SESSION_SECRET_KEY = 'phonghop.session';

/** What of the bridge this needs: the platform and the keychain. */
export type Keychain = Pick<PhonghopBridge, 'platform' | 'secretGet' | 'secretSet' | 'secretDelete'>;

export function inShell(bridge: Pick<PhonghopBridge, 'platform'> = getBridge()): boolean {
  return bridge.platform === 'electron';
}

export async function rememberSession(token: string | undefined, bridge: Keychain = getBridge()): Promise<void> {
  if (inShell(bridge) && token) await bridge.secretSet(SESSION_SECRET_KEY, token);
}

export async function forgetSession(bridge: Keychain = getBridge()): Promise<void> {
  if (inShell(bridge)) await bridge.secretDelete(SESSION_SECRET_KEY).catch(() => undefined);
}

/** True when a kept session was turned back into the cookie; a refused one is forgotten. */
export async function resumeSession(bridge: Keychain = getBridge(), fetcher: typeof fetch = fetch): Promise<boolean> {
  if (!inShell(bridge)) return false;
  const token = await bridge.secretGet(SESSION_SECRET_KEY).catch(() => null);
  if (!token) return false;
  const response = await fetcher('/api/session/resume', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    cache: 'no-store',
  }).catch(() => null);
  if (response?.ok) return true;
  // Expired, signed out everywhere, or disabled: the token is of no more use. A network failure keeps it.
  if (response && response.status < 500) await forgetSession(bridge);
  return false;
}
