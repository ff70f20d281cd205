// pdf.js set up the way this app allows it: in its own worker (bundled, same origin), no eval of font programs
// (`isEvalSupported: false`), no scripting (the viewer never runs a document's JavaScript), and passwords asked of
// the user through a callback. Errors become a kind the viewer can name in the user's language.
import * as pdfjs from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfOpenFailure = 'password_cancelled' | 'damaged' | 'not_pdf' | 'network';

export class PdfOpenError extends Error {
  constructor(
    readonly kind: PdfOpenFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** Asks the user for a password; `retry` is true after a wrong one. Resolves to null when the user gives up. */
export type AskPassword = (retry: boolean) => Promise<string | null>;

export interface OpenedPdf {
  pdf: PDFDocumentProxy;
  close(): void;
}

// One pdf.js worker for every document the app opens: starting one (a 1.2 MB script to compile) took ~110 ms of
// each document switch on the 2-core machine (bench:pdf). Destroying a document's task leaves a shared worker up.
let sharedWorker: InstanceType<typeof pdfjs.PDFWorker> | null = null;
function pdfWorker(): InstanceType<typeof pdfjs.PDFWorker> {
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new pdfjs.PDFWorker();
  return sharedWorker;
}

export async function openPdf(url: string, askPassword: AskPassword): Promise<OpenedPdf> {
  const task = pdfjs.getDocument({
    url,
    worker: pdfWorker(),
    isEvalSupported: false,
    enableXfa: false,
    // Pages come by Range requests as they are needed: a 50 MB agenda shows its first page without the rest.
    // Streaming stays off: with it on, pdf.js keeps reading the whole file alongside the ranges, and passing 50 MB
    // through the main thread to the worker delayed the first page (bench:pdf).
    disableAutoFetch: true,
    disableStream: true,
    rangeChunkSize: 256 * 1024,
  });
  let cancelled = false;
  task.onPassword = (update: (password: string) => void, reason: number) => {
    void askPassword(reason === pdfjs.PasswordResponses.INCORRECT_PASSWORD).then((password) => {
      if (password === null) {
        cancelled = true;
        void task.destroy();
      } else update(password);
    });
  };
  try {
    const pdf = await task.promise;
    return { pdf, close: () => void task.destroy() };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name ?? '';
    const message = (error as { message?: string } | null)?.message ?? String(error);
    if (cancelled) throw new PdfOpenError('password_cancelled', message);
    if (name === 'InvalidPDFException')
      throw new PdfOpenError(/Invalid PDF structure/i.test(message) ? 'not_pdf' : 'damaged', message);
    if (name === 'ResponseException' || name === 'UnexpectedResponseException')
      throw new PdfOpenError('network', message);
    throw new PdfOpenError('damaged', message);
  }
}

export { pdfjs };
