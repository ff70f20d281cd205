// Secrets (session tokens) at rest: one JSON file of values encrypted by the OS keychain.
// The cipher is injected: Electron's safeStorage in the app, a fake in tests. When the OS offers no real encryption
// the store refuses to write: a token in clear text on a shared office PC is worse than logging in again.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomicFile.ts';

/** The subset of Electron's `safeStorage` this store uses. */
export interface Cipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type SecretStoreErrorCode = 'encryption_unavailable' | 'invalid_key' | 'too_large';

export class SecretStoreError extends Error {
  constructor(
    readonly code: SecretStoreErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

const MAX_KEY_LENGTH = 1024;
export const MAX_SECRET_LENGTH = 64 * 1024;

interface StoreFile {
  version: 1;
  /** key -> base64 of the ciphertext */
  values: Record<string, string>;
}

export class SecureStore {
  private values = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  static async open(file: string, cipher: Cipher): Promise<SecureStore> {
    const store = new SecureStore(file, cipher);
    await store.load();
    return store;
  }

  /** Null when absent, or when it can no longer be decrypted (a different OS user or a reset keychain). */
  get(key: string): Promise<string | null> {
    return this.serialize(async () => {
      checkKey(key);
      const encrypted = this.values.get(key);
      if (encrypted === undefined || !this.cipher.isEncryptionAvailable()) return null;
      try {
        return this.cipher.decryptString(Buffer.from(encrypted, 'base64'));
      } catch {
        return null;
      }
    });
  }

  set(key: string, value: string): Promise<void> {
    return this.serialize(async () => {
      checkKey(key);
      if (typeof value !== 'string' || value.length > MAX_SECRET_LENGTH) {
        throw new SecretStoreError('too_large', `secret longer than ${MAX_SECRET_LENGTH} characters`);
      }
      if (!this.cipher.isEncryptionAvailable()) {
        throw new SecretStoreError(
          'encryption_unavailable',
          'the OS offers no encryption; refusing to store plaintext',
        );
      }
      const encrypted = this.cipher.encryptString(value);
      this.values.set(key, Buffer.from(encrypted).toString('base64'));
      await this.save();
    });
  }

  delete(key: string): Promise<void> {
    return this.serialize(async () => {
      checkKey(key);
      if (this.values.delete(key)) await this.save();
    });
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return; // first run
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoreFile>;
      if (parsed.version !== 1 || typeof parsed.values !== 'object' || parsed.values === null) return;
      for (const [key, value] of Object.entries(parsed.values)) {
        if (typeof value === 'string') this.values.set(key, value);
      }
    } catch {
      // A corrupt file holds nothing we can decrypt anyway; the next write replaces it.
    }
  }

  private async save(): Promise<void> {
    const data: StoreFile = { version: 1, values: Object.fromEntries(this.values) };
    await writeFileAtomic(this.file, JSON.stringify(data), 0o600);
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new SecretStoreError('invalid_key', 'secret key must be a non-empty string of at most 1024 characters');
  }
}
