// The agency's digital signature on a meeting's record, for the văn thư (agency role secretary): once the secretary
// and the chair have signed the minutes and before they are filed, the văn thư signs for the agency with the agency's
// certificate — on the USB token in the desktop shell, from a certificate file opened in this page (the file and
// its password never leave it), or confirmed on their phone through the remote-signing provider (AgencyRemoteSign).
// The certificate used is registered as the agency's first when it is not yet; the server places the seal and checks
// everything again.
import { useEffect, useState, type FormEvent } from 'react';
import type { TokenCertificateInfo } from '../../../../common/bridge.ts';
import type { MinutesSignPrepared, SigningIdentityInfo } from '../../../../common/minutesView.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { getBridge } from '../../../platform/bridge.ts';
import { openCertificateFile, tokenSigner, type Signer } from '../../minutes/signers.ts';
import { api } from '../api.ts';
import { AgencyRemoteSign } from './AgencyRemoteSign.tsx';
import { FileField } from '../FileField.tsx';
import { useSession } from '../session.tsx';
import { ErrorText, Field, Notice } from '../ui.tsx';
import { useAction } from '../useAction.ts';
import { useResource } from '../useResource.ts';

interface AgencyStatus {
  required: boolean;
  ready: boolean;
  signed: boolean;
}

const base = (meetingId: string) => `/api/signing/agency/meetings/${encodeURIComponent(meetingId)}`;

async function sha256Hex(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function AgencySignPanel({ meetingId, title }: { meetingId: string; title: string }) {
  const { t } = useI18n();
  const session = useSession();
  const bridge = getBridge();
  const desktop = bridge.platform === 'electron';
  const holder = session.info.user.agencyRole === 'secretary';
  const [method, setMethod] = useState<'token' | 'remote' | 'file'>(desktop ? 'token' : 'file');
  const [tokens, setTokens] = useState<TokenCertificateInfo[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const statusResource = useResource<AgencyStatus>(holder ? base(meetingId) : null);
  const certificateResource = useResource<{ certificate: SigningIdentityInfo | null }>(
    holder ? '/api/signing/agency/certificate' : null,
  );
  const status = statusResource.state.data ?? null;
  const certificate = certificateResource.state.data?.certificate ?? null;
  useEffect(() => {
    if (desktop && method === 'token') void bridge.listTokenCertificates().then(setTokens, () => setTokens([]));
  }, [desktop, method, bridge]);

  if (!holder || !status || (!status.ready && !status.signed)) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || method === 'remote') return; // the phone's request has its own button
    await run(async () => {
      let signer: Signer;
      let registration: { certificate: string; chain: string[]; method: 'token' | 'file' };
      const token = tokens.find((c) => c.sha256 === certificate?.sha256) ?? tokens[0];
      if (method === 'token' && token) {
        signer = tokenSigner(bridge, title);
        registration = { certificate: token.certificate, chain: [], method: 'token' };
      } else {
        const opened = await openCertificateFile(file!, password);
        signer = opened.sign;
        registration = { certificate: opened.certificate, chain: opened.chain, method: 'file' };
      }
      if ((await sha256Hex(registration.certificate)) !== certificate?.sha256) {
        await api.post('/api/signing/agency/certificate', registration);
      }
      const prepared = await api.post<MinutesSignPrepared>(`${base(meetingId)}/prepare`);
      let signature: string;
      try {
        signature = await signer(prepared);
      } catch (caught) {
        await api.post(`${base(meetingId)}/cancel`, { signatureId: prepared.signatureId }).catch(() => {});
        throw caught;
      }
      await api.post(`${base(meetingId)}/complete`, { signatureId: prepared.signatureId, signature });
      statusResource.reload();
      certificateResource.reload();
    });
  };

  return (
    <section className="card record-section" data-testid="agency-sign" data-signed={status.signed}>
      <h2 className="form-card-title">{t('agencySign.title')}</h2>
      {status.signed ? (
        <Notice testId="agency-signed">{t('agencySign.signed')}</Notice>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">{t('agencySign.hint')}</p>
          {status.required && <Notice>{t('agencySign.required')}</Notice>}
          <p>
            {certificate
              ? t('agencySign.certificate', { subject: certificate.subject, issuer: certificate.issuer })
              : t('agencySign.noCertificate')}
          </p>
          <Field id="agency-sign-method" label={t('agencySign.method')}>
            <select
              id="agency-sign-method"
              className="select"
              data-testid="sign-method"
              value={method}
              onChange={(event) => setMethod(event.target.value as 'token' | 'remote' | 'file')}
            >
              <option value="token" disabled={!desktop}>
                {t('agencySign.token')}
              </option>
              <option value="remote">{t('minutes.sign.remote')}</option>
              <option value="file">{t('agencySign.file')}</option>
            </select>
          </Field>
          {method === 'remote' && (
            <AgencyRemoteSign
              base={base(meetingId)}
              certificate={certificate}
              onRegistered={certificateResource.reload}
              onSigned={statusResource.reload}
            />
          )}
          {method === 'file' && (
            <div>
              <FileField
                id="agency-sign-file"
                label={t('agencySign.file')}
                accept=".p12,.pfx,application/x-pkcs12"
                onFile={setFile}
              />
              <Field id="agency-sign-password" label={t('agencySign.password')}>
                <input
                  id="agency-sign-password"
                  className="input"
                  type="password"
                  autoComplete="off"
                  data-testid="agency-sign-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                />
              </Field>
            </div>
          )}
          {error && <ErrorText error={error} testId="agency-sign-error" />}
          <p hidden={method === 'remote'}>
            <button
              type="submit"
              className="btn btn-primary"
              data-testid="agency-sign-submit"
              disabled={busy || (method === 'file' ? !file || password === '' : tokens.length === 0)}
            >
              {busy ? t('agencySign.signing') : t('agencySign.submit')}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
