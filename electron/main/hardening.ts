// Applies the security rules of security.ts to Electron's session and web contents: CSP on app responses,
// permissions, screen capture through the shell's own picker window, and no navigation or new window off the app
// origin.
import { shell, type Session, type WebContents } from 'electron';
import type { ScreenSharePicker } from './screenSources.ts';
import {
  isAllowedNavigation,
  isAllowedPermission,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
  withContentSecurityPolicy,
} from './security.ts';

export interface HardeningOptions {
  /** Read at each decision: the first-run page sets it after start-up. */
  appOrigin: () => string;
  log: (message: string) => void;
}

export function hardenSession(session: Session, options: HardeningOptions & { picker: ScreenSharePicker }): void {
  const { appOrigin, picker, log } = options;

  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders, appOrigin()) });
  });

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = details.isMainFrame && isAllowedPermission(permission, details.requestingUrl, appOrigin());
    if (!allowed) log(`permission ${permission} denied to ${originOf(details.requestingUrl) ?? 'an opaque origin'}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin, appOrigin()),
  );

  // getDisplayMedia in the page lands here: the person picks a screen or window in the shell's picker window, and
  // that is what is captured (with the system's sound where Electron offers it: Windows); else nothing.
  session.setDisplayMediaRequestHandler((request, callback) => {
    const frame = request.frame;
    const sender = frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null };
    if (!isTrustedSender(sender, appOrigin())) {
      log('display capture denied: untrusted frame');
      callback({});
      return;
    }
    picker.pick().then(
      (selected) => {
        if (selected === null) log('display capture: nothing chosen in the picker');
        callback(
          selected === null ? {} : { video: selected, ...(process.platform === 'win32' ? { audio: 'loopback' } : {}) },
        );
      },
      (error: unknown) => {
        log(`display capture failed: ${String(error)}`);
        callback({});
      },
    );
  });
}

export function hardenWebContents(contents: WebContents, options: HardeningOptions): void {
  const { appOrigin, log } = options;

  const leaveToBrowser = (url: string): void => {
    if (!isSafeExternalUrl(url)) {
      log(`blocked link to ${originOf(url) ?? 'a non-web URL'}`);
      return;
    }
    shell.openExternal(url).catch((error: unknown) => log(`could not open the browser: ${String(error)}`));
  };

  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appOrigin())) return;
    event.preventDefault();
    if (event.isMainFrame) leaveToBrowser(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, appOrigin())) return;
    event.preventDefault();
    log(`blocked redirect to ${originOf(event.url) ?? 'a non-web URL'}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    leaveToBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
