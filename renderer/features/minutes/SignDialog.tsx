// Signing the minutes with one's own certificate: the method (the desktop's USB token, remote signing on the phone,
// a certificate file opened in this page), the certificate the signature will name, then the signature itself —
// the token's PIN is asked by the desktop shell, the file's password stays in this page. A certificate not yet
// registered to the account is registered first (the server checks it). Demo identities sign without this dialog.
import { useEffect, useState } from 'react';
import type { TokenCertificateInfo } from '../../../common/bridge.ts';
import type { SigningIdentityInfo } from '../../../common/minutesView.ts';
import { getBridge } from '../../platform/bridge.ts';
import { Dialog } from './LifecycleDialogs.tsx';
import type { Translate } from './minutesErrors.ts';
import { openCertificateFile, tokenSigner, type Signer } from './signers.ts';

export type SignMethod = 'token' | 'remote' | 'file';

/** What the bar runs: register the certificate when needed, then sign with the signer. */
export interface SignTask {
  signer: Signer;
  registration: { certificate: string; chain: string[]; method: 'token' | 'file' } | null;
  certificateSha256: string | null;
}

async function sha256Hex(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function SignDialog({
  t,
  identity,
  busy,
  documentTitle,
  onClose,
  onSign,
  onError,
  onImage,
  remoteWaiting,
  onRemoteRegister,
  onRemoteSign,
  onRemoteCancel,
}: {
  t: Translate;
  identity: SigningIdentityInfo | null;
  busy: boolean;
  documentTitle: string;
  onClose(): void;
  onSign(task: () => Promise<SignTask>): void;
  onError(error: unknown): void;
  /** Keeps the account's handwritten-signature image (Decree 30: shown between title and name). */
  onImage(png: File): Promise<void>;
  /** Remote signing: waiting for the phone, registering the provider's certificate, sending a signature there. */
  remoteWaiting: boolean;
  onRemoteRegister(userID: string): void;
  onRemoteSign(certificateSha256: string): void;
  /** Gives up the signature waiting on the phone (the server stops asking the provider). */
  onRemoteCancel(): void;
}) {
  const bridge = getBridge();
  const desktop = bridge.platform === 'electron';
  const [method, setMethod] = useState<SignMethod>(desktop ? 'token' : 'file');
  const [tokens, setTokens] = useState<TokenCertificateInfo[] | null>(null);
  const [chosen, setChosen] = useState<string>('');
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [imageSaved, setImageSaved] = useState(false);
  const [remoteUser, setRemoteUser] = useState('');
  const remoteReady = identity?.method === 'remote';

  useEffect(() => {
    if (method !== 'token' || !desktop) return;
    let live = true;
    bridge.listTokenCertificates().then(
      (list) => {
        if (!live) return;
        setTokens(list);
        setChosen((c) => c || (list.find((l) => l.sha256 === identity?.sha256) ?? list[0])?.sha256 || '');
      },
      (error: unknown) => live && onError(error),
    );
    return () => {
      live = false;
    };
  }, [method, desktop, bridge, identity?.sha256, onError]);

  const token = tokens?.find((c) => c.sha256 === chosen) ?? null;
  const ready =
    method === 'token'
      ? token !== null
      : method === 'file'
        ? file !== null && password !== ''
        : remoteReady && !remoteWaiting;

  const submit = () => {
    if (method === 'remote') {
      if (identity) onRemoteSign(identity.sha256);
      return;
    }
    onSign(async () => {
      if (method === 'token' && token) {
        return {
          signer: tokenSigner(bridge, documentTitle),
          registration:
            token.sha256 === identity?.sha256 ? null : { certificate: token.certificate, chain: [], method: 'token' },
          certificateSha256: token.sha256,
        };
      }
      const opened = await openCertificateFile(file!, password);
      const sha256 = await sha256Hex(opened.certificate);
      return {
        signer: opened.sign,
        registration:
          sha256 === identity?.sha256 ? null : { certificate: opened.certificate, chain: opened.chain, method: 'file' },
        certificateSha256: sha256,
      };
    });
  };

  return (
    <Dialog title={t('minutes.signTitle')} onClose={onClose} testId="minutes-sign-dialog">
      {identity && (
        <p className="mn-dialog-text">
          {t('minutes.signWith', {
            subject: identity.subject,
            issuer: identity.issuer,
            date: identity.notAfter.slice(0, 10),
          })}
        </p>
      )}
      <fieldset className="field" data-testid="sign-method">
        <legend className="field-label">{t('minutes.sign.method')}</legend>
        {(['token', 'remote', 'file'] as const).map((m) => (
          <label key={m} className="mn-radio">
            <input
              type="radio"
              name="sign-method"
              value={m}
              checked={method === m}
              disabled={m === 'token' && !desktop}
              onChange={() => setMethod(m)}
            />
            {t(`minutes.sign.${m}`)}
          </label>
        ))}
      </fieldset>
      {method === 'token' && (
        <label className="field">
          <span className="field-label">{t('minutes.sign.tokenCertificate')}</span>
          {tokens !== null && tokens.length === 0 ? (
            <span className="mn-dialog-text">{t('minutes.sign.noToken')}</span>
          ) : (
            <select className="input" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
              {(tokens ?? []).map((c) => (
                <option key={c.sha256} value={c.sha256}>
                  {c.subject} — {c.issuer} ({c.tokenLabel})
                </option>
              ))}
            </select>
          )}
          <span className="mn-dialog-text">{t('minutes.sign.pinInShell')}</span>
        </label>
      )}
      {method === 'remote' && remoteWaiting && (
        <p className="mn-dialog-text" data-testid="sign-waiting-phone" role="status">
          {t('minutes.sign.waitingPhone')}{' '}
          <button type="button" className="btn btn-secondary" data-testid="sign-cancel-remote" onClick={onRemoteCancel}>
            {t('minutes.sign.cancelRemote')}
          </button>
        </p>
      )}
      {method === 'remote' && !remoteReady && (
        <label className="field">
          <span className="field-label">{t('minutes.sign.remoteUser')}</span>
          <input className="input" value={remoteUser} onChange={(e) => setRemoteUser(e.currentTarget.value)} />
          <button
            type="button"
            className="btn btn-secondary"
            disabled={busy || remoteUser.trim() === ''}
            onClick={() => onRemoteRegister(remoteUser.trim())}
          >
            {t('minutes.sign.remoteRegister')}
          </button>
        </label>
      )}
      {method === 'file' && (
        <>
          <p className="mn-dialog-text">{t('minutes.sign.fileHint')}</p>
          <label className="field">
            <span className="field-label">{t('minutes.importFile')}</span>
            <input
              type="file"
              accept=".p12,.pfx,application/x-pkcs12"
              data-testid="minutes-p12"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('minutes.password')}</span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              data-testid="minutes-p12-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
        </>
      )}
      <label className="field">
        <span className="field-label">{t('minutes.sign.image')}</span>
        <input
          type="file"
          accept="image/png"
          data-testid="signature-image-upload"
          onChange={(e) => {
            const png = e.currentTarget.files?.[0];
            if (png) onImage(png).then(() => setImageSaved(true), onError);
          }}
        />
        {imageSaved && <span className="mn-dialog-text">{t('minutes.sign.imageSaved')}</span>}
      </label>
      <div className="mn-dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('minutes.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="minutes-sign-confirm"
          disabled={busy || !ready}
          onClick={submit}
        >
          {t('minutes.action.sign')}
        </button>
      </div>
    </Dialog>
  );
}
