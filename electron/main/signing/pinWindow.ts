// The token PIN, asked in a window of the shell's own (electron/signing/pin.html, a bundled page that runs no script)
// over the page that asked to sign: the page never sees the PIN, and the window says who signs what before the PIN is
// typed. Its preload (preload/pin.cts) fetches the question and sends the answer over two channels answered for that
// window only.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { dialogWindowOptions } from '../dialogWindow.ts';
import type { AskPin, PinQuestion } from './tokenService.ts';

export const PIN_QUESTION_CHANNEL = 'phonghop:pin:question';
export const PIN_ANSWER_CHANNEL = 'phonghop:pin:answer';
export type PinQuestionChannel = typeof PIN_QUESTION_CHANNEL;
export type PinAnswerChannel = typeof PIN_ANSWER_CHANNEL;

export interface PinWindowOptions {
  pageUrl: string;
  preloadPath: string;
  /** The window the question belongs to (the PIN window is modal over it). */
  parent: () => BrowserWindow | null;
}

/** An AskPin that opens the PIN window; one question at a time. */
export function pinWindowPrompt(options: PinWindowOptions): AskPin {
  return (question: PinQuestion) =>
    new Promise<string | null>((resolve) => {
      const parent = options.parent();
      const window = new BrowserWindow(
        dialogWindowOptions({
          title: 'Nhập mã PIN',
          width: 460,
          height: 360,
          parent,
          preloadPath: options.preloadPath,
        }),
      );
      let answered = false;
      const mine = (event: IpcMainInvokeEvent) => event.sender === window.webContents;
      const finish = (pin: string | null) => {
        if (answered) return;
        answered = true;
        ipcMain.removeHandler(PIN_QUESTION_CHANNEL);
        ipcMain.removeHandler(PIN_ANSWER_CHANNEL);
        if (!window.isDestroyed()) window.close();
        resolve(pin);
      };
      ipcMain.handle(PIN_QUESTION_CHANNEL, (event) => (mine(event) ? question : null));
      ipcMain.handle(PIN_ANSWER_CHANNEL, (event, answer: unknown) => {
        if (!mine(event)) return;
        const pin = (answer as { pin?: unknown } | null)?.pin;
        finish(typeof pin === 'string' && pin.length >= 4 && pin.length <= 64 ? pin : null);
      });
      window.webContents.on('will-navigate', (event) => event.preventDefault());
      window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      window.once('closed', () => finish(null));
      window.once('ready-to-show', () => window.show());
      void window.loadURL(options.pageUrl);
    });
}
