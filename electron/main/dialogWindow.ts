// The shell's own small dialog windows (screen picker, token PIN): modal over the window that asked, fixed size,
// a bundled page with its own preload, and the same locked-down web preferences as every window of the shell.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export function dialogWindowOptions(dialog: {
  title: string;
  width: number;
  height: number;
  parent: BrowserWindow | null;
  preloadPath: string;
}): BrowserWindowConstructorOptions {
  return {
    title: dialog.title,
    width: dialog.width,
    height: dialog.height,
    resizable: false,
    minimizable: false,
    maximizable: false,
    modal: dialog.parent !== null,
    ...(dialog.parent ? { parent: dialog.parent } : {}),
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      spellcheck: false,
      preload: dialog.preloadPath,
    },
  };
}
