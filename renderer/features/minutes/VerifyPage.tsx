// "Kiểm tra chữ ký" at /verify, open without signing in like a public verification portal: anyone picks a signed
// PDF and each signature is checked (unchanged since, trusted chain, the time a timestamp proves, revocation at
// signing time and now, level), answered in Vietnamese; nothing uploaded here is kept. In a browser the server checks
// it; in the desktop shell the shell checks it on this computer with the same code (the file goes nowhere, and it
// works with no server at all: the shell's offline window shows this screen from its built-in renderer).
import { useState } from 'react';
import type { OfflineVerification } from '../../../common/bridge.ts';
import type { VerifiedSignature } from '../../../common/verification.ts';
import { AppHeader } from '../../app/AppHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../i18n/format.ts';
import { getBridge } from '../../platform/bridge.ts';
import './verify.css';

type Verdict = Pick<VerifiedSignature, 'field' | 'signer' | 'organization' | 'issuer' | 'valid' | 'level' | 'messages'>;

export function VerifyPage() {
  const { t, locale } = useI18n();
  const bridge = getBridge();
  const local = bridge.platform === 'electron';
  const [verdicts, setVerdicts] = useState<Verdict[] | null>(null);
  const [trust, setTrust] = useState<Pick<OfflineVerification, 'trustFiles' | 'trustUpdatedAt'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (file: File) => {
    setBusy(true);
    setError(null);
    setVerdicts(null);
    try {
      if (local) {
        const report = await bridge.verifySignatures(new Uint8Array(await file.arrayBuffer()));
        setTrust({ trustFiles: report.trustFiles, trustUpdatedAt: report.trustUpdatedAt });
        setVerdicts(report.signatures);
        return;
      }
      const response = await fetch('/api/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: file,
      });
      const body = (await response.json()) as {
        signatures?: Verdict[];
        error?: { code: string; detail: string; params?: { retryAfterSeconds?: number } };
      };
      if (response.status === 429) {
        const seconds = body.error?.params?.retryAfterSeconds ?? Number(response.headers.get('retry-after') ?? 60);
        setError(t('minutes.verify.rateLimited', { seconds }));
        return;
      }
      if (!response.ok || !body.signatures) throw new Error(body.error?.detail ?? `HTTP ${response.status}`);
      setVerdicts(body.signatures);
    } catch (e) {
      setError(t('minutes.verify.failed', { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <AppHeader />
      <main className="mn-verify">
        <h1>{t('minutes.verify.title')}</h1>
        <p>{t(local ? 'minutes.verify.hintLocal' : 'minutes.verify.hint')}</p>
        <input
          type="file"
          accept="application/pdf,.pdf"
          data-testid="verify-upload"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void check(file);
          }}
        />
        {busy && <p role="status">{t('minutes.verify.checking')}</p>}
        {error && (
          <p role="alert" data-testid="verify-error">
            {error}
          </p>
        )}
        {verdicts?.length === 0 && <p>{t('minutes.verify.none')}</p>}
        {trust && (
          <p className="mn-verify-trust" data-testid="verify-trust">
            {trust.trustUpdatedAt
              ? t('minutes.verify.trustLocal', {
                  files: trust.trustFiles,
                  updated: formatMeetingTime(trust.trustUpdatedAt, locale),
                })
              : t('minutes.verify.trustNone')}
          </p>
        )}
        <ul className="mn-verify-list">
          {verdicts?.map((v, i) => (
            <li key={i} data-testid="verify-result" data-valid={String(v.valid)} data-level={v.level}>
              <h2>
                {v.signer}
                {v.organization ? ` — ${v.organization}` : ''}
              </h2>
              <p>{t('minutes.verify.issuer', { issuer: v.issuer })}</p>
              <ul>
                {v.messages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
