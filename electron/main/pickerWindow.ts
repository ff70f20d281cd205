// The screen-sharing picker, in a window of the shell's own (electron/picker/picker.html, a bundled page that runs
// no script) over the meeting window: screens and windows with their thumbnails; the person clicks one, or closes
// the window. Its preload (preload/picker.cts) fetches the sources and sends the choice over two channels answered
// for that window only, so the meeting page can neither see the list nor make the choice.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { dialogWindowOptions } from './dialogWindow.ts';
import { PICKER_CHOOSE_CHANNEL, PICKER_SOURCES_CHANNEL, readChoice } from './pickerChannels.ts';
import type { ChooseSource, ScreenSource } from './screenSources.ts';

export interface PickerWindowOptions {
  pageUrl: string;
  preloadPath: string;
  /** The window that asked to share (the picker is modal over it). */
  parent: () => BrowserWindow | null;
}

/** A ChooseSource that opens the picker window (one at a time: ScreenSharePicker sees to that). */
export function pickerWindowChooser(options: PickerWindowOptions): ChooseSource {
  return (sources: ScreenSource[]) =>
    new Promise<string | null>((resolve) => {
      const parent = options.parent();
      const window = new BrowserWindow(
        dialogWindowOptions({
          title: 'Chia sẻ màn hình',
          width: 760,
          height: 560,
          parent,
          preloadPath: options.preloadPath,
        }),
      );
      let answered = false;
      const mine = (event: IpcMainInvokeEvent) => event.sender === window.webContents;
      const finish = (id: string | null) => {
        if (answered) return;
        answered = true;
        ipcMain.removeHandler(PICKER_SOURCES_CHANNEL);
        ipcMain.removeHandler(PICKER_CHOOSE_CHANNEL);
        if (!window.isDestroyed()) window.close();
        resolve(id);
      };
      ipcMain.handle(PICKER_SOURCES_CHANNEL, (event) => (mine(event) ? sources : []));
      ipcMain.handle(PICKER_CHOOSE_CHANNEL, (event, answer: unknown) => {
        if (mine(event)) finish(readChoice(answer));
      });
      window.webContents.on('will-navigate', (event) => event.preventDefault());
      window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      window.once('closed', () => finish(null));
      window.once('ready-to-show', () => window.show());
      void window.loadURL(options.pageUrl);
    });
}
