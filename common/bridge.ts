// The contract between the desktop shell's preload script and the renderer (`window.phonghop`).
// The renderer never touches Node: everything the shell offers goes through this narrow, typed surface.
import type { VerificationReport } from './verification.ts';

export interface CachedDocument {
  sha256: string;
  name: string;
  bytes: number;
}

/** A certificate on a USB token plugged into this computer (desktop shell only). */
export interface TokenCertificateInfo {
  /** SHA-256 of the certificate (hex): how the server's registered certificate is matched. */
  sha256: string;
  subject: string;
  issuer: string;
  notAfter: string;
  tokenLabel: string;
  /** Base64 DER, to register it with the server. */
  certificate: string;
}

/** A signature to make on the token: the main process shows who signs what and asks the PIN in its own window. */
export interface TokenSignRequest {
  certificateSha256: string;
  /** Base64 DER of the CMS signed attributes the server prepared (the token signs nothing else). */
  signedAttributes: string;
  /** Shown in the PIN window: what is being signed, and in which capacity. */
  documentTitle: string;
  signerName: string;
}

/** A signature check made on this computer by the desktop shell (the same report as POST /api/verify). */
export interface OfflineVerification extends VerificationReport {
  /** How many trust-list files the check used (the installation's and the copy of the server's). */
  trustFiles: number;
  /** When the newest of them was written (ISO 8601), or null without any. */
  trustUpdatedAt: string | null;
}

export interface PhonghopBridge {
  /** 'electron' inside the desktop shell, 'web' for the browser fallback. */
  readonly platform: 'electron' | 'web';
  readonly version: string;
  // Screen sharing needs nothing here: the page calls getDisplayMedia and the shell's own picker window answers it
  // (electron/main/screenSources.ts), so the page never lists or names a screen or window.
  /** Offline cache of agenda documents (content-addressed). */
  cacheDocument(sha256: string, name: string, data: Uint8Array): Promise<void>;
  readCachedDocument(sha256: string): Promise<Uint8Array | null>;
  listCachedDocuments(): Promise<CachedDocument[]>;
  /** Secrets (session tokens) kept by the OS keychain via Electron's safeStorage. */
  secretGet(key: string): Promise<string | null>;
  secretSet(key: string, value: string): Promise<void>;
  secretDelete(key: string): Promise<void>;
  /** USB-token certificates (PKCS#11 module of the installation); the web fallback has none. */
  listTokenCertificates(): Promise<TokenCertificateInfo[]>;
  /**
   * Signs on the token after asking the PIN in the shell's own window (never in the page); resolves with the base64
   * signature. Fails with a short code: token_pin_incorrect, token_pin_locked, token_removed, token_cancelled…
   */
  signWithToken(request: TokenSignRequest): Promise<string>;
  /**
   * Checks the signatures of a PDF on this computer, without a server (desktop shell); the web fallback has no such
   * check and fails with `verify_unavailable` (the page asks the server instead).
   */
  verifySignatures(pdf: Uint8Array): Promise<OfflineVerification>;
  /** A `phonghop://join?...` link opened from outside; the callback receives the https join URL. */
  onJoinLink(callback: (joinUrl: string) => void): () => void;
}
