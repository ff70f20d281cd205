// The agency's signature confirmed on the văn thư's phone (remote signing, CSC API): the văn thư registers their
// credential at the provider as the agency's by their user ID there (the server checks the certificate), then the
// server prepares the signature and sends it to the phone. This page shows "waiting on the phone" and asks the server
// how it ended — the office screens have no socket — until it is signed (the panel reloads), refused, out of time or
// cancelled here; the record is untouched by any of these but the first.
import { useEffect, useState } from 'react';
import type { SigningIdentityInfo } from '../../../../common/minutesView.ts';
import { AlertIcon } from '../../../app/icons.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api, type ApiError } from '../api.ts';
import { toApiError } from '../useResource.ts';
import { ErrorText, Field } from '../ui.tsx';

type Ended = 'signed' | 'rejected' | 'expired' | 'failed';
type RemoteState = { signatureId: string; state: 'waiting' | Ended; detail?: string };

/** How often the page asks how the request on the phone ended. */
const ASK_MS = 1000;

export function AgencyRemoteSign({
  base,
  certificate,
  onRegistered,
  onSigned,
}: {
  /** The meeting's agency-signing API path. */
  base: string;
  certificate: SigningIdentityInfo | null;
  onRegistered(): void;
  onSigned(): void;
}) {
  const { t } = useI18n();
  const [userID, setUserID] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const [ended, setEnded] = useState<RemoteState | null>(null);
  const registered = certificate?.method === 'remote';

  useEffect(() => {
    if (!waiting) return;
    let live = true;
    const timer = setInterval(() => {
      api.get<RemoteState>(`${base}/remote/${encodeURIComponent(waiting)}`).then(
        (answer) => {
          if (!live || answer.state === 'waiting') return;
          setWaiting(null);
          setEnded(answer);
          if (answer.state === 'signed') onSigned();
        },
        (caught: unknown) => {
          if (!live) return;
          setWaiting(null);
          setError(toApiError(caught));
        },
      );
    }, ASK_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [waiting, base, onSigned]);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setEnded(null);
    try {
      await action();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const register = () =>
    act(async () => {
      await api.post('/api/signing/agency/remote', { userID: userID.trim() });
      onRegistered();
    });
  const send = () =>
    act(async () => {
      const sent = await api.post<RemoteState>(`${base}/remote`);
      if (sent.state === 'waiting') setWaiting(sent.signatureId);
      else setEnded(sent);
    });
  const cancel = () => {
    if (waiting) void api.post(`${base}/cancel`, { signatureId: waiting }).catch(() => {});
  };
  // A cancel made here is not an error to tell; the rest say why the record is still unsigned.
  const outcome = ended && ended.state !== 'signed' && !(ended.state === 'failed' && ended.detail === 'cancelled');

  return (
    <div data-testid="agency-remote">
      {!registered && (
        <Field id="agency-remote-user" label={t('minutes.sign.remoteUser')}>
          <input
            id="agency-remote-user"
            className="input"
            data-testid="agency-remote-user"
            value={userID}
            onChange={(event) => setUserID(event.target.value)}
          />
        </Field>
      )}
      <p className="muted">{t('agencySign.remoteHint')}</p>
      {waiting && (
        <p data-testid="sign-waiting-phone" role="status">
          {t('minutes.sign.waitingPhone')}{' '}
          <button type="button" className="btn btn-secondary" data-testid="sign-cancel-remote" onClick={cancel}>
            {t('minutes.sign.cancelRemote')}
          </button>
        </p>
      )}
      {outcome && (
        <div className="form-error" role="alert" data-testid="agency-sign-error" data-state={ended.state}>
          <AlertIcon size={18} />
          <p>{t(`minutes.error.remote_${ended.state as Exclude<Ended, 'signed'>}`, { detail: ended.detail ?? '' })}</p>
        </div>
      )}
      {error && <ErrorText error={error} testId="agency-sign-error" />}
      <p>
        {registered ? (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="agency-remote-sign"
            disabled={busy || waiting !== null}
            onClick={() => void send()}
          >
            {busy || waiting ? t('agencySign.signing') : t('agencySign.submit')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="agency-remote-register"
            disabled={busy || userID.trim() === ''}
            onClick={() => void register()}
          >
            {t('minutes.sign.remoteRegister')}
          </button>
        )}
      </p>
    </div>
  );
}
