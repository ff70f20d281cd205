// The agency's seal image (administration): the seal shown at its real size on the agency's digital signature of the
// filed minutes — a red PNG with a transparent background and the seal's real diameter. The server checks the image
// (a PNG with transparency, its size) and the diameter again.
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api } from '../api.ts';
import { FileField } from '../FileField.tsx';
import { ErrorText, Field, Notice } from '../ui.tsx';
import { useAction } from '../useAction.ts';

const SEAL_URL = '/api/signing/agency/seal';

/** The seal now kept: its image (as an object URL) and diameter, or null when none was uploaded. */
function useCurrentSeal(version: number): { url: string; diameterMm: number } | null {
  const [seal, setSeal] = useState<{ url: string; diameterMm: number } | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    void fetch(SEAL_URL, { credentials: 'same-origin', cache: 'no-store' }).then(async (response) => {
      if (!live || !response.ok) return setSeal(null);
      const diameterMm = Number(response.headers.get('x-seal-diameter-mm'));
      url = URL.createObjectURL(await response.blob());
      if (live) setSeal({ url, diameterMm });
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [version]);
  return seal;
}

export function SealPanel() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [diameter, setDiameter] = useState('36');
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const seal = useCurrentSeal(version);
  const mm = Number(diameter);
  const diameterProblem = mm >= 20 && mm <= 60 ? null : t('seal.diameterRule');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !file || diameterProblem) return;
    setSaved(false);
    const ok = await run(() => api.upload(`${SEAL_URL}?diameterMm=${encodeURIComponent(diameter)}`, file, 'image/png'));
    if (ok) {
      setSaved(true);
      setVersion((v) => v + 1);
    }
  };

  return (
    <form className="card form-card admin-form" onSubmit={submit} noValidate data-testid="seal-panel">
      <h2 className="form-card-title">{t('seal.title')}</h2>
      <p className="muted">{t('seal.hint')}</p>
      {seal ? (
        <figure className="seal-current" data-testid="seal-current" data-diameter={seal.diameterMm}>
          {/* 96 CSS pixels an inch: the seal at its real size on a screen that keeps the convention. */}
          <img src={seal.url} alt="" width={(seal.diameterMm / 25.4) * 96} height={(seal.diameterMm / 25.4) * 96} />
          <figcaption>{t('seal.current', { mm: seal.diameterMm })}</figcaption>
        </figure>
      ) : (
        <Notice testId="seal-none">{t('seal.none')}</Notice>
      )}
      <div className="form-row">
        <FileField id="seal-file" label={t('seal.file')} accept="image/png" onFile={setFile} />
        <Field id="seal-diameter" label={t('seal.diameter')} error={diameterProblem}>
          <input
            id="seal-diameter"
            className="input"
            type="number"
            min={20}
            max={60}
            step={0.5}
            data-testid="seal-diameter"
            value={diameter}
            onChange={(event) => setDiameter(event.target.value)}
          />
        </Field>
      </div>
      {error && <ErrorText error={error} testId="seal-error" />}
      {saved && <Notice testId="seal-saved">{t('seal.saved')}</Notice>}
      <div className="admin-form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="seal-upload"
          disabled={busy || !file || diameterProblem !== null}
        >
          {t('seal.upload')}
        </button>
      </div>
    </form>
  );
}
