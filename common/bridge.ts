// The contract between the desktop shell's preload script and the renderer (`window.phonghop`).
// The renderer never touches Node: everything the shell offers goes through this narrow, typed surface.

export interface ScreenSource {
  id: string;
  name: string;
  /** PNG data URL of a small thumbnail. */
  thumbnail: string;
  kind: 'screen' | 'window';
}

export interface CachedDocument {
  sha256: string;
  name: string;
  bytes: number;
}

export interface PhonghopBridge {
  /** 'electron' inside the desktop shell, 'web' for the browser fallback. */
  readonly platform: 'electron' | 'web';
  readonly version: string;
  /** Screens and windows that may be shared; the user picks one in the renderer's picker. */
  listScreenSources(): Promise<ScreenSource[]>;
  /** Tell the shell which source the next getDisplayMedia call should capture. */
  selectScreenSource(id: string): Promise<void>;
  /** Offline cache of agenda documents (content-addressed). */
  cacheDocument(sha256: string, name: string, data: Uint8Array): Promise<void>;
  readCachedDocument(sha256: string): Promise<Uint8Array | null>;
  listCachedDocuments(): Promise<CachedDocument[]>;
  /** Secrets (session tokens) kept by the OS keychain via Electron's safeStorage. */
  secretGet(key: string): Promise<string | null>;
  secretSet(key: string, value: string): Promise<void>;
  secretDelete(key: string): Promise<void>;
  /** A `phonghop://join?...` link opened from outside; the callback receives the https join URL. */
  onJoinLink(callback: (joinUrl: string) => void): () => void;
}
