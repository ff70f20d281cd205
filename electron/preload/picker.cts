// The screen-sharing picker's preload (electron/picker/picker.html): the page runs no script, so this file lists the
// screens and windows the main process sends — a button each, with its thumbnail and name — and sends the one the
// person clicks, or a cancel, over the window's own channel. It exposes nothing to the page.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file under verbatimModuleSyntax
import electron = require('electron');
import type { PickerChooseChannel, PickerSourcesChannel } from '../main/pickerChannels.ts';
import type { ScreenSource } from '../main/screenSources.ts';

const SOURCES: PickerSourcesChannel = 'phonghop:picker:sources';
const CHOOSE: PickerChooseChannel = 'phonghop:picker:choose';

/** Fills the page's two lists (`#screens`, `#windows`) with one button per source; returns false without them. */
function renderSources(doc: Document, sources: readonly ScreenSource[], choose: (id: string | null) => void): boolean {
  const screens = doc.getElementById('screens');
  const windows = doc.getElementById('windows');
  const cancel = doc.getElementById('cancel');
  if (!screens || !windows || !(cancel instanceof HTMLButtonElement)) return false;
  const lists = { screen: screens, window: windows };
  for (const source of sources) {
    const item = doc.createElement('li');
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'source';
    button.dataset.sourceId = source.id;
    if (source.thumbnail.startsWith('data:image/')) {
      const image = doc.createElement('img');
      image.src = source.thumbnail;
      image.alt = '';
      button.append(image);
    }
    const name = doc.createElement('span');
    name.textContent = source.name;
    button.append(name);
    button.addEventListener('click', () => choose(source.id));
    item.append(button);
    lists[source.kind].append(item);
  }
  for (const list of Object.values(lists)) list.closest('section')?.toggleAttribute('hidden', !list.hasChildNodes());
  cancel.addEventListener('click', () => choose(null));
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') choose(null);
  });
  doc.querySelector<HTMLButtonElement>('button.source')?.focus();
  return true;
}

if (typeof document !== 'undefined') {
  const wire = (): void => {
    const choose = (id: string | null) => void electron.ipcRenderer.invoke(CHOOSE, id === null ? null : { id });
    void electron.ipcRenderer
      .invoke(SOURCES)
      .then((sources: unknown) =>
        renderSources(document, Array.isArray(sources) ? (sources as ScreenSource[]) : [], choose),
      );
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire, { once: true });
  else wire();
}

export = { renderSources };
