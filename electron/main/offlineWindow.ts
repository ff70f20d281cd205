// The window that checks signatures where no meeting server can be reached: the renderer built into the shell,
// served by this window's own in-memory session (builtinRenderer.ts decides what each request gets), showing only
// its /verify screen. The page reaches the main process through the usual preload, whose only call honoured from
// this origin is the signature check (index.ts). Nothing is granted to it: no camera, no screen, no other site.
import { readFile } from 'node:fs/promises';
import { BrowserWindow, session as electronSession, type Session } from 'electron';
import { BUILTIN_VERIFY_URL, resolveBuiltinRequest } from './builtinRenderer.ts';
import { focusWindow, WINDOW_TITLE, type WindowEnvironment } from './windows.ts';

export class OfflineVerifyWindow {
  private window: BrowserWindow | null = null;
  private session: Session | null = null;

  constructor(private readonly env: WindowEnvironment & { preload: string; rendererRoot: string }) {}

  /** Whether web contents belong to this window's session (their origin rules are the built-in origin's). */
  owns(session: Session): boolean {
    return this.session !== null && session === this.session;
  }

  open(): void {
    if (this.window !== null && !this.window.isDestroyed()) {
      focusWindow(this.window);
      return;
    }
    const session = this.prepareSession();
    const window = new BrowserWindow({
      title: `${WINDOW_TITLE} — Kiểm tra chữ ký`,
      width: 960,
      height: 760,
      show: false,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      icon: this.env.icon,
      webPreferences: {
        session,
        preload: this.env.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        devTools: this.env.devTools,
      },
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    this.window = window;
    window
      .loadURL(BUILTIN_VERIFY_URL)
      .catch((error: unknown) => this.env.log(`could not open the offline signature check: ${String(error)}`));
  }

  private prepareSession(): Session {
    if (this.session !== null) return this.session;
    // No "persist:" prefix: nothing of it is written to disk.
    const session = electronSession.fromPartition('phonghop-offline-verify', { cache: false });
    session.protocol.handle('https', async (request) => {
      const answer = resolveBuiltinRequest(this.env.rendererRoot, request.method, request.url);
      const body = answer.file !== null && request.method === 'GET' ? await readFile(answer.file) : null;
      return new Response(body, { status: answer.status, headers: answer.headers });
    });
    session.setPermissionRequestHandler((_contents, permission, callback) => {
      this.env.log(`permission ${permission} denied to the offline signature check`);
      callback(false);
    });
    session.setPermissionCheckHandler(() => false);
    this.session = session;
    return session;
  }
}
