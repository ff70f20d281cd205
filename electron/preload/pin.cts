// The PIN window's preload (electron/signing/pin.html): the page runs no script, so this file fills in who signs
// what, and sends the PIN typed — or a cancel — over the window's own channel. It exposes nothing to the page.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file under verbatimModuleSyntax
import electron = require('electron');
import type { PinAnswerChannel, PinQuestionChannel } from '../main/signing/pinWindow.ts';

const QUESTION: PinQuestionChannel = 'phonghop:pin:question';
const ANSWER: PinAnswerChannel = 'phonghop:pin:answer';

function wire(doc: Document): void {
  const form = doc.getElementById('pin-form');
  const pin = doc.getElementById('pin');
  const cancel = doc.getElementById('cancel');
  if (
    !(form instanceof HTMLFormElement) ||
    !(pin instanceof HTMLInputElement) ||
    !(cancel instanceof HTMLButtonElement)
  ) {
    return;
  }
  void electron.ipcRenderer.invoke(QUESTION).then((question: unknown) => {
    const q = (question ?? {}) as Record<string, unknown>;
    for (const key of ['signerName', 'issuer', 'tokenLabel', 'documentTitle']) {
      const slot = doc.getElementById(key);
      if (slot) slot.textContent = typeof q[key] === 'string' ? q[key] : '';
    }
    pin.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void electron.ipcRenderer.invoke(ANSWER, { pin: pin.value });
    pin.value = '';
  });
  cancel.addEventListener('click', () => void electron.ipcRenderer.invoke(ANSWER, null));
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', () => wire(document), { once: true });
  else wire(document);
}
