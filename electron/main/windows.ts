// The shell's three kinds of window, all with the same locked-down web preferences:
// - the main window, on the configured server: opens its sign-in / home page and takes join links in place;
// - the first-run window, the bundled setup page, shown while no server is configured;
// - a visit window, for a meeting on another server the user agreed to open once: its own in-memory session (nothing
//   of that server is kept after the window closes), no bridge, no pinned CA, and closed to every other origin.
import { randomUUID } from 'node:crypto';
import { BrowserWindow, session as electronSession, type Session, type WebPreferences } from 'electron';
import { JoinLinkHandOver } from './handOver.ts';
import { JOIN_LINK_CHANNEL } from './ipc.ts';
import { originOf } from './security.ts';

export const WINDOW_TITLE = 'Phòng họp số';

export interface WindowEnvironment {
  /** Icon for unpackaged runs on Linux (packaged apps get theirs from the installer). */
  icon: string | undefined;
  devTools: boolean;
  log: (message: string) => void;
}

function secureWebPreferences(devTools: boolean, extra: WebPreferences): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
    ...extra,
  };
}

function meetingWindow(env: WindowEnvironment, title: string, preferences: WebPreferences): BrowserWindow {
  const window = new BrowserWindow({
    title,
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    icon: env.icon,
    webPreferences: secureWebPreferences(env.devTools, preferences),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.focus();
}

function load(window: BrowserWindow, url: string, log: (message: string) => void): void {
  window.loadURL(url).catch((error: unknown) => log(`could not load ${originOf(url)}: ${String(error)}`));
}

/** The configured server's window. */
export interface MainWindow {
  window: BrowserWindow;
  /** Hands a join URL of the configured server to the page, or loads it when no app page is showing. */
  handOver(joinUrl: string): void;
}

/**
 * Opens `<server>/` (the sign-in page, or the home page when signed in), never an invitation: a link that started
 * the app is handed over once the page has loaded. `onLoadFailed` hears of a main-frame load that failed.
 */
export function openMainWindow(
  env: WindowEnvironment & { preload: string; version: string; onLoadFailed: (description: string) => void },
  origin: () => string,
): MainWindow {
  const window = meetingWindow(env, WINDOW_TITLE, {
    preload: env.preload,
    additionalArguments: [`--phonghop-version=${env.version}`],
  });
  const contents = window.webContents;
  const handOver = new JoinLinkHandOver(origin);
  const apply = (step: ReturnType<JoinLinkHandOver['offer']>): void => {
    if (step.do === 'send') contents.send(JOIN_LINK_CHANNEL, step.joinUrl);
    else if (step.do === 'load') load(window, step.joinUrl, env.log);
  };
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) handOver.navigationStarted();
  });
  contents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    if (!isMainFrame) return;
    handOver.loadFailed(code === -3);
    if (code !== -3) env.onLoadFailed(description);
  });
  contents.on('did-stop-loading', () => apply(handOver.loadStopped(contents.getURL())));
  load(window, `${origin()}/`, env.log);
  return {
    window,
    handOver: (joinUrl) => {
      focusWindow(window);
      apply(handOver.offer(joinUrl));
    },
  };
}

/** The bundled first-run page; its preload wires the form to the setup channel (setup.ts). */
export function openSetupWindow(env: WindowEnvironment & { preload: string; page: string }): BrowserWindow {
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 640,
    height: 680,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6f8',
    icon: env.icon,
    webPreferences: secureWebPreferences(env.devTools, { preload: env.preload }),
  });
  window.once('ready-to-show', () => window.show());
  window.loadFile(env.page).catch((error: unknown) => env.log(`could not load the setup page: ${String(error)}`));
  return window;
}

/**
 * Meetings on other servers, each opened once after the user agreed. One window per server: a second agreed link to
 * the same server loads in its window. The session of a visit lives in memory and dies with its window.
 */
export class VisitWindows {
  private readonly windows = new Map<string, BrowserWindow>();
  private readonly origins = new Map<Session, string>();

  /** `harden` applies the security rules to a visit's session for its origin (window.ts, hardenSession). */
  constructor(
    private readonly env: WindowEnvironment,
    private readonly harden: (session: Session, origin: string) => void,
  ) {}

  /** The origin a visit's web contents may show, or undefined for the main window's session. */
  originOf(session: Session): string | undefined {
    return this.origins.get(session);
  }

  open(origin: string, joinUrl: string): void {
    const existing = this.windows.get(origin);
    if (existing !== undefined) {
      focusWindow(existing);
      load(existing, joinUrl, this.env.log);
      return;
    }
    // No "persist:" prefix: cookies, storage and cache stay in memory. No preload: the page gets the web bridge.
    const visitSession = electronSession.fromPartition(`visit-${randomUUID()}`, { cache: false });
    this.harden(visitSession, origin);
    this.origins.set(visitSession, origin);
    const window = meetingWindow(this.env, `${WINDOW_TITLE} — ${new URL(origin).host}`, { session: visitSession });
    this.windows.set(origin, window);
    window.on('closed', () => {
      this.windows.delete(origin);
      this.origins.delete(visitSession);
      visitSession.clearStorageData().catch(() => {});
    });
    this.env.log(`visit to ${origin} opened for this once (not saved)`);
    load(window, joinUrl, this.env.log);
  }
}
