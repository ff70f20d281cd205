// Signing with a USB token through its PKCS#11 module (the CA's driver, path from the installation's configuration),
// in the desktop shell's main process: list the certificates on the tokens present, and sign a PDF signature's
// signed attributes with the key beside a chosen certificate after logging in with the PIN. RSA (PKCS#1 v1.5 over a
// SHA-256 DigestInfo, which every token does) and ECDSA P-256 (the raw r‖s the token returns, as DER). Plain
// functions over pkcs11js, tested under Node against SoftHSM2; the PIN dialog and IPC are elsewhere.
import { createHash, X509Certificate } from 'node:crypto';
import type pkcs11js from 'pkcs11js';
import { loadPkcs11, type Pkcs11Api } from './pkcs11Module.ts';
import { checkSignedAttributes } from './signedAttributes.ts';

export type TokenFailureReason =
  'token_pin_incorrect' | 'token_pin_locked' | 'token_removed' | 'token_no_key' | 'token_refused' | 'token_module';

/** A failure the person can act on (a wrong PIN, a token pulled out), with the token's own code in the message. */
export class TokenFailure extends Error {
  readonly reason: TokenFailureReason;
  constructor(reason: TokenFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

const CKR = {
  PIN_INCORRECT: 0xa0,
  PIN_LEN_RANGE: 0xa2,
  PIN_EXPIRED: 0xa3,
  PIN_LOCKED: 0xa4,
  DEVICE_ERROR: 0x30,
  DEVICE_REMOVED: 0x32,
  SESSION_CLOSED: 0xb0,
  SESSION_HANDLE_INVALID: 0xb3,
  TOKEN_NOT_PRESENT: 0xe0,
  SLOT_ID_INVALID: 0x03,
} as const;

/** The reason for a PKCS#11 error code. */
export function failureOf(error: unknown): TokenFailure {
  if (error instanceof TokenFailure) return error;
  const code = (error as { code?: number }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case CKR.PIN_INCORRECT:
    case CKR.PIN_LEN_RANGE:
      return new TokenFailure('token_pin_incorrect', message);
    case CKR.PIN_LOCKED:
    case CKR.PIN_EXPIRED:
      return new TokenFailure('token_pin_locked', message);
    case CKR.DEVICE_ERROR:
    case CKR.DEVICE_REMOVED:
    case CKR.SESSION_CLOSED:
    case CKR.SESSION_HANDLE_INVALID:
    case CKR.TOKEN_NOT_PRESENT:
    case CKR.SLOT_ID_INVALID:
      return new TokenFailure('token_removed', message);
    default:
      return new TokenFailure('token_refused', message);
  }
}

export interface TokenCertificate {
  sha256: string;
  subject: string;
  issuer: string;
  notAfter: string;
  /** DER. */
  certificate: Buffer;
  tokenLabel: string;
  /** CKA_ID: the key beside the certificate has the same. */
  id: Buffer;
  slot: Buffer;
}

export interface TokenSignRequest {
  /** The registered certificate's SHA-256 (hex): the key beside it signs. */
  certificateSha256: string;
  pin: string;
  /** The CMS signed attributes the server prepared (checked before the PIN is used). */
  signedAttributes: Buffer;
  /** Called between login and signing (tests pull the token out here). */
  beforeSign?: () => void;
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** An ECDSA r‖s as the DER SEQUENCE of two INTEGERs that CMS carries. */
export function ecdsaToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const integer = (bytes: Buffer) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const body = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

const label = (value: string) => value.replace(/\s+$/, '');
const nameLine = (dn: string, key: string) =>
  dn
    .split('\n')
    .find((l) => l.startsWith(`${key}=`))
    ?.slice(key.length + 1) ?? dn.replace(/\n/g, ', ');

/** One loaded PKCS#11 module. Open, use, close; a module is loaded once per process. */
export class Pkcs11Token {
  readonly #api: Pkcs11Api;
  readonly #p11: pkcs11js.PKCS11;

  private constructor(api: Pkcs11Api, p11: pkcs11js.PKCS11) {
    this.#api = api;
    this.#p11 = p11;
  }

  static open(modulePath: string): Pkcs11Token {
    let api: Pkcs11Api;
    try {
      api = loadPkcs11();
    } catch (error) {
      throw new TokenFailure('token_module', error instanceof Error ? error.message : String(error));
    }
    const p11 = new api.PKCS11();
    try {
      p11.load(modulePath);
      p11.C_Initialize();
    } catch (error) {
      throw new TokenFailure('token_module', `cannot load the token's PKCS#11 module ${modulePath}: ${String(error)}`);
    }
    return new Pkcs11Token(api, p11);
  }

  close(): void {
    try {
      this.#p11.C_Finalize();
    } catch {
      // already finalised
    }
  }

  #find(session: pkcs11js.Handle, template: pkcs11js.Template): pkcs11js.Handle[] {
    const p11 = this.#p11;
    p11.C_FindObjectsInit(session, template);
    try {
      return p11.C_FindObjects(session, 64);
    } finally {
      p11.C_FindObjectsFinal(session);
    }
  }

  /** The certificates on every token present (public objects: no PIN needed). */
  listCertificates(): TokenCertificate[] {
    const p11 = this.#p11;
    const out: TokenCertificate[] = [];
    try {
      for (const slot of p11.C_GetSlotList(true)) {
        try {
          out.push(...this.#slotCertificates(slot));
        } catch {
          // A token pulled out while being read, a card that is not a token: nothing to list there.
        }
      }
    } catch (error) {
      throw failureOf(error);
    }
    return out;
  }

  #slotCertificates(slot: pkcs11js.Handle): TokenCertificate[] {
    const p11 = this.#p11;
    const out: TokenCertificate[] = [];
    const info = p11.C_GetTokenInfo(slot);
    if (!(info.flags & this.#api.CKF_TOKEN_INITIALIZED)) return out;
    const tokenLabel = label(info.label);
    const session = p11.C_OpenSession(slot, this.#api.CKF_SERIAL_SESSION);
    try {
      for (const handle of this.#find(session, [{ type: this.#api.CKA_CLASS, value: this.#api.CKO_CERTIFICATE }])) {
        const [value, id] = p11.C_GetAttributeValue(session, handle, [
          { type: this.#api.CKA_VALUE },
          { type: this.#api.CKA_ID },
        ]);
        const der = value?.value as Buffer;
        const x509 = new X509Certificate(der);
        out.push({
          sha256: createHash('sha256').update(der).digest('hex'),
          subject: nameLine(x509.subject, 'CN'),
          issuer: nameLine(x509.issuer, 'CN'),
          notAfter: new Date(x509.validTo).toISOString(),
          certificate: Buffer.from(der),
          tokenLabel,
          id: Buffer.from((id?.value as Buffer | undefined) ?? Buffer.alloc(0)),
          slot,
        });
      }
    } finally {
      p11.C_CloseSession(session);
    }
    return out;
  }

  /** Logs in with the PIN and signs the signed attributes with the key beside the certificate. */
  sign(request: TokenSignRequest): Buffer {
    checkSignedAttributes(request.signedAttributes);
    const cert = this.listCertificates().find((c) => c.sha256 === request.certificateSha256);
    if (!cert) throw new TokenFailure('token_removed', 'the token with this certificate is not plugged in');
    const p11 = this.#p11;
    const keyType = new X509Certificate(cert.certificate).publicKey.asymmetricKeyType;
    if (p11.C_GetTokenInfo(cert.slot).flags & this.#api.CKF_USER_PIN_LOCKED) {
      throw new TokenFailure('token_pin_locked', 'the token is locked after too many wrong PINs');
    }
    let session: pkcs11js.Handle | null = null;
    try {
      session = p11.C_OpenSession(cert.slot, this.#api.CKF_SERIAL_SESSION);
      p11.C_Login(session, this.#api.CKU_USER, request.pin);
      const [key] = this.#find(session, [
        { type: this.#api.CKA_CLASS, value: this.#api.CKO_PRIVATE_KEY },
        { type: this.#api.CKA_ID, value: cert.id },
      ]);
      if (!key) throw new TokenFailure('token_no_key', 'the token holds no private key beside this certificate');
      const hash = createHash('sha256').update(request.signedAttributes).digest();
      request.beforeSign?.();
      if (keyType === 'rsa') {
        p11.C_SignInit(session, { mechanism: this.#api.CKM_RSA_PKCS }, key);
        return Buffer.from(p11.C_Sign(session, Buffer.concat([SHA256_DIGEST_INFO, hash]), Buffer.alloc(1024)));
      }
      if (keyType === 'ec') {
        p11.C_SignInit(session, { mechanism: this.#api.CKM_ECDSA }, key);
        return ecdsaToDer(Buffer.from(p11.C_Sign(session, hash, Buffer.alloc(256))));
      }
      throw new TokenFailure('token_no_key', `a ${String(keyType)} key does not sign here (RSA or ECDSA P-256)`);
    } catch (error) {
      const failure = failureOf(error);
      // Whatever the module says when its token vanishes mid-operation, a token no longer there was pulled out.
      if (failure.reason === 'token_refused' && !this.listCertificates().some((c) => c.sha256 === cert.sha256)) {
        throw new TokenFailure('token_removed', `the token was removed while signing (${failure.message})`);
      }
      throw failure;
    } finally {
      if (session) {
        try {
          p11.C_Logout(session);
          p11.C_CloseSession(session);
        } catch {
          // the token is gone, or already logged out
        }
      }
    }
  }
}
