// Opening the PDF of the document version on screen: a signed, short-lived download URL from the server, then pdf.js
// (asking the user for a password when the file has one). The PDF is closed when another version is shown or the
// stage goes away. The result is kept with the request it answers, so a render for another version sees "loading"
// at once, never the previous PDF.
import { useEffect, useEffectEvent, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MeetingSession } from '../meeting/session.ts';
import { openPdf, PdfOpenError, type OpenedPdf, type PdfOpenFailure } from './pdfLoader.ts';

export type Opening =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'open'; opened: OpenedPdf }
  | { state: 'error'; failure: PdfOpenFailure };

interface Settled {
  session: MeetingSession;
  documentId: string;
  version: number;
  result: Extract<Opening, { state: 'open' | 'error' }>;
}

export function useDocumentOpening(
  session: MeetingSession,
  documentId: string | null,
  version: number | null,
): Opening {
  const { t } = useI18n();
  const [settled, setSettled] = useState<Settled | null>(null);
  // The prompt speaks the current language; a change of language must not reopen the document.
  const askPassword = useEffectEvent((retry: boolean) =>
    window.prompt(retry ? t('documents.passwordRetry') : t('documents.passwordPrompt')),
  );

  useEffect(() => {
    if (documentId === null || version === null) return;
    let cancelled = false;
    let opened: OpenedPdf | null = null;
    const settle = (result: Settled['result']) => setSettled({ session, documentId, version, result });
    void (async () => {
      try {
        const { url } = await session.request('documentUrl', { documentId, version });
        opened = await openPdf(url, async (retry) => askPassword(retry));
        if (cancelled) return opened.close();
        settle({ state: 'open', opened });
      } catch (error) {
        if (!cancelled) settle({ state: 'error', failure: error instanceof PdfOpenError ? error.kind : 'damaged' });
      }
    })();
    return () => {
      cancelled = true;
      opened?.close();
    };
  }, [session, documentId, version]);

  if (documentId === null || version === null) return { state: 'idle' };
  const current =
    settled !== null && settled.session === session && settled.documentId === documentId && settled.version === version;
  return current ? settled.result : { state: 'loading' };
}
