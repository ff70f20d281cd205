// The connector's inbox (ARCHIVE_EDXML_INBOX): the agency's axis connector drops there the status messages receiving
// systems send back. Each file is read once: a status message is handed on and the file moves to processed/, anything
// else moves to rejected/ with a note saying why — and the watcher goes on. Changes are noticed through fs.watch and,
// for folders where that says nothing (network shares), by listing the folder every few seconds.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { logger } from '../log.ts';
import { writeFileAtomic } from './embedded.ts';
import { parseEdxmlStatus, type EdxmlStatusMessage } from './edxmlStatus.ts';

const log = logger('edxml');

export interface EdxmlInboxOptions {
  dir: string;
  /** Called for each status message; a throw leaves the file where it is, to be read again. */
  onStatus(message: EdxmlStatusMessage, file: string): void | Promise<void>;
  /** How often the folder is listed besides fs.watch. */
  pollMs?: number;
  /** A file that does not parse yet was perhaps still being written: it waits this long before it is set aside. */
  settleMs?: number;
}

export const PROCESSED_DIR = 'processed';
export const REJECTED_DIR = 'rejected';

/** Files a connector writes before renaming them into place, and our own folders, are not messages. */
const isCandidate = (name: string): boolean => !name.startsWith('.') && !/\.(tmp|part|partial|lock)$/i.test(name);

export class EdxmlInbox {
  readonly dir: string;
  readonly #options: EdxmlInboxOptions;
  #watcher: FSWatcher | null = null;
  #poll: NodeJS.Timeout | null = null;
  #debounce: NodeJS.Timeout | null = null;
  #settle: NodeJS.Timeout | null = null;
  #scanning: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  private constructor(options: EdxmlInboxOptions) {
    this.dir = options.dir;
    this.#options = options;
  }

  /** Creates the folders, reads what is already there, and watches for more. */
  static async start(options: EdxmlInboxOptions): Promise<EdxmlInbox> {
    const inbox = new EdxmlInbox(options);
    await mkdir(join(inbox.dir, PROCESSED_DIR), { recursive: true });
    await mkdir(join(inbox.dir, REJECTED_DIR), { recursive: true });
    try {
      inbox.#watcher = watch(inbox.dir, () => inbox.#soon());
      inbox.#watcher.on('error', (error) => log.warn(`watching ${inbox.dir} failed; listing it instead`, error));
    } catch (error) {
      log.warn(`cannot watch ${inbox.dir}; listing it every ${options.pollMs ?? 2_000} ms`, error);
    }
    inbox.#poll = setInterval(() => inbox.#soon(), options.pollMs ?? 2_000);
    inbox.#poll.unref();
    await inbox.scan();
    return inbox;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#watcher?.close();
    if (this.#poll) clearInterval(this.#poll);
    if (this.#debounce) clearTimeout(this.#debounce);
    if (this.#settle) clearTimeout(this.#settle);
    await this.#scanning;
  }

  /** Reads every message waiting now; resolves when they are handled. One scan at a time. */
  scan(): Promise<void> {
    if (this.#scanning) {
      this.#again = true;
      return this.#scanning;
    }
    this.#scanning = this.#scanAll().finally(() => {
      this.#scanning = null;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        void this.scan();
      }
    });
    return this.#scanning;
  }

  #soon(): void {
    if (this.#stopped || this.#debounce) return;
    // A connector writing a file raises several events: read once they have passed.
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      void this.scan();
    }, 30);
  }

  async #scanAll(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter(isCandidate).sort();
    } catch (error) {
      log.error(`cannot list the edXML inbox ${this.dir}`, error);
      return;
    }
    for (const name of names) {
      if (this.#stopped) return;
      try {
        await this.#handle(join(this.dir, name));
      } catch (error) {
        log.error(`edXML inbox: ${name} stays for the next try`, error);
      }
    }
  }

  async #handle(path: string): Promise<void> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return;
    const text = await readFile(path, 'utf8');
    let message: EdxmlStatusMessage;
    try {
      message = parseEdxmlStatus(text);
    } catch (error) {
      const settleMs = this.#options.settleMs ?? 2_000;
      if (Date.now() - info.mtimeMs < settleMs) {
        // Look again once it has had time to be complete, whatever the watcher says meanwhile.
        this.#settle ??= setTimeout(() => {
          this.#settle = null;
          void this.scan();
        }, settleMs);
        this.#settle.unref();
        return;
      }
      const reason = (error as Error).message;
      log.warn(`edXML inbox: ${basename(path)} set aside: ${reason}`);
      await this.#moveTo(REJECTED_DIR, path);
      // Whole or not at all: whoever reads the reason (an operator, a script) never finds it half-written.
      await writeFileAtomic(join(this.dir, REJECTED_DIR, `${basename(path)}.reason.txt`), `${reason}\n`);
      return;
    }
    await this.#options.onStatus(message, path);
    await this.#moveTo(PROCESSED_DIR, path);
  }

  async #moveTo(folder: string, path: string): Promise<void> {
    let target = join(this.dir, folder, basename(path));
    // The same name again (a connector reusing names) must not overwrite the earlier message.
    if (await stat(target).catch(() => null)) target = `${target}.${Date.now()}`;
    await rename(path, target);
  }
}
