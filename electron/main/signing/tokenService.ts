// The desktop bridge's token calls: list the certificates on the USB tokens plugged in, and sign a prepared
// signature — the PIN asked in the shell's own window (pinWindow.ts), never in the page, and used once. The token's
// PKCS#11 module (the CA's driver) comes from the installation (PHONGHOP_PKCS11_MODULE); it is loaded for each call
// and unloaded after, so that a token plugged in later is seen.
import type { TokenCertificateInfo, TokenSignRequest } from '../../../common/bridge.ts';
import { IpcRefusal } from '../ipc.ts';
import { Pkcs11Token, TokenFailure } from './tokenSigner.ts';

export interface PinQuestion {
  signerName: string;
  issuer: string;
  tokenLabel: string;
  documentTitle: string;
}

/** Asks the PIN; null when the person cancels. */
export type AskPin = (question: PinQuestion) => Promise<string | null>;

export interface TokenService {
  listTokenCertificates(): Promise<TokenCertificateInfo[]>;
  signWithToken(request: TokenSignRequest): Promise<string>;
}

function withToken<T>(modulePath: string | null, use: (token: Pkcs11Token) => T): T {
  if (!modulePath) throw new IpcRefusal('token_not_configured');
  let token: Pkcs11Token | null = null;
  try {
    token = Pkcs11Token.open(modulePath);
    return use(token);
  } catch (error) {
    if (error instanceof TokenFailure) throw new IpcRefusal(error.reason);
    throw error;
  } finally {
    token?.close();
  }
}

export function createTokenService(modulePath: string | null, askPin: AskPin): TokenService {
  let signing = false;
  return {
    async listTokenCertificates() {
      return withToken(modulePath, (token) =>
        token.listCertificates().map((c) => ({
          sha256: c.sha256,
          subject: c.subject,
          issuer: c.issuer,
          notAfter: c.notAfter,
          tokenLabel: c.tokenLabel,
          certificate: c.certificate.toString('base64'),
        })),
      );
    },
    async signWithToken(request) {
      // One PIN window at a time: a page asking again while one is open is refused.
      if (signing) throw new IpcRefusal('token_busy');
      signing = true;
      try {
        const cert = withToken(modulePath, (token) => token.listCertificates()).find(
          (c) => c.sha256 === request.certificateSha256,
        );
        if (!cert) throw new IpcRefusal('token_removed');
        const pin = await askPin({
          signerName: request.signerName,
          issuer: cert.issuer,
          tokenLabel: cert.tokenLabel,
          documentTitle: request.documentTitle,
        });
        if (pin === null) throw new IpcRefusal('token_cancelled');
        const signature = withToken(modulePath, (token) =>
          token.sign({
            certificateSha256: request.certificateSha256,
            pin,
            signedAttributes: Buffer.from(request.signedAttributes, 'base64'),
          }),
        );
        return signature.toString('base64');
      } finally {
        signing = false;
      }
    },
  };
}
