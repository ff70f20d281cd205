// The first-run page's preload (electron/setup/setup.html): the page runs no script, so this file wires its form —
// read the two fields, send them over the one setup channel, show the answer's message. It exposes nothing to the
// page. Sandboxed, hence CommonJS requiring only 'electron'; the channel name is tied to main's by its type.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file under verbatimModuleSyntax
import electron = require('electron');
import type { SetupChannel, SetupSubmission, SetupVerifyChannel } from '../main/setup.ts';

const SETUP_CHANNEL: SetupChannel = 'phonghop:setup:save';
const SETUP_VERIFY_CHANNEL: SetupVerifyChannel = 'phonghop:setup:verify-offline';

/** The page's "check a signature on this computer" button opens the shell's offline check (no server needed). */
function wireVerifyButton(doc: Document, open: () => Promise<unknown>): boolean {
  const button = doc.getElementById('verify-offline');
  if (!(button instanceof HTMLButtonElement)) return false;
  button.addEventListener('click', () => {
    open().catch(() => {});
  });
  return true;
}

/**
 * Wires the form of `doc`; returns false when the page lacks it. `save` is the IPC call. Messages are elements of the
 * page marked `data-message="<code>"`: the text stays in the HTML, in Vietnamese, and an unknown code shows the
 * generic failure.
 */
function wireSetupForm(doc: Document, save: (submission: SetupSubmission) => Promise<unknown>): boolean {
  const form = doc.getElementById('setup');
  const serverUrl = doc.getElementById('serverUrl');
  const fingerprint = doc.getElementById('serverCaSha256');
  const submit = doc.getElementById('submit');
  if (
    !(form instanceof HTMLFormElement) ||
    !(serverUrl instanceof HTMLInputElement) ||
    !(fingerprint instanceof HTMLInputElement) ||
    !(submit instanceof HTMLButtonElement)
  ) {
    return false;
  }
  const show = (code: string): void => {
    const messages = Array.from(doc.querySelectorAll<HTMLElement>('[data-message]'));
    const known = messages.some((message) => message.dataset.message === code);
    for (const message of messages) message.hidden = message.dataset.message !== (known ? code : 'save_failed');
  };
  let busy = false;
  const settle = (): void => {
    busy = false;
    submit.disabled = false;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.disabled = true;
    show('saving');
    save({ serverUrl: serverUrl.value, serverCaSha256: fingerprint.value }).then(
      (value) => {
        const answer: { ok?: unknown; error?: unknown } = typeof value === 'object' && value !== null ? value : {};
        if (answer.ok === true) {
          show('saved'); // the main process replaces this window with the server's sign-in page
          return;
        }
        const error = typeof answer.error === 'string' ? answer.error : '';
        show(error);
        (error.startsWith('fingerprint') ? fingerprint : serverUrl).focus();
        settle();
      },
      () => {
        show('save_failed');
        settle();
      },
    );
  });
  return true;
}

// Under Node (tests) there is no document: only the export below matters there.
if (typeof document !== 'undefined') {
  const wire = (): void => {
    wireSetupForm(document, (submission) => electron.ipcRenderer.invoke(SETUP_CHANNEL, submission));
    wireVerifyButton(document, () => electron.ipcRenderer.invoke(SETUP_VERIFY_CHANNEL));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire, { once: true });
  else wire();
}

export = { wireSetupForm, wireVerifyButton };
